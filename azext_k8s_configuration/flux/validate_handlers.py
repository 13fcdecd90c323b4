"""az k8s-configuration flux validate — check a configuration before it is sent, or one stored on a cluster.

1. The local rules: flux create's own (flux/model.py, the source tables), before anything else; those that need
   the configuration name are skipped without --name.
2. Without --cluster-name nothing is read from or sent to Azure (a default group from `az configure` switches
   nothing on). With -c -t -n, the stored configuration is read: that GET is the only request.
3. A git source is fetched and built as Flux would (source_build); bucket, azblob and oci get the local rules
   only, and the report says which remote checks were not done. --offline stops after the local rules.
4. The report: JSON (or -o table) on stdout when the configuration is valid; when anything would fail in Flux the
   problems go to stderr and the command fails (exit 1). --report FILE always gets the full JSON.
"""
import json

from knack.log import get_logger

logger = get_logger(__name__)

# Options that may go with -c/-n: the secrets ARM never returns, given again to check authentication.


def validate_flux_configuration(cmd, resource_group_name=None, cluster_name=None, cluster_type=None, name=None,
                                scope=None, namespace=None, kind=None, kustomization=None, offline=False,
                                report=None, cluster_resource_provider=None, file=None, ignore_unsupported=False,
                                **kwargs):
    from azure.cli.core.azclierror import AzCLIError

    from azext_k8s_configuration.typed_names import remember
    remember(cmd)  # messages name each option as typed
    try:
        if file is not None:
            plan = _file_plan(file, ignore_unsupported, cluster_name or cluster_type, name,
                              dict(scope=scope, namespace=namespace, kind=kind, **kwargs), kustomization)
        elif cluster_name or cluster_type:
            plan = _stored_plan(cmd, resource_group_name, cluster_name, cluster_type, cluster_resource_provider,
                                name, dict(scope=scope, namespace=namespace, kind=kind, kustomization=kustomization,
                                           **kwargs))
        else:
            plan = _local_plan(name, scope, namespace, kind, kustomization, kwargs)
    except AzCLIError as error:
        _write_report(report, _refused(error))
        raise
    _keep_out_of_logs(plan.values)
    from azext_k8s_configuration.flux.validate_checks import describe
    result = describe(_run(plan, offline).to_dict(), plan)
    _write_report(report, result)
    return _finish(result)


class _Plan:
    """What to validate: the source kind, its checked values, the kustomizations, and what is held elsewhere; what
    the local rules were given (the source options, the configuration's name, namespace and scope; ``default_k``:
    no -k, the default kustomization) for the report's checks (validate_checks)."""

    def __init__(self, kind, values, kustomizations, elsewhere=None, stored_name=None, given=(), name=None,
                 namespace=None, scope=None, default_k=False):
        self.kind, self.values, self.kustomizations = kind, values, kustomizations
        self.elsewhere, self.stored_name = elsewhere, stored_name
        self.given, self.name, self.namespace, self.scope, self.default_k = given, name, namespace, scope, default_k


def _local_plan(name, scope, namespace, kind, kustomization, source_options):
    from azext_k8s_configuration.flux import model
    from azext_k8s_configuration.flux.options import given_options
    from azext_k8s_configuration.flux.validate_source import credentials_elsewhere

    spec = model.build_create_spec(name=name, scope=scope or "cluster", namespace=namespace or "default",
                                   kind=kind or "git", kustomization=kustomization, name_optional=True,
                                   **source_options)
    for warning in spec.warnings:
        logger.warning(warning)
    values = spec.source.values
    return _Plan(spec.kind, values, spec.kustomizations, credentials_elsewhere(values),
                 given=tuple(given_options(source_options)), name=spec.name, namespace=spec.namespace,
                 scope=spec.scope, default_k=not kustomization)


def _file_plan(file, ignore_unsupported, cluster_given, name, command_options, kustomization):
    """-f FILE: the file `flux apply -f` takes, with the options beside it over it, checked as create checks."""
    from azure.cli.core.azclierror import ArgumentUsageError

    from azext_k8s_configuration.declarative import desired
    from azext_k8s_configuration.declarative.reading import read_file
    if cluster_given:
        raise ArgumentUsageError("--file and --cluster-name cannot be used together: flux validate checks either a "
                                 "file or a stored configuration.", "Leave out -g/-c/-t to check the file.")
    config = read_file(file, ignore_unsupported)
    for note in config.notes:
        logger.warning(note)
    options, groups, _ = desired.options_of(config, name, command_options, kustomization)
    configuration = {key: options.pop(key, None) for key in ("name", "scope", "namespace", "kind")}
    for key in ("suspend", "wait_for_reconciliation", "reconciliation_wait_duration"):
        options.pop(key, None)
    return _local_plan(configuration["name"], configuration["scope"], configuration["namespace"],
                       configuration["kind"], groups or None, options)


