from ninja import Schema


class ErrorOut(Schema):
    """Every refusal: a code, a Chinese message, the rule's source, the field it concerns."""

    code: str
    message: str
    source: str = ""
    field: str | None = None


# The error responses every endpoint declares: a read (not logged in, not found or out of scope)
# and a write (also refused by role, by a rule, or for bad input).
READ = {401: ErrorOut, 404: ErrorOut}
WRITE = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
