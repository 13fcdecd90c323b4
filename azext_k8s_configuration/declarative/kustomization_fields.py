"""The one mapping of a kustomization's fields between the three shapes a file may use: the wire member (what
`flux show` prints), the -k key whose rules read the value (flux/kustomization_args.py), and the field of Flux's
Kustomization (kustomize.toolkit.fluxcd.io) — with how each value turns into the text of that -k key.

Derived from the table of kustomization settings (flux/kustomization_settings.py: the wire path, the -k key, the
Flux field and the kind of value of each setting); what is here is only how a value is written in each shape.
"""
import json

from ..flux.kustomization_settings import BY_FLUX_FIELD, SETTINGS
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


def _converter(setting, shape):
    """How a value of ``setting`` in a file of ``shape`` ("wire": what `flux show` prints; "flux": Flux's
    Kustomization) becomes the text of its -k key."""
    if setting.inverted:
        return _not
    if setting.value == "bool":
        return _bool
    if setting.value in ("names", "substitute", "substitute_from"):
        return _text
    if setting.value == "duration" and shape == "wire":
        return _seconds  # whole seconds on the wire; Flux writes Go durations already
    if setting.value == "text" and shape == "wire":
        return lambda v: "" if v is None else v
    return lambda v: v


# wire member (dotted: "postBuild.substitute") -> (-k key, value to -k text), from the settings table
WIRE = {".".join(s.wire): (s.key, _converter(s, "wire")) for s in SETTINGS if s.wire}

# Flux Kustomization spec field -> (-k key, value to -k text); dependsOn is a list of {name, namespace} in Flux: the
# reader takes the names (flux_shape.py)
FLUX = {s.flux_field: (s.key, _converter(s, "flux")) for s in SETTINGS if s.flux_field and s.flux_field != "dependsOn"}

# The service's defaults for a kustomization (what it reports when they are left out), used to compare a stored
# configuration with a file: what create sends for a new one (the table's defaults), and wait, which the service
# reports as true when it was left out.
DEFAULTS = {**{".".join(s.wire): list(s.default) if isinstance(s.default, tuple) else s.default
               for s in SETTINGS if s.wire and s.default is not None},
            "wait": True}

# The order export writes a Kustomization's spec fields in (as Flux's own `flux create kustomization --export`).
_EXPORT_ORDER = ("path", "interval", "retryInterval", "timeout", "prune", "force", "wait")


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
    for field in _EXPORT_ORDER:
        member = ".".join(BY_FLUX_FIELD[field].wire)
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
