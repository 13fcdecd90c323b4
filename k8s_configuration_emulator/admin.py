"""The admin API for tests and the demo, under /_emulator/ on the same port (not logged). Every call but health
needs the admin secret: the ``X-IDENTITY-HEADER`` header with the emulator's identity header (``emulator.json``),
or the portal page's session with its CSRF token; a body must be ``application/json`` (``portal_auth``).

GET  /_emulator/health                       -> {"ok": true, "url", "pid"}  (no secret: the readiness probe)
POST /_emulator/portal-login                 -> {"url"}: a new one-time login link for the portal page
GET  /_emulator/settings                     -> {"operation_seconds", "retry_after", "page_size"}
POST /_emulator/settings {name: value, ...}  -> change at run time (persisted)
POST /_emulator/clusters {"resource_group", "name", "cluster_type", "service_principal", "location", "tags",
                          "subscription"}
PUT  /_emulator/providers/<namespace> {"state": "NotRegistered"|"Registered"}
GET|POST|DELETE /_emulator/faults            -> list / add (a rule or a list) / clear
GET  /_emulator/requests?since=SEQ           -> {"mark": N, "requests": [...]}
GET  /_emulator/requests/mark                -> {"mark": N}
GET  /_emulator/inventory?cluster=<cluster resource id>
                                             -> the simulated cluster's objects and events (cluster_inventory.py)
POST /_emulator/operation-failures {"resource_type": "fluxConfigurations"|"extensions" (a type with operations),
                                   "match": name | extension type | "*", "code", "message"}
                                             -> the next operation on a matching resource ends Failed
POST /_emulator/extension-install-failures {"extension_type", "code", "message"}  (shorthand for the above)
GET|POST|DELETE /_emulator/cluster-failures {"cluster": <cluster resource id>,
                                            "fail": "extension-install"|"reconciliation", "code", "message"}
                                             -> clusters made to fail until cleared (cluster_failures.py)
POST /_emulator/reset                        -> forget all resources, operations, providers, faults, log
"""
from flask import Blueprint, jsonify, request

from . import portal_auth
from .cluster_inventory import Inventory
from .clusters import add_cluster
from .portal import login_url
from .providers import canonical_namespace
from .subscriptions import add_subscription


