"""The microsoft.flux extension's documented configuration settings, to warn about misspelt keys.

Known keys: the exact keys in KNOWN_KEYS, and any key under a controller's documented nested
settings (`<controller>.resources.*` for limits/requests, `<controller>.tolerations*`). The service
accepts other keys too (new ones appear with new Flux versions), so an unknown key is a warning,
not an error.
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


def unknown_keys_warning(option, keys):
    """The warning for keys microsoft.flux does not document, or None when all are known."""
    unknown = unknown_keys(keys)
    if not unknown:
        return None
    enabled = {f"{controller}.enabled" for controller in CONTROLLERS}
    others = sorted(KNOWN_KEYS - enabled)
    guesses = [f"'{match[0]}' for '{key}'" for key in unknown
               for match in [difflib.get_close_matches(key, KNOWN_KEYS, n=1, cutoff=0.8)] if match]
    return (f"{option}: {', '.join(repr(k) for k in unknown)} "
            f"{'is not a known setting' if len(unknown) == 1 else 'are not known settings'} of microsoft.flux; "
            + (f"did you mean {', '.join(guesses)}? " if guesses else "check the spelling. ")
            + "Known settings: " + ", ".join(sorted(enabled)) + "; " + ", ".join(others)
            + "; and <name>.resources.*, <name>.tolerations for " + ", ".join(CONTROLLERS + AGENTS) + ".")
