"""Django admin for configuration. Writes that have a service go through it (audited)."""

from django.contrib import admin

from .models import (
    CommandCenter,
    Court,
    CourtStaffing,
    EnforcementBureau,
    Staff,
    StaffRole,
    TrainingRecord,
    Unit,
)


@admin.register(Court)
class CourtAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "level", "parent", "province")
    list_filter = ("level", "province")
    search_fields = ("name", "code")
    readonly_fields = ("level", "code", "parent", "path", "depth", "high_court")

    def has_add_permission(self, request):
        return False  # courts are set up through 设立法院 (API) so that bureau and units come with them


class UnitInline(admin.TabularInline):
    model = Unit
    extra = 0
    readonly_fields = ("kind", "court")


@admin.register(EnforcementBureau)
class BureauAdmin(admin.ModelAdmin):
    list_display = ("name", "court")
    inlines = [UnitInline]


@admin.register(CommandCenter)
class CommandCenterAdmin(admin.ModelAdmin):
    list_display = ("name", "court", "duty_phone")


class StaffRoleInline(admin.TabularInline):
    model = StaffRole
    extra = 0


@admin.register(Staff)
class StaffAdmin(admin.ModelAdmin):
    list_display = ("name", "court", "unit", "education", "is_active")
    list_filter = ("education", "is_active")
    search_fields = ("name", "user__username")
    readonly_fields = ("user", "court")
    exclude = ("id_number",)
    inlines = [StaffRoleInline]


admin.site.register(TrainingRecord)
admin.site.register(CourtStaffing)
