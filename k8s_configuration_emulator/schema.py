"""The request-body schema the emulator validates against, written compactly for the three resource types.

Each ``Obj`` carries the name of the definition it mirrors in the Azure REST spec
(``fluxconfiguration.json`` 2025-04-01, ``extensions.json`` 2025-03-01, ``kubernetesconfiguration.json``
2024-11-01; dotted names are inline objects, e.g. ``Extension.properties``) so that
tests/emulator/test_schema_vs_spec.py can prove every property, type and enum against the spec.

Validation follows the service: wrong JSON type, unknown enum value (compared case-insensitively and
normalised to the spec's casing) or an unknown member → 400 InvalidRequestContent with one detail per
problem. ``null`` is accepted for any property (PATCH uses it to remove). Read-only properties sent by a
client are ignored (dropped), as ARM does.
"""
from .errors import ArmError, error_detail

STRING, INTEGER, BOOLEAN = "string", "integer", "boolean"


class Enum:
    def __init__(self, *values):
        self.values = values


class MapOf:
    def __init__(self, item):
        self.item = item


class ListOf:
    def __init__(self, item):
        self.item = item


class ReadOnly:
    def __init__(self, item):
        self.item = item


class Secret:
    """A write-only string (``format: password`` in the spec): accepted, stored, never returned (null)."""


SECRET = Secret()
REDACTED = "<redacted>"


class Redacted:
    """Accepted and stored as sent, but the service answers it as ``"<redacted>"`` (as it does for the OCI TLS
    material and verification keys; Microsoft's integration tests wait for exactly that)."""

    def __init__(self, item):
        self.item = item


class Obj:
    def __init__(self, spec_name, props, legacy_read_only=()):
        self.spec_name = spec_name
        self.props = props
        # read-only members of older api-versions that clients may echo back: dropped, not refused
        self.legacy_read_only = frozenset(legacy_read_only)


# -- fluxConfigurations (2025-04-01) -----------------------------------------------------------
SCOPE = Enum("cluster", "namespace")
# sourceKind -> the member of the properties that holds a source of that kind
SOURCE_BLOCKS = {"GitRepository": "gitRepository", "Bucket": "bucket", "AzureBlob": "azureBlob",
                 "OCIRepository": "ociRepository"}
DEFAULT_SOURCE_KIND = "GitRepository"
SOURCE_KIND = Enum(*SOURCE_BLOCKS)
COMPLIANCE = Enum("Compliant", "Non-Compliant", "Pending", "Suspended", "Unknown")
PROVISIONING = Enum("Succeeded", "Failed", "Canceled", "Creating", "Updating", "Deleting")
SECONDS = INTEGER

REPOSITORY_REF = Obj("RepositoryRefDefinition", {"branch": STRING, "tag": STRING, "semver": STRING,
                                                 "commit": STRING})


def _git(name):
    return Obj(name, {"url": STRING, "timeoutInSeconds": SECONDS, "syncIntervalInSeconds": SECONDS,
                      "repositoryRef": REPOSITORY_REF, "sshKnownHosts": STRING, "httpsUser": STRING,
                      "httpsCACert": STRING, "localAuthRef": STRING,
                      "provider": Enum("Azure", "GitHub", "Generic")})


def _bucket(name):
    return Obj(name, {"url": STRING, "bucketName": STRING, "insecure": BOOLEAN, "timeoutInSeconds": SECONDS,
                      "syncIntervalInSeconds": SECONDS, "accessKey": STRING, "localAuthRef": STRING})


def _azure_blob(name, sp_name, mi_name):
    return Obj(name, {
        "url": STRING, "containerName": STRING, "timeoutInSeconds": SECONDS, "syncIntervalInSeconds": SECONDS,
        "servicePrincipal": Obj(sp_name, {"clientId": STRING, "tenantId": STRING, "clientSecret": SECRET,
                                          "clientCertificate": SECRET, "clientCertificatePassword": SECRET,
                                          "clientCertificateSendChain": BOOLEAN}),
        "accountKey": SECRET, "sasToken": SECRET,
        "managedIdentity": Obj(mi_name, {"clientId": STRING}),
        "localAuthRef": STRING})


