from django.apps import AppConfig


class LinkageConfig(AppConfig):
    """M9 (linkage part): linked departments, the durable outbox, partner adapters, network inquiry."""

    name = "zhixing.linkage"
    label = "linkage"
    verbose_name = "联动单位与网络查控"
