from django.contrib import admin
from django.db import transaction

from .audit import audit_record
from .models import ApiToken, AuditRecord, HolidayOverride


@admin.register(HolidayOverride)
class HolidayOverrideAdmin(admin.ModelAdmin):
    """The administrator-maintained holiday table, for years the official data does not cover yet."""

    list_display = ("day", "kind", "name")
    actions = None  # bulk delete would bypass the audit record
    list_filter = ("kind",)

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            audit_record(
                actor=request.user,
                action="holiday.save",
                court_id=None,
                obj=obj,
                summary=f"节假日调整：{obj}",
                after={"day": obj.day, "kind": obj.kind, "name": obj.name},
            )

    def delete_model(self, request, obj):
        with transaction.atomic():
            audit_record(
                actor=request.user,
                action="holiday.delete",
                court_id=None,
                obj=obj,
                summary=f"删除节假日调整：{obj}",
                before={"day": obj.day, "kind": obj.kind},
            )
            super().delete_model(request, obj)


@admin.register(AuditRecord)
class AuditRecordAdmin(admin.ModelAdmin):
    """Read-only: the log is written by services only."""

    list_display = ("chain", "seq", "at", "actor_name", "action", "summary")
    list_filter = ("action",)
    search_fields = ("object_id", "actor_name", "summary")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("prefix", "name", "user", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("prefix", "key_hash", "user", "created_at", "last_used_at")

    def has_add_permission(self, request):
        return False  # issued with `python -m zhixing api-token`, which shows the secret once
