"""Django admin for enforcement funds: read-only. Money moves only through `measures.services`
(locked, audited), never by editing a row."""

from django.contrib import admin

from zhixing.core.admin_audit import ReadOnlyModelAdmin

from .models import CaseAccount, FundReceipt, Payout, SuspenseReceipt


@admin.register(CaseAccount)
class CaseAccountAdmin(ReadOnlyModelAdmin):
    list_display = ("number", "case", "court", "received_total", "paid_total", "opened_at")
    list_select_related = ("case", "court")
    search_fields = ("number", "case__case_number")


@admin.register(FundReceipt)
class FundReceiptAdmin(ReadOnlyModelAdmin):
    list_display = ("reference", "account", "amount", "received_on", "channel", "payer")
    list_select_related = ("account",)
    list_filter = ("channel",)
    search_fields = ("reference", "account__number", "payer")


@admin.register(SuspenseReceipt)
class SuspenseReceiptAdmin(ReadOnlyModelAdmin):
    list_display = ("reference", "court", "amount", "received_on", "payer", "matched_at")
    list_select_related = ("court",)
    search_fields = ("reference", "payer")


@admin.register(Payout)
class PayoutAdmin(ReadOnlyModelAdmin):
    list_display = ("account", "party", "amount", "condition_met_on", "due_on", "status", "paid_on")
    list_select_related = ("account", "party")
    list_filter = ("status",)