def create_admin_blueprint(ctx):
    bp = Blueprint("admin", __name__)

    def bad(message, status=400):
        return jsonify({"error": {"code": "BadRequest", "message": message, "details": []}}), status

    @bp.before_request
    def _authorized():
        if request.endpoint != "admin.health":
            portal_auth.check_admin_request(ctx.portal, ctx.identity_header, request.method, request.headers,
                                            request.cookies, request.content_length, request.mimetype, ctx.port)

    @bp.route("/health")
    def health():
        return jsonify({"ok": True, "url": ctx.url, "pid": ctx.pid})

    @bp.route("/portal-login", methods=["POST"])
    def portal_login():
        return jsonify({"url": login_url(ctx)})

    @bp.route("/settings", methods=["GET", "POST"])
    def settings():
        if request.method == "POST":
            try:
                for name, value in (request.get_json(force=True) or {}).items():
                    ctx.set(name, value)
            except (KeyError, ValueError, TypeError) as err:
                return bad("bad setting: {}".format(err))
        return jsonify(ctx.settings)

    @bp.route("/clusters", methods=["POST"])
    def clusters():
        body = request.get_json(force=True) or {}
        try:
            sub = add_subscription(ctx.store, body["subscription"]) if body.get("subscription") \
                else ctx.subscription_id
            created = add_cluster(ctx.store, sub, ctx.tenant_id, body["resource_group"], body["name"],
                                  body.get("cluster_type", "connectedClusters"), body.get("location", "eastus"),
                                  bool(body.get("service_principal")), body.get("tags"))
        except (KeyError, ValueError) as err:
            return bad("bad cluster: {}".format(err))
        return jsonify(created), 201

    @bp.route("/providers/<namespace>", methods=["PUT"])
    def provider(namespace):
        canonical = canonical_namespace(namespace)
        state = (request.get_json(force=True) or {}).get("state")
        if canonical is None or state not in ("Registered", "NotRegistered", "Registering", "Unregistering"):
            return bad("unknown namespace or state")
        ctx.store.set_provider_state(canonical, state)
        return jsonify({"namespace": canonical, "registrationState": state})

    @bp.route("/faults", methods=["GET", "POST", "DELETE"])
    def faults():
        if request.method == "POST":
            try:
                return jsonify(ctx.faults.add(request.get_json(force=True))), 201
            except (ValueError, TypeError) as err:
                return bad(str(err))
        if request.method == "DELETE":
            ctx.faults.clear()
        return jsonify(ctx.faults.list())

    @bp.route("/requests")
    def requests_log():
        since = int(request.args.get("since", 0))
        return jsonify({"mark": ctx.reqlog.mark(), "requests": ctx.reqlog.since(since)})

    @bp.route("/requests/mark")
    def requests_mark():
        return jsonify({"mark": ctx.reqlog.mark()})

    @bp.route("/inventory")
    def inventory():
        """What real reconciliations applied to a cluster and what prune removed (loopback git sources only)."""
        cluster = ctx.store.get(request.args.get("cluster") or "")
        if cluster is None or cluster.kind != "cluster":
            return bad("cluster=<the cluster's resource id> names no cluster", 404)
        return jsonify(Inventory.load(ctx.store, cluster.body["id"]).view())

    @bp.route("/operation-failures", methods=["GET", "POST", "DELETE"])
    def operation_failures():
        """The next operation on a matching resource ends Failed with this error (consumed once)."""
        failures = ctx.store.setting("operation_failures", {})
        if request.method == "POST":
            body = request.get_json(force=True) or {}
            rtype = ctx.types.find(body.get("resource_type"))
            if rtype is None or not rtype.lro:
                return bad("resource_type must be one of " + ", ".join(t.collection for t in ctx.types if t.lro))
            failures["{}:{}".format(rtype.collection.lower(), body.get("match", "*").lower())] = _error(body)
            ctx.store.set_setting("operation_failures", failures)
        elif request.method == "DELETE":
            failures = {}
            ctx.store.set_setting("operation_failures", None)
        return jsonify(failures)

    @bp.route("/extension-install-failures", methods=["POST"])
    def install_failures():
        """Shorthand: the next install/update of extension type X fails."""
        body = request.get_json(force=True) or {}
        if not body.get("extension_type"):
            return bad("extension_type is required")
        failures = ctx.store.setting("operation_failures", {})
        failures["extensions:" + body["extension_type"].lower()] = _error(body)
        ctx.store.set_setting("operation_failures", failures)
        return jsonify(failures)

    @bp.route("/cluster-failures", methods=["GET", "POST", "DELETE"])
    def cluster_failures():
        """Chosen clusters fail every extension install, or every reconciliation, until cleared."""
        if request.method == "POST":
            body = request.get_json(force=True) or {}
            try:
                return jsonify(ctx.cluster_failures.add(body.get("cluster"), body.get("fail"), body.get("code"),
                                                        body.get("message"))), 201
            except ValueError as err:
                return bad(str(err))
        if request.method == "DELETE":
            ctx.cluster_failures.clear()
        return jsonify(ctx.cluster_failures.list())

    @bp.route("/reset", methods=["POST"])
    def reset():
        ctx.store.reset()
        ctx.faults.clear()
        ctx.reqlog.clear()
        ctx.store.set_setting("operation_failures", None)
        ctx.cluster_failures.clear()
        return jsonify({"ok": True})

    return bp


def _error(body):
    return {"code": body.get("code") or "ExtensionOperationFailed",
            "message": body.get("message") or "The operation failed (injected by the emulator).", "details": []}
