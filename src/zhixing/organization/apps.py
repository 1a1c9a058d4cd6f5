from django.apps import AppConfig


class OrganizationConfig(AppConfig):
    name = "zhixing.organization"
    label = "organization"
    verbose_name = "法院与人员"
