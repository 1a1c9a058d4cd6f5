from django.apps import AppConfig


class OrganizationConfig(AppConfig):
    name = "zhixing.organization"
    label = "organization"
    verbose_name = "法院与人员"

    def ready(self) -> None:
        from zhixing.core.navigation import NavItem, register
        from zhixing.core.rules.roles import Role

        register(NavItem(10, "工作台", "home"))
        register(NavItem(70, "法院与机构", "court-tree"))
        register(
            NavItem(
                80,
                "队伍建设",
                "team-figures",
                frozenset(
                    {
                        Role.ADMINISTRATOR,
                        Role.BUREAU_CHIEF,
                        Role.PRESIDENT,
                        Role.VICE_PRESIDENT,
                        Role.EVALUATOR,
                        Role.INTEGRITY_INSPECTOR,
                    }
                ),
            )
        )
