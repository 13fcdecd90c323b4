"""Small helpers shared by the ARM handlers: the request object, api-version checks, paging, timestamps."""
import datetime
import functools
import hashlib
import time
import urllib.parse
import uuid

from .errors import ArmError


class ArmRequest:
    __slots__ = ("method", "path", "segments", "lower", "query", "body", "headers", "base_url", "route")

    def __init__(self, method, path, query, body, headers, base_url):
        self.method = method
        self.path = path
        self.segments = [s for s in path.split("/") if s]
        self.lower = [s.lower() for s in self.segments]
        self.query = query          # {name: value}, first value wins
        self.body = body            # parsed JSON (None when empty)
        self.headers = headers
        self.base_url = base_url
        self.route = {}             # the named segments of the route it matched (routing fills it)

    def q(self, name, default=None):
        name = name.lower()
        for k, v in self.query.items():
            if k.lower() == name:
                return v
        return default

    @property
    def api_version(self):
        return self.q("api-version")


def require_api_version(req, allowed=None, resource_type=None):
    version = req.api_version
    if not version:
        raise ArmError(400, "MissingApiVersionParameter",
                       "The api-version query parameter (?api-version=) is required for all requests.")
    if allowed is not None and version not in allowed:
        raise ArmError(400, "NoRegisteredProviderFound" if resource_type else "InvalidApiVersionParameter",
                       "No registered resource provider found for location 'eastus' and API version '{}' for type "
                       "'{}'. The supported api-versions are '{}'.".format(version, resource_type or "",
                                                                          ", ".join(allowed)))
    return version


def now_iso(ts=None):
    """ARM's timestamp text (UTC, milliseconds) of ts, or of now."""
    return _iso(time.time()) if ts is None else _stored_iso(ts)


def _iso(ts):
    dt = datetime.datetime.fromtimestamp(ts, datetime.timezone.utc)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + "{:03d}Z".format(dt.microsecond // 1000)


# the instants of stored resources and operations: a flux configuration's status repeats the same few on every read
_stored_iso = functools.lru_cache(maxsize=4096)(_iso)


def paged(ctx, req, parent, kind, render):
    """One page of a collection as {"value": [...], "nextLink": ...}; the skip token is the last row's seq."""
    try:
        after = int(req.q("$skiptoken", 0))
    except ValueError:
        raise ArmError(400, "InvalidSkipToken", "The $skiptoken is not valid.") from None
    size = ctx.page_size
    rows = ctx.store.list(parent, kind, after_seq=after, limit=size + 1)
    page = rows[:size]
    result = {"value": [render(rec) for _, rec in page]}
    if len(rows) > size:
        query = {"api-version": req.api_version, "$skiptoken": str(page[-1][0])}
        result["nextLink"] = "{}{}?{}".format(req.base_url, req.path, urllib.parse.urlencode(query))
    return result


def stable_guid(*parts):
    """A GUID derived from the parts (case-insensitive): the same resource always gets the same one."""
    return str(uuid.UUID(hashlib.sha256("/".join(parts).lower().encode()).hexdigest()[:32]))
