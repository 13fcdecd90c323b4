"""ARM's throttling, shared by every worker of a rollout (REFERENCE §13).

ARM limits each subscription and principal with token buckets (documented: reads 250 refilled at 25 per second,
writes 200 at 10, deletes 200 at 10) and says on each answer what is left of the bucket
(``x-ms-ratelimit-remaining-subscription-reads|writes|deletes``); an empty bucket answers 429 with ``Retry-After``.

``Pacer`` is the one place that knows: every request of every worker asks it first (``before``) and tells it the
answer (``after``), through ``PacingPolicy``, a pipeline policy placed after the SDK's retry policy so that it sees
each attempt. It keeps an estimate of each bucket from the last header (less the requests still in flight), refilled
at the rate it learns (the documented one at first, then measured from the headers while the bucket is low), and
holds requests while the estimate is below one token — so the bucket is not run dry. A 429 pauses the whole rollout
until its Retry-After (the policy sends the request again itself: the SDK's retry would pause one worker only and
hide the 429). ``throttled_seconds``: the time the rollout spent held; ``throttled_responses``: the 429s seen."""
import threading
import time

from azure.core.pipeline.policies import HTTPPolicy

HEADER = "x-ms-ratelimit-remaining-subscription-{}"
DOCUMENTED_RATES = {"reads": 25.0, "writes": 10.0, "deletes": 10.0}
MAX_THROTTLED_ATTEMPTS = 20  # 429s in a row for one request before it is left to the SDK's retry policy
MIN_RATE = 0.05
MEASURE_SECONDS = 2.0
RESERVE = 2  # tokens left in the bucket for what the estimate cannot see (other clients of the principal)


def category(method):
    method = (method or "").upper()
    if method in ("GET", "HEAD", "OPTIONS"):
        return "reads"
    return "deletes" if method == "DELETE" else "writes"


def retry_after_seconds(headers, default=1.0):
    try:
        return max(0.0, float(headers.get("Retry-After")))
    except (TypeError, ValueError):
        return default


class _Bucket:
    __slots__ = ("tokens", "stamp", "rate", "ceiling", "in_flight", "anchor")

    def __init__(self, rate):
        self.tokens = None  # unknown until an answer says (no pacing before)
        self.stamp = 0.0
        self.rate = rate
        self.ceiling = 0.0  # the most the bucket was seen to hold
        self.in_flight = 0
        self.anchor = None  # [time, level, answers since] of a low bucket: where the refill rate is measured


class Pacer:
    def __init__(self, clock=time.monotonic, sleep=time.sleep, rates=None):
        self._clock, self._sleep = clock, sleep
        self._lock = threading.Lock()
        self._buckets = {kind: _Bucket(rate) for kind, rate in (rates or DOCUMENTED_RATES).items()}
        self._paused_until = 0.0
        self._held_until = 0.0
        self.throttled_seconds = 0.0
        self.throttled_responses = 0
        self.requests = {kind: 0 for kind in self._buckets}

    def before(self, kind):
        """Block until a request of ``kind`` may go; count it as in flight."""
        while True:
            with self._lock:
                now = self._clock()
                bucket = self._buckets[kind]
                wait = self._paused_until - now
                if wait <= 0:
                    tokens = self._refill(bucket, now)
                    if tokens is None or tokens >= 1.0 + RESERVE - 1e-6:
                        if tokens is not None:
                            bucket.tokens -= 1.0
                        bucket.in_flight += 1
                        self.requests[kind] += 1
                        return
                    wait = max(0.001, (1.0 + RESERVE - tokens) / bucket.rate)
                self._hold(now, now + wait)
            self._sleep(wait)

    def after(self, kind, status, headers):
        """An answer came: what is left of the bucket, and on a 429 the pause of every worker."""
        with self._lock:
            now = self._clock()
            bucket = self._buckets[kind]
            bucket.in_flight = max(0, bucket.in_flight - 1)
            if status == 429:
                self.throttled_responses += 1
                pause = retry_after_seconds(headers)
                bucket.rate = max(MIN_RATE, bucket.rate * 0.7)  # it ran dry: the refill was slower than thought
                bucket.tokens, bucket.stamp = 1.0, now + pause  # Retry-After: when one token is back
                self._paused_until = max(self._paused_until, now + pause)
                self._hold(now, self._paused_until)
                return
            remaining = _number(headers.get(HEADER.format(kind)))
            if remaining is None:
                return
            bucket.ceiling = max(bucket.ceiling, remaining + 1)
            self._measure(bucket, now, remaining)
            observed = float(remaining - bucket.in_flight)  # the requests in flight take theirs
            predicted = self._refill(bucket, now)
            # answers overtake one another: one counted before a later one may say more is left than there is
            bucket.tokens = observed if predicted is None else min(observed, predicted)
            bucket.stamp = now

    @staticmethod
    def _measure(bucket, now, remaining):
        """The refill rate, measured while the bucket is low (a full bucket loses its refill): over windows of
        MEASURE_SECONDS, what it gained plus what the answers in between took, per second."""
        if remaining >= bucket.ceiling / 2:
            bucket.anchor = None
            return
        if bucket.anchor is None:
            bucket.anchor = [now, remaining, 0]
            return
        bucket.anchor[2] += 1
        elapsed = now - bucket.anchor[0]
        if elapsed >= MEASURE_SECONDS:
            measured = (remaining - bucket.anchor[1] + bucket.anchor[2]) / elapsed
            if measured > 0:
                bucket.rate = max(MIN_RATE, (bucket.rate + measured) / 2)
            bucket.anchor = [now, remaining, 0]

    def abandon(self, kind):
        """A request that got no answer (a connection error): no longer in flight."""
        with self._lock:
            bucket = self._buckets[kind]
            bucket.in_flight = max(0, bucket.in_flight - 1)

    def _refill(self, bucket, now):
        if bucket.tokens is None:
            return None
        if now > bucket.stamp:
            bucket.tokens = min(bucket.ceiling or float("inf"), bucket.tokens + (now - bucket.stamp) * bucket.rate)
            bucket.stamp = now
        return bucket.tokens

    def _hold(self, now, until):
        """Count the time the rollout is held (overlapping waits of several workers count once)."""
        start = max(now, self._held_until)
        if until > start:
            self.throttled_seconds += until - start
            self._held_until = until


def _number(text):
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


class PacingPolicy(HTTPPolicy):
    """Each attempt asks the pacer first and tells it the answer; a 429 is sent again once the pause is over."""

    def __init__(self, pacer):
        super().__init__()
        self.pacer = pacer

    def send(self, request):
        kind = category(request.http_request.method)
        response = None
        for _ in range(MAX_THROTTLED_ATTEMPTS):
            self.pacer.before(kind)
            try:
                response = self.next.send(request)
            except BaseException:
                self.pacer.abandon(kind)
                raise
            status = response.http_response.status_code
            self.pacer.after(kind, status, response.http_response.headers)
            if status != 429:
                return response
        return response
