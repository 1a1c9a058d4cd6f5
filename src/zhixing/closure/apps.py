from django.apps import AppConfig


class ClosureConfig(AppConfig):
    """M5: closure by legal mode, the 终本 gate, after-终本 inquiries, resumption as 执恢."""

    name = "zhixing.closure"
    label = "closure"
    verbose_name = "结案与终本管理"

    def ready(self) -> None:
        from zhixing.cases.hooks import register_case_link, register_value_labels

        from . import duties
        from .rules.modes import GROUND_LABELS, MODE_LABELS

        register_case_link("结案", "case-closure")
        register_value_labels("mode", {m.value: label for m, label in MODE_LABELS.items()})
        register_value_labels("ground", {g.value: label for g, label in GROUND_LABELS.items()})
        duties.register_duties()
        duties.register_reactions()  # 终本后查询答复、待恢复执行提示（after 终本）
        _register_after_nav()
        _register_closure_nav()


def _register_after_nav() -> None:
    from zhixing.core.navigation import NavItem, register
    from zhixing.core.rules.roles import Role

    register(
        NavItem(
            42,
            "待恢复执行",
            "resumptions",
            frozenset({Role.OFFICER, Role.ASSISTANT, Role.CLERK, Role.JUDGE, Role.BUREAU_CHIEF}),
        )
    )


def _register_closure_nav() -> None:
    """结案统计 (终本 apart): the bureau's and the court's leaders, the quality office, and the upper
    courts that supervise."""
    from zhixing.core.navigation import NavItem, register
    from zhixing.core.rules.roles import Role

    register(
        NavItem(
            58,
            "结案统计",
            "closure-statistics",
            frozenset(
                {
                    Role.BUREAU_CHIEF,
                    Role.PRESIDENT,
                    Role.VICE_PRESIDENT,
                    Role.EVALUATOR,
                    Role.COMMAND_STAFF,
                }
            ),
            upper_courts=True,
        )
    )
