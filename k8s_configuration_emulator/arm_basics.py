"""ARM itself: cloud metadata, tenants, subscriptions, resource groups, providers, cluster resources."""
import re
import time
import uuid

from . import providers as prov
from .clusters import resource_group_body, resource_group_of, rg_id
from .common import paged, require_api_version
from .errors import ArmError, resource_group_not_found, resource_not_found
from .subscriptions import subscription_ids

# The oldest metadata shape: what `az cloud register` asks for on az 2.70 (az 2.91 asks for 2022-09-01)
LEGACY_METADATA_API_VERSION = "2015-01-01"


def metadata_endpoints(ctx, req):
    """What `az cloud register --endpoint-resource-manager URL` reads: `api-version=2022-09-01` (az 2.91) gets the
    cloud's full description; az 2.70 asks for `2015-01-01` and reads `galleryEndpoint`, `graphEndpoint` and
    `authentication` (loginEndpoint, audiences) from the shape of that version."""
    url = req.base_url + "/"
    if req.api_version == LEGACY_METADATA_API_VERSION:
        return 200, _legacy_cloud_metadata(url), {}
    return 200, _cloud_metadata(url), {}


def _legacy_cloud_metadata(url):
    return {
        "galleryEndpoint": url, "graphEndpoint": url, "graphAudience": url, "portalEndpoint": url + "portal",
        "authentication": {"loginEndpoint": url + "login", "audiences": [url]},
    }


def _cloud_metadata(url):
    return {
        "name": "K8sConfigurationEmulator",
        "portal": url + "portal",
        "resourceManager": url,
        "authentication": {"loginEndpoint": url + "login", "audiences": [url], "tenant": "common",
                           "identityProvider": "AAD"},
        "media": url, "graphAudience": url, "graph": url, "batch": url, "gallery": url,
        "activeDirectoryDataLake": url, "sqlManagement": url, "vmImageAliasDoc": url + "vmimagealias",
        "microsoftGraphResourceId": url, "appInsightsResourceId": url, "logAnalyticsResourceId": url,
        "ossrdbmsResourceId": url, "appInsightsTelemetryChannelResourceId": url,
        "synapseAnalyticsResourceId": url, "attestationResourceId": url,
        "suffixes": {"azureDataLakeStoreFileSystem": "emulator.invalid",
                     "acrLoginServer": "emulator.invalid", "sqlServerHostname": "emulator.invalid",
                     "azureDataLakeAnalyticsCatalogAndJob": "emulator.invalid",
                     "keyVaultDns": "vault.emulator.invalid", "storage": "emulator.invalid",
                     "azureFrontDoorEndpointSuffix": "emulator.invalid"},
    }


# -- tenants and subscriptions ------------------------------------------------------------------
def _subscription(ctx, subscription_id=None):
    subscription_id = subscription_id or ctx.subscription_id
    name = "Emulator Subscription" if subscription_id == ctx.subscription_id else "Fleet " + subscription_id[:8]
    return {"id": "/subscriptions/" + subscription_id, "authorizationSource": "RoleBased",
            "managedByTenants": [], "subscriptionId": subscription_id, "tenantId": ctx.tenant_id,
            "displayName": name, "state": "Enabled",
            "subscriptionPolicies": {"locationPlacementId": "Public_2014-09-01", "quotaId": "PayAsYouGo_2014-09-01",
                                     "spendingLimit": "Off"}}


def list_tenants(ctx, req):
    require_api_version(req)
    return 200, {"value": [{"id": "/tenants/" + ctx.tenant_id, "tenantId": ctx.tenant_id,
                            "tenantCategory": "Home", "country": "US", "countryCode": "US",
                            "displayName": "Emulator Tenant", "domains": ["emulator.invalid"],
                            "defaultDomain": "emulator.invalid", "tenantType": "AAD"}]}, {}


def list_subscriptions(ctx, req):
    require_api_version(req)
    return 200, {"value": [_subscription(ctx, s) for s in subscription_ids(ctx.store)]}, {}


def check_subscription(ctx, req):
    """The subscription of the route, as the tenant spells it (404 SubscriptionNotFound for one it lacks)."""
    subscription = req.route["subscription"]
    if subscription.lower() == ctx.subscription_id.lower():
        return ctx.subscription_id
    for known in subscription_ids(ctx.store):
        if known.lower() == subscription.lower():
            return known
    raise ArmError(404, "SubscriptionNotFound", "The subscription '{}' could not be found.".format(subscription))


