from django.contrib import admin

from .admin_audit import AuditedModelAdmin, ReadOnlyModelAdmin
from .models import ApiToken, AuditRecord, HolidayOverride


@admin.register(HolidayOverride)
class HolidayOverrideAdmin(AuditedModelAdmin):
    """The administrator-maintained holiday table, for years the official data does not cover yet."""

    list_display = ("day", "kind", "name")
    list_filter = ("kind",)


@admin.register(AuditRecord)
class AuditRecordAdmin(ReadOnlyModelAdmin):
    list_display = ("chain", "seq", "at", "actor_name", "action", "summary")
    list_filter = ("action",)
    search_fields = ("object_id", "actor_name", "summary")


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedModelAdmin):
    """Tokens are issued with `python -m zhixing api-token` (the secret is shown once); here they are
    revoked by setting 撤销时间."""

    list_display = ("prefix", "name", "user", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("prefix", "name", "key_hash", "user", "created_at", "last_used_at")

    def has_add_permission(self, request):
        return False
