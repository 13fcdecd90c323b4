"""Azure Resource Graph: ``POST /providers/Microsoft.ResourceGraph/resources`` (and its operations list), over the
same store ARM reads (``graph_tables``), with the KQL subset of ``kql_parse``/``kql_eval``.

* Scopes: ``subscriptions`` limits rows to those subscriptions; without it (a tenant or management-group query)
  every subscription of the tenant is in scope.
* Paging: ``options.$top`` (1-1000, default 100) rows per page, ``options.$skip``; a result with an ``id`` column
  that does not fit gets a ``$skipToken`` (its result is kept for the next pages, so they are consistent); one
  without ``id`` is cut with ``resultTruncated: "true"``, as the service does.
* ``resultFormat`` ``objectArray`` (default) or ``table``; ``facets`` (column expressions: counts per value).
* Quota (``graph_quota``, default 15 queries per 5 s per user): ``x-ms-user-quota-remaining`` and
  ``x-ms-user-quota-resets-after`` (hh:mm:ss) on every answer, 429 ``RateLimiting`` past it.
* Errors in Resource Graph's shape: ``{"error": {"code", "message", "details": [{"code", "message", ...}]}}``;
  a query outside the subset is a 400 naming what is not supported."""
import base64
import binascii
import collections
import json
import math
import threading
import time
import uuid

from .errors import ArmError
from .graph_tables import Snapshot
from .kql_eval import Table, execute, run
from .kql_parse import KqlError, column_name, parse

API_VERSIONS = ("2024-04-01", "2022-10-01", "2021-03-01")
DEFAULT_TOP, MAX_TOP = 100, 1000
RESULT_FORMATS = ("objectArray", "table")
COLUMN_TYPES = {"string": "string", "long": "integer", "real": "number", "bool": "boolean", "dynamic": "object"}
INVALID_QUERY = ("Query is invalid. Please refer to the documentation for the Azure Resource Graph service and fix "
                 "the error before retrying.")
THROTTLED = ("Client application has been throttled and should not attempt to repeat the request until an amount "
             "of time has elapsed. Please see https://aka.ms/resourcegraph-throttling for help.")
OPERATIONS = [
    {"name": "Microsoft.ResourceGraph/operations/read",
     "display": {"provider": "Microsoft Resource Graph", "resource": "Operation", "operation": "Get Operations",
                 "description": "Gets the list of supported operations"}},
    {"name": "Microsoft.ResourceGraph/resources/read",
     "display": {"provider": "Microsoft Resource Graph", "resource": "Resources", "operation": "Query resources",
                 "description": "Submits a query on resources within specified subscriptions, the specified "
                                "management groups, or against all access granted in the tenant."}},
]


def graph_error(status, code, details, headers=None):
    message = "Please provide below info when asking for support: timestamp = {}, correlationId = {}.".format(
        time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime()), uuid.uuid4())
    return ArmError(status, code, message, details=details, headers=headers)


def invalid_query(err):
    return graph_error(400, "BadRequest", [{"code": "InvalidQuery", "message": INVALID_QUERY},
                                           {"code": err.code, "message": err.message}])


def bad_request(message, code="BadRequest"):
    return graph_error(400, "BadRequest", [{"code": code, "message": message}])


# -- quota -------------------------------------------------------------------------------------------
def parse_quota(text):
    """'15/5' -> (15 queries, 5 seconds); '0/0' or '0' -> no quota."""
    count, _, window = str(text).partition("/")
    count, window = int(count), float(window or 0)
    if count < 0 or window < 0 or (count and not window):
        raise ValueError("a quota is QUERIES/SECONDS, e.g. 15/5")
    return count, window


