"""The emulator's WSGI application: the Host check, the front door (slashes, faults, request log), then ARM traffic
to ``ArmApp`` and the rest — identity endpoint, cloud metadata, admin API, portal page — to a small Flask
application."""
from flask import Flask, request
from werkzeug.wrappers import Request

from . import arm_basics, identity, portal_auth
from .admin import create_admin_blueprint
from .arm_app import ArmApp, arm_request, json_response
from .errors import ArmError
from .frontdoor import ADMIN_PREFIX, FrontDoor
from .portal import PREFIX as PORTAL_PREFIX
from .portal import create_portal_blueprint

# (path, method) served by the Flask application besides the admin API; every other request is ARM's
_FLASK_ROUTES = {("/msi/token", "GET"), ("/msi/token", "HEAD"), ("/msi/token", "POST"),
                 ("/metadata/endpoints", "GET"), ("/metadata/endpoints", "HEAD")}


def create_app(ctx):
    flask_app = _flask_app(ctx)
    arm = ArmApp(ctx)

    def app(environ, start_response):
        path = (environ.get("PATH_INFO") or "/").rstrip("/") or "/"
        if (path.startswith(ADMIN_PREFIX) or path == PORTAL_PREFIX or path.startswith(PORTAL_PREFIX + "/")
                or (path, environ["REQUEST_METHOD"]) in _FLASK_ROUTES):
            return flask_app(environ, start_response)
        return arm(environ, start_response)

    front = FrontDoor(app, ctx)

    def host_checked(environ, start_response):  # DNS rebinding: only requests that name the emulator itself
        try:
            portal_auth.check_host(environ.get("HTTP_HOST"), ctx.port)
        except ArmError as err:
            return json_response(Request(environ), err.status, err.body())(environ, start_response)
        return front(environ, start_response)

    return host_checked


def _flask_app(ctx):
    app = Flask("k8s_configuration_emulator")
    app.url_map.strict_slashes = False
    app.url_map.merge_slashes = False

    @app.errorhandler(ArmError)
    def _arm_error(err):
        return json_response(request, err.status, err.body(), err.headers)

    @app.errorhandler(404)
    def _not_found(_err):
        return json_response(request, 404, {"error": {"code": "NotFound", "message": "Not found: " + request.path,
                                                      "details": []}})

    @app.route("/msi/token", methods=["GET"])
    def _token():
        resource = request.args.get("resource")
        try:
            identity.check_identity_request(request.headers, ctx.identity_header, resource)
        except ArmError as err:  # App Service style error body
            return json_response(request, err.status, {"statusCode": err.status, "message": err.message})
        return json_response(request, 200, identity.token_response(ctx.token_key, resource))

    @app.route("/msi/token", methods=["POST"])
    def _cloud_shell_token():  # MSI_ENDPOINT: what az 2.70 to 2.72 log in with (see identity.py)
        resource = request.form.get("resource")
        try:
            identity.check_cloud_shell_request(request.headers, resource)
        except ArmError as err:  # OAuth style error body
            return json_response(request, err.status, {"error": err.code, "error_description": err.message})
        return json_response(request, 200, identity.cloud_shell_token_response(ctx.token_key, resource))

    @app.route("/metadata/endpoints", methods=["GET"])
    def _metadata():
        status, body, headers = arm_basics.metadata_endpoints(ctx, arm_request(request))
        return json_response(request, status, body, headers)

    app.register_blueprint(create_admin_blueprint(ctx), url_prefix=ADMIN_PREFIX.rstrip("/"))
    app.register_blueprint(create_portal_blueprint(ctx), url_prefix=PORTAL_PREFIX)
    return app
