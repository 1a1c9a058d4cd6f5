from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "zhixing.cases"
    label = "cases"
    verbose_name = "执行案件"

    def ready(self) -> None:
        from zhixing.core.navigation import NavItem, register
        from zhixing.core.rules.roles import Role

        supervising = frozenset(
            {
                Role.BUREAU_CHIEF,
                Role.PRESIDENT,
                Role.VICE_PRESIDENT,
                Role.EVALUATOR,
                Role.COMMAND_STAFF,
                Role.ADMINISTRATOR,
            }
        )
        register(NavItem(20, "我的待办", "worklist"))
        register(NavItem(30, "案件", "case-list"))
        register(
            NavItem(
                40,
                "立案",
                "case-new",
                frozenset({Role.CLERK, Role.OFFICER, Role.ASSISTANT, Role.JUDGE}),
            )
        )
        register(NavItem(50, "超期督办", "overdue-list", supervising, upper_courts=True))
        register(NavItem(60, "案件统计", "case-dashboard", supervising, upper_courts=True))
        register(NavItem(90, "期限计算", "period-calculator"))