def _hms(seconds):
    seconds = max(0, math.ceil(seconds))
    return "{:02d}:{:02d}:{:02d}".format(seconds // 3600, seconds // 60 % 60, seconds % 60)


class Quota:
    """Fixed windows per user: ``count`` queries, then 429 until the window (``window`` seconds) ends. A changed
    quota starts new windows."""

    def __init__(self):
        self._lock = threading.Lock()
        self._users = {}  # user -> [window start, queries used]
        self._quota = None

    def take(self, user, quota):
        count, window = parse_quota(quota)
        if not count:
            return {}
        now = time.time()
        with self._lock:
            if quota != self._quota:
                self._quota, self._users = quota, {}
            state = self._users.get(user)
            if state is None or now - state[0] >= window:
                state = self._users[user] = [now, 0]
            resets = _hms(state[0] + window - now)
            if state[1] >= count:
                headers = {"x-ms-user-quota-remaining": "0", "x-ms-user-quota-resets-after": resets,
                           "Retry-After": str(max(1, math.ceil(state[0] + window - now)))}
                raise graph_error(429, "RateLimiting", [{"code": "RateLimiting", "message": THROTTLED}], headers)
            state[1] += 1
            return {"x-ms-user-quota-remaining": str(count - state[1]), "x-ms-user-quota-resets-after": resets}


def _user(req):
    """The caller: the token's object id (the bearer was verified before routing)."""
    token = (req.headers.get("Authorization") or "").partition(" ")[2]
    try:
        payload = token.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        return claims.get("oid") or claims.get("appid") or token
    except (IndexError, ValueError, binascii.Error):
        return token


# -- the service -------------------------------------------------------------------------------------
class ResourceGraph:
    def __init__(self):
        self.quota = Quota()
        self.snapshot = Snapshot()
        self._results = collections.OrderedDict()  # result id -> Table (the pages of a paged result)
        self._lock = threading.Lock()

    def _keep(self, table):
        result_id = uuid.uuid4().hex[:16]
        with self._lock:
            self._results[result_id] = table
            while len(self._results) > 32:
                self._results.popitem(last=False)
        return result_id

    def _kept(self, result_id):
        with self._lock:
            return self._results.get(result_id)

    def query(self, ctx, req):
        _check_api_version(req)
        if req.method != "POST":
            raise ArmError(405, "MethodNotAllowed", "The requested method is not allowed.")
        headers = self.quota.take(_user(req), ctx.settings["graph_quota"])
        try:
            return self._answer(ctx, req, headers)
        except ArmError as err:
            err.headers = dict(headers, **err.headers)
            raise

    def _answer(self, ctx, req, headers):
        body = req.body
        if not isinstance(body, dict) or not isinstance(body.get("query"), str):
            raise bad_request("The request content must be a JSON object with a 'query' string.")
        options = body.get("options") or {}
        subscriptions = body.get("subscriptions")
        if subscriptions is not None and (not isinstance(subscriptions, list)
                                          or not all(isinstance(s, str) for s in subscriptions)):
            raise bad_request("'subscriptions' must be a list of subscription ids.")
        result_format = options.get("resultFormat", "objectArray")
        if result_format not in RESULT_FORMATS:
            raise bad_request("resultFormat must be one of: " + ", ".join(RESULT_FORMATS))
        top, skip, token = _paging(options)
        tables = self.snapshot.tables(ctx, ctx.settings["graph_lag_seconds"], subscriptions)
        table, result_id = None, None
        if token is not None:
            result_id = token["r"]
            table = self._kept(result_id)
            skip = token["o"] if skip is None else skip
            top = token.get("t", top) if "$top" not in options else top
        try:
            if table is None:
                table = run(body["query"], tables)
            facets = [_facet(f, table) for f in body.get("facets") or []]
        except KqlError as err:
            raise invalid_query(err) from None
        skip = skip or 0
        page = table.rows[skip:skip + top]
        answer = {"totalRecords": len(table.rows), "count": len(page), "resultTruncated": "false",
                  "facets": facets, "data": _data(table.schema, page, result_format)}
        more = skip + len(page) < len(table.rows)
        if more and "id" in table.schema:
            result_id = result_id or self._keep(table)
            answer["$skipToken"] = _token({"r": result_id, "o": skip + len(page), "t": top})
        elif more:
            answer["resultTruncated"] = "true"
        return 200, answer, headers


def _check_api_version(req):
    version = req.api_version
    if not version:
        raise ArmError(400, "MissingApiVersionParameter",
                       "The api-version query parameter (?api-version=) is required for all requests.")
    if version not in API_VERSIONS:
        raise ArmError(400, "InvalidApiVersionParameter", "The api-version '{}' is invalid. The supported versions "
                       "are '{}'.".format(version, ", ".join(API_VERSIONS)))


def _paging(options):
    top = options.get("$top", DEFAULT_TOP)
    if isinstance(top, bool) or not isinstance(top, int) or not 1 <= top <= MAX_TOP:
        raise bad_request("$top must be a whole number from 1 to {}.".format(MAX_TOP), "InvalidPageSize")
    skip = options.get("$skip")
    if skip is not None and (isinstance(skip, bool) or not isinstance(skip, int) or skip < 0):
        raise bad_request("$skip must be a whole number, 0 or more.", "InvalidSkip")
    token = None
    if options.get("$skipToken") is not None:
        try:
            token = json.loads(base64.b64decode(options["$skipToken"], validate=True))
            if not (isinstance(token, dict) and isinstance(token.get("r"), str) and isinstance(token.get("o"), int)):
                raise ValueError
        except (ValueError, TypeError, binascii.Error):
            raise bad_request("The $skipToken is not valid.", "InvalidSkipToken") from None
    return top, skip, token


def _token(state):
    return base64.b64encode(json.dumps(state, separators=(",", ":")).encode()).decode()


def _data(schema, rows, result_format):
    if result_format == "table":
        return {"columns": [{"name": name, "type": COLUMN_TYPES.get(t, "object")} for name, t in schema.items()],
                "rows": [[row.get(name) for name in schema] for row in rows]}
    return [{name: row.get(name) for name in schema} for row in rows]


def _facet(request, table):
    """Counts per value of a column of the result: ``{"expression", "options": {"sortBy", "sortOrder", "$top",
    "filter"}}`` (sortBy defaults to the count, descending; $top to 10)."""
    expression = request.get("expression") or ""
    options = request.get("options") or {}
    try:
        expr = parse("facet | project " + expression).operators[0].args["columns"][0][1]
        column = column_name(expr, 1)
    except (KqlError, IndexError, KeyError):
        column = expression
    if column not in table.schema:
        return {"expression": expression, "resultType": "FacetError",
                "errors": [{"code": "NoValidColumns", "message": "No valid columns in facet expression."},
                           {"code": "InvalidColumnNames", "message": "Invalid column names: [{}].".format(expression)}]}
    text = "facet"
    if options.get("filter"):
        text += " | where " + options["filter"]
    text += " | summarize count = count() by {} | order by {} {}".format(
        column, options.get("sortBy") or "['count']", options.get("sortOrder") or "desc")
    result = execute(parse(text), {"facet": lambda: Table(table.schema, table.rows)})
    top = options.get("$top", 10)
    rows = result.rows[:top]
    return {"expression": expression, "resultType": "FacetResult", "totalRecords": len(result.rows),
            "count": len(rows), "data": [{column: r[column], "count": r["count"]} for r in rows]}


def operations(_ctx, req):
    _check_api_version(req)
    return 200, {"value": OPERATIONS}, {}