def _in_subscription(body, subscription_id):
    return body["id"].split("/")[2].lower() == subscription_id.lower()


def get_subscription(ctx, req):
    require_api_version(req)
    return 200, _subscription(ctx, check_subscription(ctx, req)), {}


def list_locations(ctx, req):
    require_api_version(req)
    check_subscription(ctx, req)
    names = {n: n.replace(" ", "").lower() for n in prov.LOCATIONS}  # display name -> name
    return 200, {"value": [{"id": "/subscriptions/{}/locations/{}".format(ctx.subscription_id, name), "name": name,
                            "displayName": n, "regionalDisplayName": n, "type": "Region"}
                           for n, name in names.items()]}, {}


# -- resource groups ----------------------------------------------------------------------------
def resource_groups(ctx, req):
    require_api_version(req)
    subscription = check_subscription(ctx, req)
    if req.method != "GET":
        raise ArmError(405, "MethodNotAllowed", "The requested method is not allowed.")
    return 200, paged(ctx, req, "/subscriptions/{}/resourcegroups".format(subscription),
                      "resourceGroup", lambda rec: rec.body), {}


def resource_group(ctx, req):
    require_api_version(req)
    subscription = check_subscription(ctx, req)
    name = req.route["resource_group"]
    rid = rg_id(subscription, name)
    record = ctx.store.get(rid)
    if req.method in ("GET", "HEAD"):
        if record is None:
            raise resource_group_not_found(name)
        return (200 if req.method == "GET" else 204), record.body if req.method == "GET" else None, {}
    if req.method == "PUT":
        body = req.body or {}
        location = body.get("location")
        if not location:
            raise ArmError(400, "LocationRequired", "The location property is required for this definition.")
        if record is not None:
            new = dict(record.body, tags=body.get("tags") or {})
            ctx.store.update(rid, new)
            return 200, new, {}
        new = resource_group_body(subscription, name, location, body.get("tags"))
        if body.get("managedBy"):
            new["managedBy"] = body["managedBy"]
        ctx.store.put(rid, "/subscriptions/{}/resourcegroups".format(subscription), "resourceGroup", new)
        return 201, new, {}
    if req.method == "PATCH":
        if record is None:
            raise resource_group_not_found(name)
        body = dict(record.body)
        if "tags" in (req.body or {}):
            body["tags"] = req.body["tags"] or {}
        ctx.store.update(rid, body)
        return 200, body, {}
    if req.method == "DELETE":
        if record is None:
            raise resource_group_not_found(name)
        ctx.store.delete(rid)  # everything in it goes too; the operation result is immediately final
        location = "{}/subscriptions/{}/operationresults/{}?api-version={}".format(
            req.base_url, ctx.subscription_id, uuid.uuid4().hex, req.api_version)
        return 202, None, {"Location": location, "Retry-After": "0"}
    raise ArmError(405, "MethodNotAllowed", "The requested method is not allowed.")


def operation_result(ctx, req):
    require_api_version(req)
    return 200, None, {}


# -- providers ----------------------------------------------------------------------------------
def provider_state(ctx, namespace):
    """Current registration state, moving Registering -> Registered once its time has come."""
    state, until = ctx.store.provider_state(namespace)
    if state is None:
        return "Registered"
    if until is not None and time.time() >= until:
        state = {"Registering": "Registered", "Unregistering": "NotRegistered"}.get(state, state)
        ctx.store.set_provider_state(namespace, state)
    return state


def list_providers(ctx, req):
    require_api_version(req)
    check_subscription(ctx, req)
    return 200, {"value": [_provider(ctx, ns, provider_state(ctx, ns)) for ns in prov.CATALOG]}, {}


def _provider(ctx, namespace, state):
    return prov.provider_body(ctx.subscription_id, namespace, state, prov.resource_types(namespace, ctx.types))


def _namespace(req):
    namespace = prov.canonical_namespace(req.route["namespace"])
    if namespace is None:
        raise ArmError(404, "InvalidResourceNamespace",
                       "The resource namespace '{}' is invalid.".format(req.route["namespace"]))
    return namespace


def _provider_namespace(ctx, req, method):
    """The provider namespace a request names, once api-version, subscription and method are checked."""
    require_api_version(req)
    check_subscription(ctx, req)
    if req.method != method:
        raise ArmError(405, "MethodNotAllowed", "The requested method is not allowed.")
    return _namespace(req)


