"""ARM traffic — everything but the identity endpoint, the cloud metadata and the admin API — as a plain WSGI
application on werkzeug's Request and Response. It skips Flask's request context and URL map, which cost about as
much as the emulator's own work on a GET; ``routing`` does the routing (ARM paths are case-insensitive). ARM's
throttling (``throttle``) is applied here, once the caller is known and before routing."""
import json
import sys
import traceback
import uuid

from werkzeug.wrappers import Request, Response

from . import identity, portal_auth
from .common import ArmRequest
from .errors import ArmError
from .routing import Router


def json_response(request, status, body, headers=None):
    """A JSON answer with ARM's request-id headers (the client's correlation and client request ids echoed)."""
    data = b"" if body is None else json.dumps(body).encode()
    resp = Response(data, status=status, content_type="application/json; charset=utf-8")
    request_id = str(uuid.uuid4())
    resp.headers["x-ms-request-id"] = request_id
    resp.headers["x-ms-correlation-request-id"] = request.headers.get("x-ms-correlation-request-id") or request_id
    if request.headers.get("x-ms-client-request-id"):
        resp.headers["x-ms-client-request-id"] = request.headers["x-ms-client-request-id"]
    for k, v in (headers or {}).items():
        resp.headers[k] = str(v)
    return resp


def arm_request(request):
    """The parts of an HTTP request the ARM handlers read (the body parsed as JSON)."""
    raw = request.get_data(cache=True)
    body = None
    if raw:
        try:
            body = json.loads(raw)
        except ValueError:
            raise ArmError(400, "InvalidRequestContent", "The request content was invalid and could not be "
                                                          "deserialized: not valid JSON.") from None
    query = dict(request.args.items(multi=False))
    return ArmRequest(request.method, request.path, query, body, request.headers, request.host_url.rstrip("/"))


PORTAL_PRINCIPAL = "portal"  # the page's requests share one principal's buckets


class ArmApp:
    def __init__(self, ctx):
        self.ctx = ctx
        self.router = Router(ctx.types)

    def __call__(self, environ, start_response):
        request = Request(environ)
        limits = {}
        try:
            principal = self._authenticate(request)
            limits = self.ctx.throttle.take(self.ctx.settings, request.method, request.path, principal)
            self.ctx.lro.settle()
            status, body, headers = self.router.dispatch(self.ctx, arm_request(request))
        except ArmError as err:
            status, body, headers = err.status, err.body(), err.headers
        except Exception:  # a defect of the emulator: say so in its log, answer as ARM would
            traceback.print_exc(file=sys.stderr)
            status, body, headers = 500, {"error": {"code": "InternalServerError", "message": "The emulator "
                                                    "failed to handle the request (see its log).", "details": []}}, {}
        if limits:
            headers = dict(headers or {}, **limits)
        return json_response(request, status, body, headers)(environ, start_response)

    def _authenticate(self, request):
        """The caller's principal (what ARM throttles by): a bearer token's (az, SDKs), or the portal page's, whose
        session comes with its CSRF token from the emulator's own origin (as Azure's portal is a client of ARM)."""
        authorization = request.headers.get("Authorization")
        if authorization is None and request.cookies.get(portal_auth.COOKIE) and self.ctx.portal.session_principal(
                request.headers, request.cookies, portal_auth.own_origins(self.ctx.port)):
            return PORTAL_PRINCIPAL
        claims = identity.check_bearer(authorization, self.ctx.token_key)
        return claims.get("oid") or claims.get("appid") or ""
