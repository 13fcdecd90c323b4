"""When `flux create` fails after its preconditions passed, say what exists now and what to run next.

By then microsoft.flux is installed on the cluster (perhaps by this very command), so the user must learn
whether a configuration was left behind: none (the service refused the PUT), one in a Failed state (the
operation failed), one that another operation is still changing (409) — or nobody can know from here (the
connection was lost, or the gateway timed out, after the request may have reached the service): then say so and
give the commands that find out, never advice to delete what may have succeeded.
"""
from azure.cli.core.azclierror import AzCLIError

from azext_k8s_configuration.arm.errors import service_error_parts, translate
from azext_k8s_configuration.arm.lro import OutcomeUnknownError

# Answers after which the request may have been carried out all the same: the gateway gave up waiting.
MAYBE_DONE_STATUSES = (502, 504)


def _restate(error, message, recommendation, keep_recommendations=True):
    """The same typed error with the message extended; the error's own recommendations first, then ours."""
    text = str(error.error_msg).rstrip()
    text += " " if text.endswith((".", "!", "?")) else ". "
    kept = list(error.recommendations) if keep_recommendations else []
    return type(error)(text + message, kept + [recommendation])


def _find_out(cluster, name):
    coordinates = f"{cluster.cli_args} -n {name}"
    return (f"Find out with `az k8s-configuration flux wait {coordinates} --created` (exit code 0: it was created "
            f"and succeeded; 1: it failed or never appeared) or `az k8s-configuration flux show {coordinates}`; "
            "if it does not exist, run this command again.")


def refused(sdk_error, cluster, name):
    """The PUT itself failed: nothing was created — unless another operation holds the name (409), or the
    answer never came (connection lost, gateway timeout), when nobody can tell from here."""
    from azure.core.exceptions import ServiceRequestError, ServiceResponseError
    error = translate(sdk_error, f"creating flux configuration '{name}'")
    if not isinstance(error, AzCLIError):
        return error
    show = f"az k8s-configuration flux show {cluster.cli_args} -n {name}"
    code, _ = service_error_parts(sdk_error)
    status = getattr(sdk_error, "status_code", None)
    if isinstance(sdk_error, (ServiceRequestError, ServiceResponseError)) or status in MAYBE_DONE_STATUSES:
        return _restate(error, f"Whether flux configuration '{name}' was created is unknown: the request may have "
                               "reached the service before the answer was lost.", _find_out(cluster, name),
                        keep_recommendations=False)
    if status == 409 and "registration" not in (code or "").lower():
        return _restate(error, f"Another operation is in progress on flux configuration '{name}'; this command "
                               "changed nothing.",
                        f"Wait for that operation to finish (`{show}` shows its provisioningState), then run this "
                        "command again if it is still needed.", keep_recommendations=False)
    return _restate(error, f"No flux configuration '{name}' was created; the microsoft.flux extension is installed "
                           "on the cluster and stays installed.",
                    "Fix the cause above and run this command again (it reuses the installed extension).")


def not_completed(error, cluster, name):
    """The PUT was accepted but its operation failed (the configuration exists, Failed), or could not be
    followed to its end (its outcome is unknown)."""
    coordinates = cluster.cli_args
    if isinstance(error, OutcomeUnknownError):
        return _restate(error, f"The service accepted flux configuration '{name}': it may exist, and may yet succeed.",
                        _find_out(cluster, name), keep_recommendations=False)
    return _restate(error, f"The flux configuration '{name}' exists on the cluster, but its creation did not "
                           "succeed (provisioningState Failed).",
                    f"See its state with `az k8s-configuration flux show {coordinates} -n {name}`; fix it with "
                    f"`az k8s-configuration flux update {coordinates} -n {name} ...`, or delete it with "
                    f"`az k8s-configuration flux delete {coordinates} -n {name} --yes` and run this command again.",
                    keep_recommendations=False)
