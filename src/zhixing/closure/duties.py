"""This app's periodic duties for `python -m zhixing run-duties` (zhixing.core.duties)."""


def register_duties() -> None:
    """Registers this app's duties with zhixing.core.duties (called from AppConfig.ready)."""
