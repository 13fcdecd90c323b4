"""When `flux create` fails after its preconditions passed, say what exists now and what to run next.

By then microsoft.flux is installed on the cluster (perhaps by this very command), so the user must learn
whether a configuration was left behind: none (the PUT was refused), one in a Failed or unknown state (the
operation failed or could not be followed), or one that another operation is still changing (409).
"""
from azure.cli.core.azclierror import AzCLIError

from azext_k8s_configuration.arm.errors import service_error_parts, translate


def _restate(error, message, recommendation, keep_recommendations=True):
    """The same typed error with the message extended; the error's own recommendations first, then ours."""
    text = str(error.error_msg).rstrip()
    text += " " if text.endswith((".", "!", "?")) else ". "
    kept = list(error.recommendations) if keep_recommendations else []
    return type(error)(text + message, kept + [recommendation])


def refused(sdk_error, cluster, name):
    """The PUT itself failed: nothing was created (unless another operation holds the name: 409)."""
    error = translate(sdk_error, f"creating flux configuration '{name}'")
    if not isinstance(error, AzCLIError):
        return error
    show = f"az k8s-configuration flux show {cluster.cli_args} -n {name}"
    code, _ = service_error_parts(sdk_error)
    if getattr(sdk_error, "status_code", None) == 409 and "registration" not in (code or "").lower():
        return _restate(error, f"Another operation is in progress on flux configuration '{name}'; this command "
                               "changed nothing.",
                        f"Wait for that operation to finish (`{show}` shows its provisioningState), then run this "
                        "command again if it is still needed.", keep_recommendations=False)
    return _restate(error, f"No flux configuration '{name}' was created; the microsoft.flux extension is installed "
                           "on the cluster and stays installed.",
                    "Fix the cause above and run this command again (it reuses the installed extension).")


def not_completed(error, cluster, name):
    """The PUT was accepted but its operation failed or could not be followed: the configuration exists."""
    coordinates = cluster.cli_args
    return _restate(error, f"The flux configuration '{name}' exists on the cluster, but its creation did not "
                           "succeed (provisioningState Failed, or not known yet).",
                    f"See its state with `az k8s-configuration flux show {coordinates} -n {name}`; fix it with "
                    f"`az k8s-configuration flux update {coordinates} -n {name} ...`, or delete it with "
                    f"`az k8s-configuration flux delete {coordinates} -n {name} --yes` and run this command again.",
                    keep_recommendations=False)
