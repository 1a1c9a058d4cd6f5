from django.apps import AppConfig


class CreditConfig(AppConfig):
    """M9: the dishonest-debtor list, consumption restrictions, correction requests and the
    sharing feed read by linked departments."""

    name = "zhixing.credit"
    label = "credit"
    verbose_name = "信用惩戒"

    def ready(self) -> None:
        from .wiring import correction, feed, listing, restriction

        listing.ready()
        restriction.ready()  # after listing: its CLOSED handler removes the listing first
        correction.ready()
        feed.ready()
