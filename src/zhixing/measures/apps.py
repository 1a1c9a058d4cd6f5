from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    """M4: property control, disposal, enforcement funds, coercive measures, calculators."""

    name = "zhixing.measures"
    label = "measures"
    verbose_name = "执行措施与执行款"

    def ready(self) -> None:
        from zhixing.cases.hooks import register_case_link
        from zhixing.core.navigation import NavItem, register
        from zhixing.core.rules.roles import Role

        register_case_link("执行款", "case-funds")
        register(NavItem(45, "执行款", "payouts-due", frozenset({Role.OFFICER, Role.BUREAU_CHIEF})))
        register(NavItem(95, "费用计算", "fee-calculators"))