def _stored_plan(cmd, resource_group_name, cluster_name, cluster_type, cluster_resource_provider, name, options):
    from azure.cli.core.azclierror import ArgumentUsageError, RequiredArgumentMissingError

    from azext_k8s_configuration.flux import model
    from azext_k8s_configuration.flux.handler_steps import connect, get_configuration, wire
    from azext_k8s_configuration.flux.options import given_options, refuse_unread_at_files
    from azext_k8s_configuration.flux.sources import git
    from azext_k8s_configuration.flux.sources.typed import option_name
    from azext_k8s_configuration.flux.validate_source import credentials_elsewhere

    missing = [flag for flag, value in (("--cluster-name/-c", cluster_name), ("--cluster-type/-t", cluster_type),
                                        ("--name/-n", name), ("--resource-group/-g", resource_group_name))
               if not value]
    if missing:
        raise RequiredArgumentMissingError(
            f"Validating a stored configuration needs {', '.join(missing)}.",
            "Give -g RG -c CLUSTER -t TYPE -n NAME to check a configuration stored on a cluster, or leave the "
            "cluster options out to check the options given (nothing is then read from Azure).")
    given = given_options(options)
    others = sorted(set(given) - set(git.resupplied_option_keys()))
    if others:
        shown = ", ".join(map(option_name, others))
        raise ArgumentUsageError(
            f"With --cluster-name, flux validate checks the stored configuration as it is: {shown} cannot change "
            "it here.", "Leave them out (only --https-key and --ssh-private-key[-file] may be given again), or "
            "validate the new settings without the cluster options.")
    refuse_unread_at_files(given)
    secrets = git.check_resupplied_secrets(given)
    client, cluster = connect(cmd, resource_group_name, cluster_name, cluster_type, cluster_resource_provider)
    stored = model.read_existing(wire(get_configuration(client, cluster, name)))  # the only request
    values = dict(stored.source, **secrets)
    kustomizations = list(stored.kustomizations.values())
    return _Plan(stored.kind, values, kustomizations, credentials_elsewhere(values, stored=True), name,
                 given=tuple(secrets))


def _run(plan, offline):
    from azext_k8s_configuration.flux.validate_progress import Progress
    from azext_k8s_configuration.flux.validate_source import git_source, kustomization_specs, reference, validate_git
    from azext_k8s_configuration.source_build.report import INFO, KustomizationResult, Problem, Report, SourceResult

    if plan.kind != "git" or offline:  # the report's shape stays: the source as given, kustomizations not built
        report = Report(SourceResult(plan.kind, _shown_url(plan.values.get("url")),
                                     reference(plan.kind, plan.values)))
        reason = ("--offline: only the local rules were checked" if offline else
                  f"--kind {plan.kind}: only the local rules were checked; the source is not fetched from here "
                  "(credentials, the artifact and its content are checked by Flux in the cluster)")
        report.source.problems.append(Problem(INFO, "remote-not-checked", f"{reason}."))
        why = "--offline" if offline else f"--kind {plan.kind} is not fetched from here"
        report.kustomizations = [KustomizationResult.not_built(k.name, k.path or "", why)
                                 for k in plan.kustomizations]
        return report
    _require_git_library()
    return validate_git(git_source(plan.values), kustomization_specs(plan.kustomizations), progress=Progress(),
                        credentials_elsewhere=plan.elsewhere)


def _require_git_library():
    """dulwich is declared for Python 3.10+ only (its 1.x needs it; older releases lack what source_build uses):
    on an az that runs an older Python, say so instead of failing on an import."""
    import importlib.util
    import sys
    if importlib.util.find_spec("dulwich") is None:
        from azure.cli.core.azclierror import ValidationError
        raise ValidationError(
            "Fetching the source needs the dulwich package, which the extension installs only where az runs on "
            f"Python 3.10 or newer (this az runs on Python {sys.version_info[0]}.{sys.version_info[1]}).",
            "Use an az that runs on Python 3.10+ (Azure CLI's own installers ship one), or pass --offline to run "
            "the local rules only.")


def _keep_out_of_logs(values):
    """The source's secrets (decoded and as given) never reach a log line, --debug included."""
    from azext_k8s_configuration.arm.redaction import register_secret_and_decoded
    from azext_k8s_configuration.flux.sources import git

    for value in git.secret_values(values):
        register_secret_and_decoded(value)


def _shown_url(url):
    from azext_k8s_configuration.validation.urls import display_url
    return display_url(url) if url else ""


def _finish(result):
    from azure.cli.core.azclierror import ValidationError

    from azext_k8s_configuration.flux.validate_output import problem_lines, summary

    for severity, line in problem_lines(result):
        if severity == "error":
            logger.error(line)
        elif severity == "warning":
            logger.warning(line)
        else:
            logger.warning("note: %s", line)
    if result["valid"]:
        return result
    raise ValidationError(f"flux validate: {summary(result)}: Flux would fail with this configuration.",
                          "Fix the errors above (--report FILE writes the full result as JSON).")


def _refused(error):
    """The report of a run the local rules refused: one error, the rule's message."""
    message = str(error) + (f" {error.recommendations[0]}" if getattr(error, "recommendations", None) else "")
    return {"valid": False, "errors": 1, "warnings": 0, "source": None, "kustomizations": [],
            "problems": [{"severity": "error", "code": "input-refused", "message": message}]}


def _write_report(path, result):
    if not path:
        return
    from azure.cli.core.azclierror import FileOperationError

    try:
        with open(path, "w", encoding="utf-8") as f:
            json.dump(result, f, indent=2)
            f.write("\n")
    except OSError as error:
        raise FileOperationError(f"--report: cannot write '{path}': {error.strerror}.",
                                 "Give a path in a directory you can write to.") from None