def get_provider(ctx, req):
    namespace = _provider_namespace(ctx, req, "GET")
    return 200, _provider(ctx, namespace, provider_state(ctx, namespace)), {}


def register_provider(ctx, req):
    namespace = _provider_namespace(ctx, req, "POST")
    register = req.route["action"].lower() == "register"
    state = provider_state(ctx, namespace)
    if register and state != "Registered":
        state = "Registering"
        ctx.store.set_provider_state(namespace, state, time.time() + ctx.operation_seconds)
    elif not register and state != "NotRegistered":
        state = "Unregistering"
        ctx.store.set_provider_state(namespace, state, time.time() + ctx.operation_seconds)
    return 200, _provider(ctx, namespace, state), {}


# -- cluster resources (read-only for ARM clients) ----------------------------------------------
def cluster_resource(ctx, req):
    """GET .../providers/{ns}/{type}/{name} for the cluster types (and other known top-level types)."""
    require_api_version(req)
    subscription = check_subscription(ctx, req)
    route = req.route
    namespace = prov.canonical_namespace(route["namespace"])
    type_name = route["type"]
    if namespace is None or type_name.lower() not in {t.lower() for t in prov.resource_types(namespace, ctx.types)}:
        raise ArmError(400, "NoRegisteredProviderFound",
                       "No registered resource provider found for location 'eastus' and type '{}/{}'."
                       .format(route["namespace"], type_name))
    if ctx.store.get(rg_id(subscription, route["resource_group"])) is None:
        raise resource_group_not_found(route["resource_group"])
    record = ctx.store.get(req.path)
    if record is None:
        raise resource_not_found("{}/{}".format(namespace, type_name), route["name"], route["resource_group"])
    if req.method != "GET":
        raise ArmError(405, "MethodNotAllowed",
                       "The emulator creates clusters with its own CLI (add-cluster), not through ARM.")
    return 200, record.body, {}


# -- generic resource listing (az resource list) ------------------------------------------------
_FILTER = re.compile(r"^\s*(resourceGroup|resourceType|name)\s+eq\s+'([^']*)'\s*$", re.IGNORECASE)


def list_resources(ctx, req):
    """GET /subscriptions/{s}[/resourceGroups/{rg}]/resources: the top-level resources (clusters).
    Supports $filter clauses "resourceGroup|resourceType|name eq '...'" joined with "and"."""
    require_api_version(req)
    subscription = check_subscription(ctx, req)
    wanted = {}
    group = req.route.get("resource_group")
    if group is not None:
        if ctx.store.get(rg_id(subscription, group)) is None:
            raise resource_group_not_found(group)
        wanted["resourcegroup"] = group.lower()
    for clause in filter(None, re.split(r"\s+and\s+", req.q("$filter") or "", flags=re.IGNORECASE)):
        match = _FILTER.match(clause)
        if not match:
            raise ArmError(400, "InvalidFilterInQueryString", "Invalid $filter '{}'.".format(req.q("$filter")))
        wanted[match.group(1).lower()] = match.group(2).lower()
    value = []
    for _, record in ctx.store.list_kind("cluster"):
        body = record.body
        if not _in_subscription(body, subscription):
            continue
        facts = {"resourcegroup": resource_group_of(body["id"]).lower(), "resourcetype": body["type"].lower(),
                 "name": body["name"].lower()}
        if all(facts[k] == v for k, v in wanted.items()):
            value.append({k: body[k] for k in ("id", "name", "type", "location", "tags", "identity", "sku")
                          if k in body})
    return 200, {"value": value}, {}


def list_of_type(ctx, req):
    """GET /subscriptions/{s}[/resourceGroups/{rg}]/providers/{ns}/{type} (`az aks list`): clusters of a type."""
    require_api_version(req)
    subscription = check_subscription(ctx, req)
    rp_ns, type_name = req.route["cluster_rp"].lower(), req.route["cluster_type"].lower()
    group = req.route.get("resource_group")
    if group is not None and ctx.store.get(rg_id(subscription, group)) is None:
        raise resource_group_not_found(group)
    wanted_type = "{}/{}".format(rp_ns, type_name)
    value = [rec.body for _, rec in ctx.store.list_kind("cluster") if rec.body["type"].lower() == wanted_type
             and _in_subscription(rec.body, subscription)
             and (group is None or resource_group_of(rec.body["id"]).lower() == group.lower())]
    return 200, {"value": value}, {}