def _oci(name, suffix):
    return Obj(name, {
        "url": STRING, "timeoutInSeconds": SECONDS, "syncIntervalInSeconds": SECONDS,
        "repositoryRef": Obj("OCIRepositoryRef" + suffix, {"tag": STRING, "semver": STRING, "digest": STRING}),
        "layerSelector": Obj("LayerSelector" + suffix, {"mediaType": STRING,
                                                        "operation": Enum("extract", "copy")}),
        "verify": Obj("Verify" + suffix, {
            "provider": STRING, "verificationConfig": MapOf(Redacted(STRING)),
            "matchOidcIdentity": ListOf(Obj("MatchOidcIdentity" + suffix, {"issuer": STRING, "subject": STRING}))}),
        "insecure": BOOLEAN, "useWorkloadIdentity": BOOLEAN, "serviceAccountName": STRING,
        "tlsConfig": Obj("TlsConfig" + suffix, {"clientCertificate": Redacted(SECRET),
                                                "privateKey": Redacted(SECRET), "caCertificate": Redacted(SECRET)}),
        "localAuthRef": STRING})


def _kustomization(name, post_build, substitute_from, read_only_name):
    props = {"path": STRING, "dependsOn": ListOf(STRING), "timeoutInSeconds": SECONDS,
             "syncIntervalInSeconds": SECONDS, "retryIntervalInSeconds": SECONDS, "prune": BOOLEAN,
             "force": BOOLEAN, "wait": BOOLEAN,
             "postBuild": Obj(post_build, {"substitute": MapOf(STRING), "substituteFrom": ListOf(
                 Obj(substitute_from, {"kind": STRING, "name": STRING, "optional": BOOLEAN}))})}
    if read_only_name:
        props["name"] = ReadOnly(STRING)
    return Obj(name, props)


OBJECT_REFERENCE = Obj("ObjectReferenceDefinition", {"name": STRING, "namespace": STRING})
OBJECT_STATUS = Obj("ObjectStatusDefinition", {
    "name": STRING, "namespace": STRING, "kind": STRING, "complianceState": COMPLIANCE,
    "appliedBy": OBJECT_REFERENCE,
    "statusConditions": ListOf(Obj("ObjectStatusConditionDefinition", {
        "lastTransitionTime": STRING, "message": STRING, "reason": STRING, "status": STRING, "type": STRING})),
    "helmReleaseProperties": Obj("HelmReleasePropertiesDefinition", {
        "lastRevisionApplied": INTEGER, "helmChartRef": OBJECT_REFERENCE, "failureCount": INTEGER,
        "installFailureCount": INTEGER, "upgradeFailureCount": INTEGER}),
})

FLUX_PROPERTIES = Obj("FluxConfigurationProperties", {
    "scope": SCOPE, "namespace": STRING, "sourceKind": SOURCE_KIND, "suspend": BOOLEAN,
    "gitRepository": _git("GitRepositoryDefinition"),
    "bucket": _bucket("BucketDefinition"),
    "azureBlob": _azure_blob("AzureBlobDefinition", "ServicePrincipalDefinition", "ManagedIdentityDefinition"),
    "ociRepository": _oci("OCIRepositoryDefinition", "Definition"),
    "kustomizations": MapOf(_kustomization("KustomizationDefinition", "PostBuildDefinition",
                                           "SubstituteFromDefinition", True)),
    "configurationProtectedSettings": MapOf(STRING),
    "waitForReconciliation": BOOLEAN, "reconciliationWaitDuration": STRING,
    "statuses": ReadOnly(ListOf(OBJECT_STATUS)), "repositoryPublicKey": ReadOnly(STRING),
    "sourceSyncedCommitId": ReadOnly(STRING), "sourceUpdatedAt": ReadOnly(STRING),
    "statusUpdatedAt": ReadOnly(STRING), "complianceState": ReadOnly(COMPLIANCE),
    "provisioningState": ReadOnly(PROVISIONING), "errorMessage": ReadOnly(STRING),
})
FLUX_PATCH_PROPERTIES = Obj("FluxConfigurationPatchProperties", {
    "sourceKind": SOURCE_KIND, "suspend": BOOLEAN,
    "gitRepository": _git("GitRepositoryPatchDefinition"),
    "bucket": _bucket("BucketPatchDefinition"),
    "azureBlob": _azure_blob("AzureBlobPatchDefinition", "ServicePrincipalPatchDefinition",
                             "ManagedIdentityPatchDefinition"),
    "ociRepository": _oci("OCIRepositoryPatchDefinition", "PatchDefinition"),
    "kustomizations": MapOf(_kustomization("KustomizationPatchDefinition", "PostBuildPatchDefinition",
                                           "SubstituteFromPatchDefinition", False)),
    "configurationProtectedSettings": MapOf(STRING),
})

