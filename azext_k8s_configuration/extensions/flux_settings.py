"""The microsoft.flux extension's documented configuration settings, to warn about misspelt keys.

Known keys: the exact keys in KNOWN_KEYS, and any key under a controller's documented nested
settings (`<controller>.resources.*` for limits/requests, `<controller>.tolerations*`). The service
accepts other keys too (new ones appear with new Flux versions), so an unknown key is a one-line
warning naming the nearest known key, not an error, and the setting is sent as given.
"""
import difflib

CONTROLLERS = (
    "source-controller", "kustomize-controller", "helm-controller", "notification-controller",
    "image-automation-controller", "image-reflector-controller",
)
AGENTS = ("fluxconfig-agent", "fluxconfig-controller")

KNOWN_KEYS = frozenset(
    [f"{controller}.enabled" for controller in CONTROLLERS]
    + [f"{controller}.requeue-dependency" for controller in ("source-controller", "kustomize-controller",
                                                             "helm-controller")]
    + [
        "helm-controller.detectDrift",
        "helm-controller.outOfMemoryWatch.enabled",
        "helm-controller.outOfMemoryWatch.memoryThreshold",
        "helm-controller.outOfMemoryWatch.interval",
        "useKubeletIdentity",
        "multiTenancy.enforce",
        "workloadIdentity.enable",
        "workloadIdentity.azureClientId",
    ])
NESTED = ("resources.", "tolerations")
KNOWN_PREFIXES = tuple(f"{owner}.{nested}" for owner in CONTROLLERS + AGENTS for nested in NESTED)


def is_known(key):
    return key in KNOWN_KEYS or key.startswith(KNOWN_PREFIXES)


def unknown_keys(keys):
    return [key for key in keys if not is_known(key)]


def unknown_key_warnings(keys, protected=False):
    """One line per key microsoft.flux does not document, naming the nearest known key when one is close.
    The setting is still sent: the service decides (new Flux versions bring new settings)."""
    kind = "protected setting" if protected else "setting"
    warnings = []
    for key in unknown_keys(keys):
        nearest = nearest_known_key(key)
        guess = f" (did you mean '{nearest}'?)" if nearest else ""
        warnings.append(f"Unknown microsoft.flux {kind} '{key}'{guess}; it is sent as given and the service decides.")
    return warnings


def nearest_known_key(key):
    """The known key closest to ``key`` (difflib), or None when none is close. A nested key
    (`<controller>.resources.*`, `<controller>.tolerations*`) is matched on its controller part."""
    for nested in NESTED:
        owner, marker, rest = key.partition("." + nested)
        if marker:
            match = difflib.get_close_matches(owner, CONTROLLERS + AGENTS, n=1, cutoff=0.75)
            return f"{match[0]}.{nested}{rest}" if match else None
    match = difflib.get_close_matches(key, sorted(KNOWN_KEYS), n=1, cutoff=0.75)
    return match[0] if match else None
