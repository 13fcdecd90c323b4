"""The only place that builds extension ARM JSON (API 2025-03-01, definitions Extension / patchExtension, Plan).

Create bodies carry only what the user set (the service fills in defaults); update bodies are
PATCHes with only what changed. Non-AKS clusters get a SystemAssigned identity on create.
"""
from .status import FLUX_EXTENSION_TYPE

SYSTEM_ASSIGNED_IDENTITY = {"type": "SystemAssigned"}


def _identity_for(body, cluster):
    if not cluster.is_aks:
        body["identity"] = dict(SYSTEM_ASSIGNED_IDENTITY)
    return body


def _scope(spec):
    if spec.scope == "namespace":
        return {"namespace": _omit_none({"targetNamespace": spec.target_namespace})}
    if spec.scope == "cluster":
        return {"cluster": _omit_none({"releaseNamespace": spec.release_namespace})}
    return None


def _omit_none(mapping):
    return {key: value for key, value in mapping.items() if value is not None}


def create_body(spec, cluster):
    """PUT body for a new extension (model.ExtensionSpec → Extension)."""
    properties = _omit_none({
        "extensionType": spec.extension_type,
        "autoUpgradeMinorVersion": spec.auto_upgrade_minor_version,
        "releaseTrain": spec.release_train,
        "version": spec.version,
        "scope": _scope(spec),
        "configurationSettings": spec.configuration_settings,
        "configurationProtectedSettings": spec.configuration_protected_settings,
    })
    body = {"properties": properties}
    if spec.plan:
        body["plan"] = dict(spec.plan)
    return _identity_for(body, cluster)


def patch_body(changes):
    """PATCH body (model.ExtensionChanges → patchExtension): only the fields that change.

    Settings maps are merged by the service key by key (JSON merge patch), so only the given keys are sent; a key
    to remove is sent as null.
    """
    return {"properties": _omit_none({
        "autoUpgradeMinorVersion": changes.auto_upgrade_minor_version,
        "releaseTrain": changes.release_train,
        "version": changes.version,
        "configurationSettings": _settings_patch(changes.configuration_settings, changes.removed_settings),
        "configurationProtectedSettings": _settings_patch(changes.configuration_protected_settings,
                                                          changes.removed_protected_settings),
    })}


def _settings_patch(settings, removed):
    """{key: value} set and {key: None} removed, or None when neither is given."""
    if settings is None and not removed:
        return None
    return {**(settings or {}), **{key: None for key in removed or []}}


def flux_install_body(cluster):
    """PUT body of the microsoft.flux extension that `flux create` installs when it is missing."""
    body = {"properties": {"extensionType": FLUX_EXTENSION_TYPE, "autoUpgradeMinorVersion": True}}
    return _identity_for(body, cluster)
