from django.apps import AppConfig


class PortalConfig(AppConfig):
    """M11 (public side), M14: the public query of the list, consumption restrictions and 终本
    cases; exposure of evaders and typical cases; the public feedback form."""

    name = "zhixing.portal"
    label = "portal"
    verbose_name = "执行公开"

    def ready(self) -> None:
        from . import wiring

        wiring.ready()
