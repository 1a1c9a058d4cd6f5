"""Django admin for configuration. Names and phone numbers are edited here (audited); everything that
carries a rule — court placement, units, roles, staffing figures — goes through the services."""

from django.contrib import admin

from zhixing.core.admin_audit import AuditedModelAdmin, ReadOnlyModelAdmin

from .models import (
    CommandCenter,
    Court,
    CourtStaffing,
    EnforcementBureau,
    Staff,
    TrainingRecord,
    Unit,
)


@admin.register(Court)
class CourtAdmin(AuditedModelAdmin):
    list_display = ("name", "code", "level", "parent", "province")
    list_filter = ("level", "province")
    search_fields = ("name", "code")
    fields = ("name", "short_name", "slug", "level", "code", "parent", "province")
    readonly_fields = ("level", "code", "parent", "province")

    def has_add_permission(self, request):
        return False  # 设立法院 goes through court_create (API), which builds bureau, units, center

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(EnforcementBureau)
class BureauAdmin(AuditedModelAdmin):
    list_display = ("name", "court")
    readonly_fields = ("court",)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Unit)
class UnitAdmin(AuditedModelAdmin):
    list_display = ("name", "kind", "court")
    list_filter = ("kind",)
    readonly_fields = ("bureau", "court", "kind")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CommandCenter)
class CommandCenterAdmin(AuditedModelAdmin):
    list_display = ("name", "court", "duty_phone")
    readonly_fields = ("bureau", "court")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Staff)
class StaffAdmin(ReadOnlyModelAdmin):
    list_display = ("name", "court", "unit", "education", "is_active")
    list_filter = ("education", "is_active")
    search_fields = ("name", "user__username")
    exclude = ("id_number",)


@admin.register(TrainingRecord)
class TrainingRecordAdmin(ReadOnlyModelAdmin):
    list_display = ("title", "staff", "started_on", "hours")


@admin.register(CourtStaffing)
class CourtStaffingAdmin(ReadOnlyModelAdmin):
    list_display = ("court", "authorized_headcount", "reported_on")
