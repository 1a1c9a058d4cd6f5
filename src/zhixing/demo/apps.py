from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo and bulk data. Sits above every app, so it may call all of their services."""

    name = "zhixing.demo"
    label = "demo"
    verbose_name = "演示数据"