# -- extensions (2025-03-01) -------------------------------------------------------------------
AUTO_UPGRADE_MODE = Enum("none", "patch", "compatible")
IDENTITY = Obj("Identity", {"principalId": ReadOnly(STRING), "tenantId": ReadOnly(STRING),
                            "type": Enum("SystemAssigned")})
EXTENSION_PROPERTIES = Obj("Extension.properties", {
    "extensionType": STRING, "autoUpgradeMode": AUTO_UPGRADE_MODE, "autoUpgradeMinorVersion": BOOLEAN,
    "releaseTrain": STRING, "version": STRING,
    "scope": Obj("Scope", {"cluster": Obj("ScopeCluster", {"releaseNamespace": STRING}),
                           "namespace": Obj("ScopeNamespace", {"targetNamespace": STRING})}),
    "configurationSettings": MapOf(STRING), "configurationProtectedSettings": MapOf(STRING),
    "currentVersion": ReadOnly(STRING), "provisioningState": ReadOnly(PROVISIONING),
    "statuses": ListOf(ReadOnly(STRING)),  # ExtensionStatus entries are read-only
    "errorInfo": ReadOnly(STRING), "customLocationSettings": ReadOnly(MapOf(STRING)),
    "packageUri": ReadOnly(STRING),
    "aksAssignedIdentity": Obj("Extension.properties.aksAssignedIdentity", {
        "principalId": ReadOnly(STRING), "tenantId": ReadOnly(STRING),
        "type": Enum("SystemAssigned", "UserAssigned", "Workload"),
        "objectId": STRING, "clientId": STRING, "url": STRING}),
    "isSystemExtension": ReadOnly(BOOLEAN), "managementDetails": ReadOnly(STRING),
    "additionalDetails": ReadOnly(STRING), "extensionState": ReadOnly(STRING),
}, legacy_read_only=["installedVersion"])  # 2022-03-01's name for currentVersion
EXTENSION_PATCH_PROPERTIES = Obj("patchExtension.properties", {
    "autoUpgradeMode": AUTO_UPGRADE_MODE, "autoUpgradeMinorVersion": BOOLEAN, "releaseTrain": STRING,
    "version": STRING, "configurationSettings": MapOf(STRING), "configurationProtectedSettings": MapOf(STRING),
})
PLAN = Obj("Plan", {"name": STRING, "publisher": STRING, "product": STRING, "promotionCode": STRING,
                    "version": STRING})

# -- sourceControlConfigurations (2024-11-01) --------------------------------------------------
SCC_PROPERTIES = Obj("SourceControlConfiguration.properties", {
    "repositoryUrl": STRING, "operatorNamespace": STRING, "operatorInstanceName": STRING,
    "operatorType": Enum("Flux"), "operatorParams": STRING, "configurationProtectedSettings": MapOf(STRING),
    "operatorScope": Enum("cluster", "namespace"), "repositoryPublicKey": ReadOnly(STRING),
    "sshKnownHostsContents": STRING, "enableHelmOperator": BOOLEAN,
    "helmOperatorProperties": Obj("HelmOperatorProperties", {"chartVersion": STRING, "chartValues": STRING}),
    "provisioningState": ReadOnly(STRING), "complianceStatus": ReadOnly(STRING),
})

# Top-level request envelopes: property -> schema; envelope members ARM clients may echo back are ignored.
ENVELOPE_IGNORED = {"id", "name", "type", "systemData"}
REQUESTS = {
    ("fluxConfigurations", "PUT"): {"properties": FLUX_PROPERTIES},
    ("fluxConfigurations", "PATCH"): {"properties": FLUX_PATCH_PROPERTIES},
    ("extensions", "PUT"): {"properties": EXTENSION_PROPERTIES, "identity": IDENTITY, "plan": PLAN,
                            "managedBy": ReadOnly(STRING)},
    ("extensions", "PATCH"): {"properties": EXTENSION_PATCH_PROPERTIES},
    ("sourceControlConfigurations", "PUT"): {"properties": SCC_PROPERTIES},
}


def source_kind(props):
    """A configuration's source kind (the service's default when none is set)."""
    return props.get("sourceKind") or DEFAULT_SOURCE_KIND


