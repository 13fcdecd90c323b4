"""ARM throttling: token buckets per subscription and principal, applied in one place before routing.

Azure Resource Manager documents its limits as token buckets per subscription and security principal (per region):
reads 250 with 25 refilled per second, writes 200 with 10, deletes 200 with 10. Every answer to a request under a
subscription says what is left of its bucket (``x-ms-ratelimit-remaining-subscription-reads|writes|deletes``); a
request that finds its bucket empty gets 429 ``TooManyRequests`` with ``Retry-After`` (seconds until a token is
back). Off unless ``throttle`` is set (``start --throttle``); the bucket sizes and rates are settings
(``--throttle-writes 200/10`` ...). Requests outside a subscription (the tenant's subscription list, Resource Graph,
which has its own quota) are not counted.
"""
import math
import threading
import time

from .errors import ArmError

CATEGORIES = ("reads", "writes", "deletes")
DOCUMENTED = {"reads": "250/25", "writes": "200/10", "deletes": "200/10"}
HEADER = "x-ms-ratelimit-remaining-subscription-{}"
MESSAGE = ("The request was throttled: the subscription's {category} limit for this principal is exhausted. Retry "
           "after {seconds} seconds. See https://aka.ms/arm-throttling for details.")


def parse_bucket(text):
    """'200/10' -> (200 tokens, 10 per second); both positive."""
    size, sep, rate = str(text).partition("/")
    try:
        size, rate = int(size), float(rate)
    except ValueError:
        raise ValueError("a bucket is SIZE/REFILL_PER_SECOND, e.g. 200/10") from None
    if not sep or size < 1 or rate <= 0:
        raise ValueError("a bucket is SIZE/REFILL_PER_SECOND with both above 0, e.g. 200/10")
    return size, rate


def category(method):
    method = method.upper()
    if method in ("GET", "HEAD", "OPTIONS"):
        return "reads"
    return "deletes" if method == "DELETE" else "writes"


def subscription_of(path):
    """The subscription a path is under (lower-cased), or None."""
    parts = path.split("/", 3)
    if len(parts) >= 4 and parts[1].lower() == "subscriptions" and parts[2]:
        return parts[2].lower()
    return None


class Throttle:
    """The buckets, created full on first use; a changed size or rate starts them again."""

    def __init__(self):
        self._lock = threading.Lock()
        self._buckets = {}  # (subscription, principal, category) -> [tokens, last refill time]
        self._params = {}

    def take(self, settings, method, path, principal):
        """Headers for the answer; raises the 429 when the request's bucket is empty. Nothing when throttling is
        off or the path is not under a subscription."""
        if not settings.get("throttle"):
            return {}
        subscription = subscription_of(path)
        if subscription is None:
            return {}
        kind = category(method)
        size, rate = parse_bucket(settings.get("throttle_" + kind) or DOCUMENTED[kind])
        key = (subscription, principal, kind)
        now = time.monotonic()
        with self._lock:
            if self._params.get(kind) != (size, rate):
                self._params[kind] = (size, rate)
                self._buckets = {k: v for k, v in self._buckets.items() if k[2] != kind}
            bucket = self._buckets.get(key)
            if bucket is None:
                bucket = self._buckets[key] = [float(size), now]
            bucket[0] = min(float(size), bucket[0] + (now - bucket[1]) * rate)
            bucket[1] = now
            if bucket[0] < 1.0:
                seconds = max(1, math.ceil((1.0 - bucket[0]) / rate))
                raise ArmError(429, "TooManyRequests", MESSAGE.format(category=kind, seconds=seconds),
                               headers={"Retry-After": str(seconds), HEADER.format(kind): "0"})
            bucket[0] -= 1.0
            return {HEADER.format(kind): str(int(bucket[0]))}
