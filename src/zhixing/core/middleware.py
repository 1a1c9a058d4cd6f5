"""Gives each request an id that the audit records carry (X-Request-ID when a proxy sets one)."""

import uuid
from contextvars import ContextVar

request_id_var: ContextVar[str] = ContextVar("zhixing_request_id", default="")


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")[:64]
        rid = incoming or uuid.uuid4().hex
        token = request_id_var.set(rid)
        request.request_id = rid
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response["X-Request-ID"] = rid
        return response
