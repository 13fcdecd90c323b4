"""What `flux validate` says it checked: each kustomization's settings (as they would be sent), and one row per check
— the local rules that ran (and passed: a rule that fails refuses the command before any report), then fetching the
source and building the kustomizations, ``not run`` when they were not done (``--offline``, a kind other than git,
a source that could not be read). The same rows online and offline; the report's own source and kustomization
results say what the remote checks found."""
from .sources.table import option_name

PASSED, FAILED, NOT_RUN = "passed", "failed", "not run"


def describe(result, plan):
    """Add ``settings`` to each kustomization of the report dict and its ``checks``; returns the dict."""
    from .payload import kustomization_body

    given = {k.name: k for k in plan.kustomizations}
    for entry in result.get("kustomizations") or []:
        kustomization = given.get(entry["name"])
        if kustomization is not None:  # the create defaults for options given here; a stored one as stored
            entry["settings"] = kustomization_body(kustomization, full=plan.stored_name is None)
    result["checks"] = local_checks(plan) + remote_checks(result)
    return result


def local_checks(plan):
    if plan.stored_name is not None:
        return _stored_checks(plan)
    rows = [_configuration_name(plan), _row("namespace and scope", PASSED,
                                            f"--namespace '{plan.namespace}', --scope {plan.scope}")]
    shown = ", ".join(option_name(key) for key in plan.given) or "none given"
    rows.append(_row("source options", PASSED, f"--kind {plan.kind}: {shown} — each value, and the rules between "
                                               "them (what the kind needs, what goes together, what excludes what)"))
    for kustomization in plan.kustomizations:
        details = _kustomization_details(kustomization, plan.default_k)
        rows.append(_row(f"kustomization '{kustomization.name}'", PASSED, details))
    return rows


def remote_checks(result):
    """Fetching the source and building the kustomizations, from what the report found."""
    source = result.get("source") or {}
    source_errors = [p for p in source.get("problems") or [] if p.get("severity") == "error"]
    not_checked = next((p["message"] for p in source.get("problems") or []
                        if p.get("code") == "remote-not-checked"), None)
    if source.get("revision"):
        fetch = _row("fetch the source", PASSED, f"{source.get('reference')}: {source['revision']}")
    elif source_errors:
        fetch = _row("fetch the source", FAILED, source_errors[0]["message"])
    else:
        fetch = _row("fetch the source", NOT_RUN, not_checked or "the source could not be checked from here")
    kustomizations = result.get("kustomizations") or []
    built = [k for k in kustomizations if k.get("built", True)]
    if not built:
        build = _row("build the kustomizations", NOT_RUN, not_checked or "the source was not fetched")
    elif any(k.get("errors") for k in built) or any(p.get("severity") == "error" for p in result["problems"]):
        failing = ", ".join(k["name"] for k in built if k.get("errors")) or "between kustomizations"
        build = _row("build the kustomizations", FAILED, failing)
    else:
        build = _row("build the kustomizations", PASSED, ", ".join(f"{k['name']}: {len(k.get('objects') or [])} "
                                                                   "object(s)" for k in built))
    return [fetch, build]


def _configuration_name(plan):
    if not plan.name:
        return _row("configuration name", NOT_RUN, "no --name given: the name and the names Flux gives the "
                                                   "kustomizations in the cluster (63 characters) were not checked")
    return _row("configuration name", PASSED, f"--name '{plan.name}', and '{plan.name}-<kustomization>' within "
                                              "Flux's 63 characters")


def _kustomization_details(kustomization, default):
    if default:
        return "no -k given: the default kustomization (path: the repository's root)"
    keys = ", ".join(sorted(kustomization.given()))
    details = f"the name (once only){'; ' + keys + ': each key known, each value valid' if keys else ''}"
    if kustomization.depends_on:
        details += (f"; depends_on {', '.join(kustomization.depends_on)}: each names a kustomization given, not "
                    "itself, and no cycle")
    return details


def _stored_checks(plan):
    rows = [_row("stored configuration", PASSED, f"'{plan.stored_name}' read from the cluster: its settings were "
                                                 "checked by the service when they were written")]
    if plan.given:
        rows.append(_row("source options", PASSED, ", ".join(option_name(key) for key in plan.given) +
                         " given again: each value"))
    return rows


def _row(check, result, details):
    return {"check": check, "result": result, "details": details}
