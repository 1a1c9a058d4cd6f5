"""Per-client rate limits of the public side, kept in Django's cache.

A fixed window per minute and per client. The client's address is REMOTE_ADDR; only when
`ZHIXING_TRUSTED_PROXY` says the site runs behind a proxy that appends the caller's address is the
right-most X-Forwarded-For entry used instead (the left-most entries are whatever the caller sent).

The client is keyed on (`client_key`): an IPv4 address as it is; an IPv6 address by its /64
prefix, since one subscriber is normally given a whole /64 and can rotate through its 2^64
addresses at will (privacy extensions, RFC 8981), so counting the exact address would let one
client multiply its rate without bound; an IPv4-mapped IPv6 address (::ffff:a.b.c.d) as its IPv4
address. Anything that is not an address is keyed as it is.

Three counters (`DEFAULT_RATES`, per minute per client, each settable as
ZHIXING_PUBLIC_<BUCKET>_RATE):
- `query` (30): the three searches, page and API alike, sharing one counter; refused queries count
  too (guessing identity numbers is enumeration).
- `pages` (120): the published pages that read no search input — the portal home, the exposure
  list and detail, the typical-case list and detail, page and API alike. Looser than `query`
  because these are curated pages a reader browses (10 a page, a few dozen exposures), not a way
  into the list; a separate counter so browsing them does not use up a reader's queries, and
  scraping them still meets a limit.
- `feedback` (5): messages sent from an exposure or a typical case.

The default cache is per process (LocMemCache): with several worker processes each counts alone.
Production configures a shared cache (Redis or the database cache) in CACHES so the limit holds
across workers. Tests reset the counters with `cache.clear()`.
"""

from __future__ import annotations

import ipaddress
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from zhixing.core.errors import DomainError

DEFAULT_RATES = {"query": 30, "pages": 120, "feedback": 5}  # per minute per client
IPV6_CLIENT_PREFIX = 64
WINDOW_SECONDS = 60


class RateLimited(DomainError):
    """Too many requests from one client in the current minute (HTTP 429)."""

    status = 429

    def __init__(self, retry_after: int) -> None:
        super().__init__(
            "public.rate_limited",
            f"查询过于频繁，请于{retry_after}秒后再试",
            source="个人信息保护法 第51条（防止未经授权的批量获取）",
        )
        self.retry_after = retry_after


def rate_for(bucket: str) -> int:
    """Read when called (no settings at import): ZHIXING_PUBLIC_QUERY_RATE, ..._FEEDBACK_RATE."""
    return int(getattr(settings, f"ZHIXING_PUBLIC_{bucket.upper()}_RATE", DEFAULT_RATES[bucket]))


def client_address(request: HttpRequest) -> str:
    if getattr(settings, "ZHIXING_TRUSTED_PROXY", False):
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if forwarded:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def client_key(address: str) -> str:
    """IPv4: the address; IPv6: its /64 network; IPv4-mapped IPv6: the IPv4 address."""
    try:
        ip = ipaddress.ip_address(address.strip().strip("[]").split("%")[0])
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, IPV6_CLIENT_PREFIX), strict=False))
    return str(ip)


def throttle(request: HttpRequest, bucket: str = "query") -> None:
    """Counts one request of `bucket` for this client; raises RateLimited past the rate."""
    now = time.time()
    window = int(now // WINDOW_SECONDS)
    key = f"zhixing:public:{bucket}:{client_key(client_address(request))}:{window}"
    cache.add(key, 0, timeout=WINDOW_SECONDS + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=WINDOW_SECONDS + 5)
        count = 1
    if count > rate_for(bucket):
        raise RateLimited(retry_after=max(1, WINDOW_SECONDS - int(now % WINDOW_SECONDS)))
