"""`flux create` on a name that exists replaces the stored configuration with a PUT (as Microsoft's tool does, so
that scripts can repeat a create), but never silently (REFERENCE §11): before the PUT, warn naming each stored
kustomization the new body leaves out — and, where prune is on, that the objects it applied will be deleted from
the cluster — and a changed source kind or URL. Removing a pruned kustomization is the one change to confirm
(when a terminal is attached; the handler decides how to ask)."""
from dataclasses import dataclass, field

from azure.cli.core.azclierror import ValidationError

from ..validation.urls import display_url
from .options import SOURCE_KIND_OF
from .payload import read_existing


@dataclass
class Replacement:
    """``warnings``: to print, in order; ``question``: to confirm before the PUT, or None."""
    warnings: list = field(default_factory=list)
    question: str = None


def replacement(existing, spec, cluster):
    """What the create ``spec`` (FluxCreateSpec) does to the stored configuration ``existing`` (wire JSON) of the
    same name on ``cluster`` (ClusterRef) -> Replacement."""
    current = read_existing(existing)
    name, coordinates = spec.name, f"{cluster.cli_args} -n {spec.name}"
    _refuse_immutable_changes(current, spec, coordinates)
    warnings = [f"Flux configuration '{name}' already exists: this create replaces it with what this command "
                "gives; settings it leaves out go back to their defaults or are removed. To change only some "
                f"settings, use `az k8s-configuration flux update {coordinates} ...` instead."]
    warnings += _source_changes(current, spec)
    kept = {k.name for k in spec.kustomizations}
    removed = [k for k in current.kustomizations.values() if k.name not in kept]
    for kustomization in removed:
        if kustomization.prune:
            warnings.append(f"The kustomization '{kustomization.name}' is not in this command: it will be removed, "
                            "and as prune is on, the objects it applied will be deleted from the cluster.")
        else:
            warnings.append(f"The kustomization '{kustomization.name}' is not in this command: it will be removed "
                            "(prune is off: the objects it applied stay in the cluster, no longer managed by Flux).")
    pruned = [k.name for k in removed if k.prune]
    if removed:
        warnings.append(f"To keep {_names(k.name for k in removed)}, give {_them(removed)} with -k too; to remove a "
                        "kustomization on its own, use `az k8s-configuration flux kustomization delete "
                        f"{coordinates} -k NAME`.")
    question = None
    if pruned:
        question = (f"Replace flux configuration '{name}', removing {_names(pruned)} and deleting the objects "
                    f"{_they(pruned)} applied from the cluster?")
    return Replacement(warnings, question)


def _refuse_immutable_changes(current, spec, coordinates):
    """The service refuses a PUT that changes the scope or the namespace: say so before anything is sent, naming
    the option (left out, it takes its default, which may be what differs)."""
    for option, stored, given, default in (("--scope", current.scope, spec.scope, "cluster"),
                                           ("--namespace", current.namespace, spec.namespace, "default")):
        if stored and given and stored.lower() != given.lower():
            raise ValidationError(
                f"Flux configuration '{spec.name}' already exists with {option} '{stored}'; this create asks for "
                f"'{given}' ({option} is '{default}' when left out), and {option} cannot change on an existing "
                "configuration. Nothing was changed.",
                f"Give {option} {stored} to replace it, or delete it first (`az k8s-configuration flux delete "
                f"{coordinates}`) to create it again with {option} {given}.")


def _source_changes(current, spec):
    new_kind, new_url = SOURCE_KIND_OF[spec.kind], spec.source.values.get("url")
    old_url = current.source.get("url")
    if new_kind != current.source_kind:
        return [f"The source changes from {current.source_kind} {_url(old_url)} to {new_kind} {_url(new_url)}: "
                f"the {current.source_kind} settings are removed."]
    if old_url != new_url:
        return [f"The source URL changes from {_url(old_url)} to {_url(new_url)}."]
    return []


def _url(url):
    return f"'{display_url(url)}'" if url else "(no URL)"


def _names(names):
    names = [f"'{name}'" for name in names]
    return ("the kustomization " if len(names) == 1 else "the kustomizations ") + ", ".join(names)


def _them(items):
    return "it" if len(items) == 1 else "them"


def _they(items):
    return "it" if len(items) == 1 else "they"
