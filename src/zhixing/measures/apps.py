from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    """M4: property control, disposal, enforcement funds, coercive measures, calculators."""

    name = "zhixing.measures"
    label = "measures"
    verbose_name = "执行措施与执行款"
