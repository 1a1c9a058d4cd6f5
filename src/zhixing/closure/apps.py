from django.apps import AppConfig


class ClosureConfig(AppConfig):
    """M5: closure by legal mode, the 终本 gate, after-终本 inquiries, resumption as 执恢."""

    name = "zhixing.closure"
    label = "closure"
    verbose_name = "结案与终本管理"

    def ready(self) -> None:
        from zhixing.cases.hooks import register_case_link

        from . import duties

        register_case_link("结案", "case-closure")
        duties.register_duties()
