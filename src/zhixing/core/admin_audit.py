"""Admin classes whose every save and delete writes an audit record in the same transaction."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import transaction
from django.forms.models import model_to_dict

from .audit import audit_record


def _court_id(obj: Any) -> int | None:
    if obj._meta.model_name == "court":
        return obj.pk
    return getattr(obj, "court_id", None)


class AuditedModelAdmin(admin.ModelAdmin):
    """Configuration edits through /admin/ are audited like service calls (design.md decision 4)."""

    actions = None  # bulk delete would bypass delete_model and so the audit record

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            before = (
                {name: form.initial.get(name) for name in form.changed_data} if change else None
            )
            super().save_model(request, obj, form, change)
            after = {name: model_to_dict(obj).get(name) for name in form.changed_data}
            audit_record(
                actor=request.user,
                action=f"admin.{'change' if change else 'add'}",
                court_id=_court_id(obj),
                obj=obj,
                summary=f"系统配置：{'修改' if change else '新增'}{obj._meta.verbose_name}“{obj}”",
                before=before,
                after=after,
            )

    def delete_model(self, request, obj):
        with transaction.atomic():
            audit_record(
                actor=request.user,
                action="admin.delete",
                court_id=_court_id(obj),
                obj=obj,
                summary=f"系统配置：删除{obj._meta.verbose_name}“{obj}”",
                before=model_to_dict(obj),
            )
            super().delete_model(request, obj)


class ReadOnlyModelAdmin(admin.ModelAdmin):
    """Rows that only services write (they carry rules and audit); the admin shows them."""

    actions = None

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
