"""Make sure the microsoft.flux extension is installed and healthy before a flux configuration is created.

REFERENCE.md §6 steps 1-4, in order, each request made once:
1. provider registration, 2. the cluster resource, 3. no Flux v1 configurations, 4. the extension itself.
"""
from azure.cli.core.azclierror import AzCLIError, AzureResponseError, ValidationError
from knack.log import get_logger

from azext_k8s_configuration.arm import api_versions, lro, waiter
from azext_k8s_configuration.arm.clients import extensions_client, raw_request
from azext_k8s_configuration.arm.errors import service_call, service_error_parts
from azext_k8s_configuration.arm.lookup import check_parents

from . import payload, status

logger = get_logger(__name__)

PROVIDER_NAMESPACE = "Microsoft.KubernetesConfiguration"
REGISTER_COMMAND = f"az provider register --namespace {PROVIDER_NAMESPACE}"
FLUX_EXTENSION_NAME = "flux"
# Polling an extension that another operation is already creating or updating.
SETTLE_POLL_SECONDS = 3
SETTLE_TIMEOUT_SECONDS = 30 * 60


def ensure_flux_installed(cmd, cluster, client=None, before_changes=None, registered=None):
    """Raise a typed CLI error unless microsoft.flux runs (or has just been installed) on the cluster.

    ``before_changes()`` is called once every check has passed and before anything is changed (the install):
    the caller's last checks (and questions) that must come before any change. ``registered``: a set of the
    subscriptions whose provider registration was already read Registered (a fleet rollout reads it once per
    subscription, not once per cluster); the subscription is added once it is."""
    client = client or extensions_client(cmd.cli_ctx)
    if registered is None or cluster.subscription.lower() not in registered:
        if check_provider_registered(client, cluster) and registered is not None:
            registered.add(cluster.subscription.lower())
    check_cluster(client, cluster)
    check_no_flux_v1(client, cluster)
    flux = find_flux_extension(client, cluster)
    if flux is not None:
        state = status.provisioning_state(flux)
        if state in status.IN_PROGRESS_STATES:
            flux = wait_until_settled(cmd, client, cluster, flux)
            state = status.provisioning_state(flux)
        if state != "Succeeded":
            raise _unhealthy_error(cluster, flux)
    if before_changes is not None:
        before_changes()
    if flux is None:
        install_flux(cmd, client, cluster)


def check_provider_registered(client, cluster):
    from azure.core.exceptions import AzureError
    path = f"/subscriptions/{cluster.subscription}/providers/{PROVIDER_NAMESPACE}"
    try:
        code, body = raw_request(client, "GET", path, api_versions.PROVIDERS)
    except AzureError as error:
        code, body = None, {"error": {"message": str(error)}}
    if code != 200:
        _, message = service_error_parts(body or {})
        logger.warning("Could not read the registration state of the %s resource provider (%s); going on. "
                       "If the next steps fail, run `%s`.", PROVIDER_NAMESPACE,
                       message or f"HTTP {code}", REGISTER_COMMAND)
        return False
    state = (body or {}).get("registrationState") or "NotRegistered"
    if state != "Registered":
        raise ValidationError(
            f"The {PROVIDER_NAMESPACE} resource provider is {state} in subscription {cluster.subscription}; "
            f"flux configurations need it registered. Run `{REGISTER_COMMAND}`.",
            f"Run `{REGISTER_COMMAND}`, wait until `az provider show --namespace {PROVIDER_NAMESPACE} "
            "--query registrationState` says Registered, then run this command again.")
    return True


def check_cluster(client, cluster):
    body = check_parents(client, cluster)  # a missing cluster, group or subscription names the option to fix
    if cluster.is_aks and _uses_service_principal(body):
        raise ValidationError(
            f"AKS cluster '{cluster.name}' uses a service principal; the microsoft.flux extension needs a cluster "
            "with a managed identity (MSI).",
            f"Move the cluster to a managed identity (`az aks update -g {cluster.resource_group} -n {cluster.name} "
            "--enable-managed-identity`), then run this command again.")


def _uses_service_principal(cluster_body):
    client_id = ((cluster_body.get("properties") or {}).get("servicePrincipalProfile") or {}).get("clientId")
    identity_type = (cluster_body.get("identity") or {}).get("type")
    has_identity = bool(identity_type) and identity_type.lower() != "none"
    return bool(client_id) and client_id.lower() != "msi" and not has_identity


