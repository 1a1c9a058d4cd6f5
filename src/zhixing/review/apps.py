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
