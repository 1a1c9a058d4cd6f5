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

        from . import duties
        from .services import control_answers

        register_case_link("财产线索", "case-leads")
        register_case_link("查控措施", "case-controls")
        register_case_link("财产处置", "case-disposal")
        register_case_link("执行款", "case-funds")
        register_case_link("参与分配", "case-distribution")
        register_case_link("强制措施", "case-coercive")
        register(NavItem(45, "执行款", "payouts-due", frozenset({Role.OFFICER, Role.BUREAU_CHIEF})))
        register(
            NavItem(
                47,
                "查控到期",
                "controls-expiring",
                frozenset({Role.OFFICER, Role.ASSISTANT, Role.BUREAU_CHIEF, Role.COMMAND_STAFF}),
                upper_courts=True,
            )
        )
        register(NavItem(48, "强制措施审批", "coercive-pending", frozenset({Role.PRESIDENT})))
        register(
            NavItem(
                49,
                "强制措施复议",
                "coercive-reconsiderations",
                frozenset({Role.JUDGE, Role.OFFICER}),
                upper_only=True,
            )
        )
        register(NavItem(95, "费用计算", "fee-calculators"))
        # Departments' answers to freeze, deduct and release requests (linkage.hooks).
        control_answers.register_answer_handlers()
        duties.register_duties()  # run-duties: measures.expiring_controls
