"""The Flask application: identity endpoint, cloud metadata, admin API and ARM (one catch-all route,
routed by ``routing`` because ARM paths are case-insensitive)."""
import json
import uuid

from flask import Flask, Response, request

from . import arm_basics, identity
from .admin import create_admin_blueprint
from .common import ArmRequest
from .errors import ArmError
from .frontdoor import FrontDoor
from .routing import Router

_METHODS = ["GET", "PUT", "POST", "PATCH", "DELETE", "HEAD"]


def json_response(status, body, headers=None):
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


def create_app(ctx):
    app = Flask("k8s_configuration_emulator")
    app.url_map.strict_slashes = False
    app.url_map.merge_slashes = False

    @app.errorhandler(ArmError)
    def _arm_error(err):
        return json_response(err.status, err.body(), err.headers)

    @app.errorhandler(404)
    def _not_found(_err):
        return json_response(404, {"error": {"code": "NotFound", "message": "Not found: " + request.path,
                                             "details": []}})

    @app.route("/msi/token", methods=["GET"])
    def _token():
        resource = request.args.get("resource")
        try:
            identity.check_identity_request(request.headers, ctx.identity_header, resource)
        except ArmError as err:  # App Service style error body
            return json_response(err.status, {"statusCode": err.status, "message": err.message})
        return json_response(200, identity.token_response(ctx.token_key, resource))

    @app.route("/msi/token", methods=["POST"])
    def _cloud_shell_token():  # MSI_ENDPOINT: what az 2.70 to 2.72 log in with (see identity.py)
        resource = request.form.get("resource")
        try:
            identity.check_cloud_shell_request(request.headers, resource)
        except ArmError as err:  # OAuth style error body
            return json_response(err.status, {"error": err.code, "error_description": err.message})
        return json_response(200, identity.cloud_shell_token_response(ctx.token_key, resource))

    @app.route("/metadata/endpoints", methods=["GET"])
    def _metadata():
        status, body, headers = arm_basics.metadata_endpoints(ctx, _arm_request())
        return json_response(status, body, headers)

    app.register_blueprint(create_admin_blueprint(ctx), url_prefix="/_emulator")
    router = Router(ctx.types)

    @app.route("/", defaults={"path": ""}, methods=_METHODS)
    @app.route("/<path:path>", methods=_METHODS)
    def _arm(path):
        identity.check_bearer(request.headers.get("Authorization"), ctx.token_key)
        ctx.lro.settle()
        status, body, headers = router.dispatch(ctx, _arm_request())
        return json_response(status, body, headers)

    app.wsgi_app = FrontDoor(app.wsgi_app, ctx)
    return app


def _arm_request():
    raw = request.get_data(cache=True)
    body = None
    if raw:
        try:
            body = json.loads(raw)
        except ValueError:
            raise ArmError(400, "InvalidRequestContent", "The request content was invalid and could not be "
                                                          "deserialized: not valid JSON.") from None
    query = {}
    for k, v in request.args.items(multi=False):
        query[k] = v
    base_url = request.host_url.rstrip("/")
    return ArmRequest(request.method, request.path, query, body, request.headers, base_url)