def check_no_flux_v1(client, cluster):
    from azext_k8s_configuration.legacy import source_control
    try:
        configurations = service_call("Listing Flux v1 configurations", source_control.list_all, client, cluster)
    except AzCLIError as error:
        logger.warning("Could not check the cluster for Flux v1 configurations (%s); going on.", error.error_msg)
        return
    if not configurations:
        return
    names = ", ".join(f"'{item.get('name')}'" for item in configurations)
    coordinates = cluster.cli_args
    raise ValidationError(
        f"The cluster still has Flux v1 configurations ({names}); Flux v1 and Flux v2 cannot run side by side.",
        f"Delete them first: `az k8s-configuration list {coordinates}` shows them, "
        f"`az k8s-configuration delete {coordinates} -n NAME --yes` deletes one. Then run this command again.")


def find_flux_extension(client, cluster):
    """The microsoft.flux extension on the cluster, whatever its name; None when there is none."""
    extensions = service_call("Listing the cluster's extensions",
                              lambda: list(client.extensions.list(*cluster.sdk_args())))
    return next((item for item in extensions if status.is_flux(item)), None)


def install_flux(cmd, client, cluster):
    logger.warning("'Microsoft.Flux' extension not found on the cluster, installing it now. "
                   "This may take a few minutes...")
    try:
        poller = service_call("Installing the microsoft.flux extension", client.extensions.begin_create,
                              *cluster.sdk_args(), FLUX_EXTENSION_NAME, payload.flux_install_body(cluster))
        installed = lro.wait_for(cmd, poller, "installing the microsoft.flux extension")
    except lro.OutcomeUnknownError as error:
        raise type(error)(
            f"Installing the microsoft.flux extension: {error.error_msg} No flux configuration was created.",
            f"Find out with `az k8s-extension wait {cluster.cli_args} -n {FLUX_EXTENSION_NAME} --created` (exit code "
            "0: it is installed), then run this command again.") from None
    except AzCLIError as error:
        raise type(error)(
            f"Installing the microsoft.flux extension failed: {error.error_msg} "
            "No flux configuration was created.", _repair_advice(cluster, FLUX_EXTENSION_NAME)) from None
    if installed is not None and status.provisioning_state(installed) not in ("", "Succeeded"):
        raise _unhealthy_error(cluster, installed, installing=True)
    logger.warning("'Microsoft.Flux' extension was successfully installed on the cluster")


def wait_until_settled(cmd, client, cluster, extension):
    """Poll an extension that is Creating/Updating until it reaches a final state; return its last read."""
    name = extension.name
    logger.warning("The microsoft.flux extension '%s' is %s on the cluster; waiting for it to finish...",
                   name, status.provisioning_state(extension))

    def read():
        return service_call(f"Reading the microsoft.flux extension '{name}'", client.extensions.get,
                            *cluster.sdk_args(), name)

    def timed_out(last):
        return AzureResponseError(
            f"The microsoft.flux extension '{name}' is still {status.provisioning_state(last)} after "
            f"{SETTLE_TIMEOUT_SECONDS // 60} minutes.",
            f"Check it with `az k8s-extension show {cluster.cli_args} -n {name}` and retry later.")

    # the deadline is checked before each pause: giving up when the next read would come after
    # SETTLE_TIMEOUT_SECONDS + one pause is giving up once SETTLE_TIMEOUT_SECONDS have passed
    return waiter.poll(
        cmd, read, lambda current: status.provisioning_state(current) not in status.IN_PROGRESS_STATES,
        SETTLE_POLL_SECONDS, first=extension, timeout=SETTLE_TIMEOUT_SECONDS + SETTLE_POLL_SECONDS,
        timed_out=timed_out,
        progress=lambda current: f"Waiting for the microsoft.flux extension '{name}' "
                                 f"({status.provisioning_state(current)})",
        still=lambda current, seconds: ("Still waiting for the microsoft.flux extension '%s' (%s, %ds)...", name,
                                        status.provisioning_state(current), seconds))


def _unhealthy_error(cluster, extension, installing=False):
    state = status.provisioning_state(extension) or "in an unknown state"
    details = status.failure_details(extension)
    if not details and state == "Failed":
        details = "the service gave no error details"
    doing = "was installed but is" if installing else "is"
    advice = _repair_advice(cluster, extension.name)
    if state == "Deleting":
        advice = ("Wait until the deletion has finished (`az k8s-extension show "
                  f"{cluster.cli_args} -n {extension.name}` says it is not found), then run this command "
                  "again, which reinstalls it.")
    return AzureResponseError(
        f"The microsoft.flux extension '{extension.name}' {doing} {state} on the cluster"
        + (f": {details}" if details else "") + ". No flux configuration was created.", advice)


def _repair_advice(cluster, name):
    coordinates = cluster.cli_args
    return (f"Inspect it with `az k8s-extension show {coordinates} -n {name}`; repair by deleting it "
            f"(`az k8s-extension delete {coordinates} -n {name} --yes`) and running this command again, "
            "which reinstalls it.")

