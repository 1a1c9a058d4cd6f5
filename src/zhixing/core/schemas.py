from ninja import Schema


class ErrorOut(Schema):
    """Every refusal: a code, a Chinese message, the rule's source, the field it concerns."""

    code: str
    message: str
    source: str = ""
    field: str | None = None
