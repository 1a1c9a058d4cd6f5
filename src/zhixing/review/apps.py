from django.apps import AppConfig


class ReviewConfig(AppConfig):
    """M6 and M10's hook: review cases kept apart from implementation, upper-court supervision,
    instruction requests, responsibility analysis."""

    name = "zhixing.review"
    label = "review"
    verbose_name = "执行审查与监督"

    def ready(self) -> None:
        from zhixing.cases.hooks import register_case_link

        from . import duties

        register_case_link("执行审查与监督", "case-review")
        duties.register_duties()
        # Review cases and responsibility analyses (review-cases helper): the presiding judge
        # answers for a review's clock; the lists in the navigation bar.
        from zhixing.cases.hooks import register_deadline_holders
        from zhixing.core.navigation import NavItem as ReviewNavItem
        from zhixing.core.navigation import register as register_nav
        from zhixing.core.rules.roles import Role as ReviewRole

        from .services import cases as review_services
        from .services.responsibility import QUALITY_OFFICE

        register_deadline_holders(review_services.deadline_holders)
        # An upheld third-party objection holds its item against deduction and disposal
        # (民事诉讼法 第238条): measures asks through its registry.
        from zhixing.measures.hooks import register_item_hold

        register_item_hold(review_services.item_hold)
        register_nav(
            ReviewNavItem(
                60,
                "执行审查",
                "review-list",
                frozenset(
                    {
                        ReviewRole.JUDGE,
                        ReviewRole.CLERK,
                        ReviewRole.ASSISTANT,
                        ReviewRole.BUREAU_CHIEF,
                        ReviewRole.PRESIDENT,
                        ReviewRole.VICE_PRESIDENT,
                    }
                ),
                upper_courts=True,
            )
        )
        register_nav(ReviewNavItem(61, "责任分析", "responsibility-list", QUALITY_OFFICE))
        # Upper-court supervision, entrustment, instruction requests (supervision helper).
        from zhixing.core.navigation import NavItem, register
        from zhixing.core.rules.roles import Role

        from .services import supervision as supervision_services

        register_case_link("上级监督与委托", "case-supervision")
        register(NavItem(62, "上级监督", "supervision-list", upper_courts=True))
        register(
            NavItem(
                63,
                "执行请示",
                "instruction-list",
                frozenset({Role.JUDGE, Role.OFFICER, Role.BUREAU_CHIEF}),
                upper_courts=True,
            )
        )
        supervision_services.register_hooks()