def validate_request(collection, method, body):
    """Return the body with read-only members dropped, enums normalised; raise 400 on problems."""
    if body is None:
        raise ArmError(400, "InvalidRequestContent", "The request content was invalid: a JSON body is required.")
    if not isinstance(body, dict):
        raise ArmError(400, "InvalidRequestContent",
                       "The request content was invalid and could not be deserialized: expected a JSON object.")
    envelope = REQUESTS[(collection, method)]
    problems = []
    cleaned = {}
    for key, value in body.items():
        if key in ENVELOPE_IGNORED:
            continue
        if key not in envelope:
            problems.append(error_detail("InvalidRequestContent",
                                         "Could not find member '{}' on the request object.".format(key), key))
            continue
        out = _check(envelope[key], value, key, problems)
        if out is not _DROP:
            cleaned[key] = out
    if problems:
        raise ArmError(400, "InvalidRequestContent",
                       "The request content was invalid and could not be deserialized: " +
                       "; ".join(p["message"] for p in problems), problems)
    return cleaned


_DROP = object()
_TYPES = {STRING: str, INTEGER: int, BOOLEAN: bool}


def _check(spec, value, path, problems):
    if isinstance(spec, ReadOnly):
        return _DROP
    if value is None:
        return None
    if isinstance(spec, Redacted):
        spec = spec.item
    if isinstance(spec, Secret):
        spec = STRING
    if isinstance(spec, str):
        ok = isinstance(value, _TYPES[spec]) and not (spec == INTEGER and isinstance(value, bool))
        if not ok:
            problems.append(error_detail("InvalidRequestContent", "Property '{}' must be of type {}, got {}."
                                         .format(path, spec, _json_type(value)), path))
        return value
    if isinstance(spec, Enum):
        for allowed in spec.values:
            if isinstance(value, str) and value.lower() == allowed.lower():
                return allowed
        problems.append(error_detail("InvalidRequestContent", "Property '{}' has the invalid value {!r}; allowed "
                                     "values: {}.".format(path, value, ", ".join(spec.values)), path))
        return value
    if isinstance(spec, MapOf):
        if not isinstance(value, dict):
            problems.append(error_detail("InvalidRequestContent", "Property '{}' must be an object, got {}."
                                         .format(path, _json_type(value)), path))
            return value
        return {k: _check(spec.item, v, "{}.{}".format(path, k), problems) for k, v in value.items()}
    if isinstance(spec, ListOf):
        if not isinstance(value, list):
            problems.append(error_detail("InvalidRequestContent", "Property '{}' must be an array, got {}."
                                         .format(path, _json_type(value)), path))
            return value
        items = [_check(spec.item, v, "{}[{}]".format(path, i), problems) for i, v in enumerate(value)]
        return [v for v in items if v is not _DROP]
    # Obj
    if not isinstance(value, dict):
        problems.append(error_detail("InvalidRequestContent", "Property '{}' must be an object, got {}."
                                     .format(path, _json_type(value)), path))
        return value
    out = {}
    for key, item in value.items():
        if key in spec.legacy_read_only:
            continue
        if key not in spec.props:
            problems.append(error_detail("InvalidRequestContent", "Could not find member '{}' on object of type "
                                         "'{}' (at '{}').".format(key, spec.spec_name, path), path + "." + key))
            continue
        checked = _check(spec.props[key], item, "{}.{}".format(path, key), problems)
        if checked is not _DROP:
            out[key] = checked
    return out


def write_only_paths(spec, prefix=()):
    """[(path, answer)] for every member the service does not return as sent: a Secret is answered null, a
    Redacted value "<redacted>". A path is a tuple of member names; "*" stands for every key of a map."""
    if isinstance(spec, Redacted):
        return [(prefix, REDACTED)]
    if isinstance(spec, Secret):
        return [(prefix, None)]
    if isinstance(spec, MapOf):
        return write_only_paths(spec.item, prefix + ("*",))
    if isinstance(spec, Obj):
        return [found for name, member in spec.props.items() for found in write_only_paths(member, prefix + (name,))]
    return []  # plain values, enums, read-only members and lists (no write-only member lives in a list)


def mask_write_only(props, paths):
    """Answer every write-only member present in props (a response body's properties) as the service does."""
    for path, answer in paths:
        _mask(props, path, answer)


def _mask(node, path, answer):
    if not isinstance(node, dict):
        return
    key, rest = path[0], path[1:]
    keys = list(node) if key == "*" else [key]
    for k in keys:
        if not rest:
            if node.get(k) is not None:
                node[k] = answer
        else:
            _mask(node.get(k), rest, answer)


def _json_type(value):
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "null"
