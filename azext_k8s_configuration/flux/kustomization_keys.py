"""The keys of ``-k/--kustomization KEY=VALUE ...`` and their spellings: the one list that the help (_help.py,
_params.py) and the errors (kustomization_args.py) show.

Keys are matched without regard to case, ``-``, ``_`` or ``.`` (``dependsOn`` = ``depends_on`` = ``depends-on``).
Imports nothing: the help of flux create reads it.
"""

# canonical key -> accepted spellings (compared after normalise)
KEYS = {
    "name": ("name",),
    "path": ("path",),
    "prune": ("prune",),
    "depends_on": ("depends_on", "dependsOn", "depends", "dependencies"),
    "timeout": ("timeout",),
    "sync_interval": ("sync_interval", "syncInterval", "interval"),
    "retry_interval": ("retry_interval", "retryInterval"),
    "force": ("force",),
    "disable_health_check": ("disable_health_check", "disable-health-check"),
    "substitute": ("substitute", "postBuild.substitute", "post_build_substitute"),
    "substitute_from": ("substitute_from", "substituteFrom", "postBuild.substituteFrom",
                        "post_build_substitute_from"),
    "validation": ("validation",),
}
# accepted and ignored (kustomization_args.VALIDATION_IGNORED_WARNING): not advertised
NOT_ADVERTISED = ("validation",)


def normalise(key):
    return key.replace("-", "").replace("_", "").replace(".", "").lower()


def keys_text():
    """'name, path, ..., depends_on (or depends, dependencies), ... (any case; ...)': every advertised key, with the
    spellings that matching does not already make equal to it (dependsOn is depends_on; interval is another word)."""
    parts = []
    for key, spellings in KEYS.items():
        if key in NOT_ADVERTISED:
            continue
        others = []
        for spelling in spellings:
            if normalise(spelling) not in {normalise(key)} | {normalise(o) for o in others}:
                others.append(spelling)
        parts.append(f"{key} (or {', '.join(others)})" if others else key)
    return ", ".join(parts) + " (any case; '-', '_' and '.' are ignored: dependsOn is depends_on)"
