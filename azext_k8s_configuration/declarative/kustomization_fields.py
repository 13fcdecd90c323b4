"""The one mapping of a kustomization's fields between the three shapes a file may use: the wire member (what
`flux show` prints), the -k key whose rules read the value (flux/kustomization_args.py), and the field of Flux's
Kustomization (kustomize.toolkit.fluxcd.io) — with how each value turns into the text of that -k key.

Kept in one place so that a single kustomization settings table (issue 16) can absorb it.
"""
import json

from ..validation.durations import format_duration


def _seconds(value):
    """Wire whole seconds -> a Go duration the -k rules parse (600 -> '10m'); anything else goes on as written
    (and the rules refuse it, naming the member)."""
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return format_duration(value)
    return value


def _text(value):
    return value if isinstance(value, str) else json.dumps(value)


def _bool(value):
    return str(value).lower() if isinstance(value, bool) else value


def _not(value):
    return str(not value).lower() if isinstance(value, bool) else value


# wire member -> (-k key, value to -k text); postBuild is split into its two members
WIRE = {
    "path": ("path", lambda v: "" if v is None else v),
    "dependsOn": ("depends_on", _text),
    "timeoutInSeconds": ("timeout", _seconds),
    "syncIntervalInSeconds": ("sync_interval", _seconds),
    "retryIntervalInSeconds": ("retry_interval", _seconds),
    "prune": ("prune", _bool),
    "force": ("force", _bool),
    "wait": ("disable_health_check", _not),
    "postBuild.substitute": ("substitute", _text),
    "postBuild.substituteFrom": ("substitute_from", _text),
}

# Flux Kustomization spec field -> (-k key, value to -k text); durations are Go durations already
FLUX = {
    "path": ("path", lambda v: v),
    "interval": ("sync_interval", lambda v: v),
    "retryInterval": ("retry_interval", lambda v: v),
    "timeout": ("timeout", lambda v: v),
    "prune": ("prune", _bool),
    "force": ("force", _bool),
    "wait": ("disable_health_check", _not),
    "postBuild.substitute": ("substitute", _text),
    "postBuild.substituteFrom": ("substitute_from", _text),
}
# dependsOn is a list of {name, namespace} in Flux: the reader takes the names (flux_shape.py)

# The service's defaults for a kustomization (what it reports when they are left out; flux create sends the first
# six), used to compare a stored configuration with a file.
DEFAULTS = {"path": "", "dependsOn": [], "timeoutInSeconds": 600, "syncIntervalInSeconds": 600, "prune": False,
            "force": False, "wait": True}


def tokens_from_wire(name, body):
    """A wire kustomization ({member: value}) -> the -k tokens of `flux create` (KEY=VALUE texts)."""
    tokens = [f"name={name}"]
    post_build = body.get("postBuild") or {}
    flat = {**{k: v for k, v in body.items() if k != "postBuild"},
            **{f"postBuild.{k}": v for k, v in post_build.items()}}
    for member, value in flat.items():
        if value is None or member not in WIRE:
            continue
        key, text = WIRE[member]
        tokens.append(f"{key}={text(value)}")
    return tokens


def flux_spec_from_wire(body):
    """A wire kustomization -> the fields of Flux's Kustomization spec it sets (export), without sourceRef."""
    spec = {}
    for member, field in (("path", "path"), ("syncIntervalInSeconds", "interval"),
                          ("retryIntervalInSeconds", "retryInterval"), ("timeoutInSeconds", "timeout"),
                          ("prune", "prune"), ("force", "force"), ("wait", "wait")):
        value = body.get(member)
        if value is None:
            value = DEFAULTS.get(member)
        if value is None:
            continue
        spec[field] = format_duration(value) if member.endswith("InSeconds") else value
    if not spec.get("path"):
        spec.pop("path", None)  # Flux's default: the root of the source
    post_build = {k: v for k, v in (body.get("postBuild") or {}).items() if v}
    if post_build:
        spec["postBuild"] = post_build
    return spec
