from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "zhixing.core"
    label = "core"
    verbose_name = "核心"
