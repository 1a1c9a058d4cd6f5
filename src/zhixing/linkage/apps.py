from django.apps import AppConfig


class LinkageConfig(AppConfig):
    """M9 (linkage part): linked departments, the durable outbox, partner adapters, network inquiry."""

    name = "zhixing.linkage"
    label = "linkage"
    verbose_name = "联动单位与网络查控"

    def ready(self) -> None:
        from zhixing.cases.hooks import register_case_link
        from zhixing.core.navigation import NavItem, register
        from zhixing.core.rules.roles import Role

        from .joint import wiring as joint_wiring

        register_case_link("网络查控", "linkage-inquiry")
        joint_wiring.ready()
        register(
            NavItem(
                65,
                "查控对账",
                "linkage-outbox",
                frozenset(
                    {Role.OFFICER, Role.BUREAU_CHIEF, Role.COMMAND_STAFF, Role.ADMINISTRATOR}
                ),
                upper_courts=True,
            )
        )
