"""What the service's catalog (extension types, API 2024-11-01-preview) offers a cluster, checked before
k8s-extension create/update writes anything (REFERENCE §11).

--version: refused when the catalog says the cluster cannot install that version. Only a catalog that answers
decides. When it cannot be read (404: a type it does not list, 403: no permission to read it, a network failure,
...) or lists no version at all for that release train, a warning says the version could not be checked and the
request goes on: the service still decides.

--extension-type of a new extension: a type the catalog does not list for the cluster (a typo such as
microsoft.flx) gets a warning naming the nearest type it lists, and the request goes on (the service refuses an
unknown type with its own message). A catalog that cannot be read says nothing here (one GET, on create only).
"""
import difflib

from azure.cli.core.azclierror import InvalidArgumentValueError
from knack.log import get_logger

from azext_k8s_configuration.arm import clients
from azext_k8s_configuration.arm.errors import service_error_parts
from azext_k8s_configuration.extension_types import versions

logger = get_logger(__name__)
DEFAULT_TRAIN = "stable"
SHOWN = 10  # versions named in the error, newest first


def check_offered(cmd, cluster, extension_type, version, release_train=None):
    """Raise InvalidArgumentValueError when the catalog answers and ``version`` is not among the versions of
    ``extension_type`` the cluster can install on ``release_train`` (None: the service's default, stable)."""
    train = release_train or DEFAULT_TRAIN
    offered = _offered_versions(cmd, cluster, extension_type, release_train)
    if offered is None:
        return
    if not offered:
        logger.warning("--version %s could not be checked: the service lists no version of '%s' on release train "
                       "'%s' for cluster '%s'; sending it as given.", version, extension_type, train, cluster.name)
        return
    if versions.normal(version) in {versions.normal(v) for v in offered}:
        return
    newest = versions.newest_first(offered)
    shown = ", ".join(newest[:SHOWN]) + (f" (and {len(newest) - SHOWN} older)" if len(newest) > SHOWN else "")
    raise InvalidArgumentValueError(
        f"--version {version}: cluster '{cluster.name}' cannot install that version of '{extension_type}' on "
        f"release train '{train}'. It can install: {shown}.",
        "Pass one of those, or leave --version out (with --auto-upgrade true) to follow the release train; "
        "`az k8s-extension extension-types list-versions-by-cluster "
        f"{cluster.cli_args} --extension-type {extension_type} --release-train preview` lists preview versions.")


def check_type_offered(cmd, cluster, extension_type):
    """True when the catalog lists ``extension_type`` (any case) for the cluster; False, with a warning naming the
    nearest listed type, when it does not; None when the catalog cannot be read."""
    listed = _offered_types(cmd, cluster)
    if listed is None:
        return None
    if extension_type.lower() in {name.lower() for name in listed}:
        return True
    by_lower = {name.lower(): name for name in listed}
    near = difflib.get_close_matches(extension_type.lower(), list(by_lower), n=1)
    hint = f" (did you mean '{by_lower[near[0]]}'?)" if near else ""
    logger.warning("Extension type '%s' is not among the types cluster '%s' can install%s; sending it as given, "
                   "the service decides. `az k8s-extension extension-types list-by-cluster %s -o table` lists them.",
                   extension_type, cluster.name, hint, cluster.cli_args)
    return False


def _offered_types(cmd, cluster):
    """The names of the extension types the catalog lists for the cluster, or None when it cannot be read."""
    from azure.core.exceptions import AzureError
    try:
        client = clients.extension_types_client(cmd.cli_ctx)
        return [item.name for item in client.extension_types.list(*cluster.sdk_args()) if item.name]
    except AzureError as error:
        logger.debug("The extension types of cluster '%s' could not be read (%s); --extension-type not checked.",
                     cluster.name, error)
        return None


def _offered_versions(cmd, cluster, extension_type, release_train):
    """The version numbers the catalog offers, or None (with a warning) when it cannot be read."""
    from azure.core.exceptions import AzureError, HttpResponseError
    try:
        client = clients.extension_types_client(cmd.cli_ctx)
        found = client.extension_types.cluster_list_versions(*cluster.sdk_args(), extension_type,
                                                             release_train=release_train)
        return [_number(item) for item in found if _number(item)]
    except HttpResponseError as error:
        code, message = service_error_parts(error)
        reason = f"the service answered {error.status_code} ({code}) {message}".rstrip()
    except AzureError as error:
        reason = f"the service could not be reached ({error})"
    logger.warning("--version could not be checked against the versions cluster '%s' can install (%s); sending it "
                   "as given.", cluster.name, reason)
    return None


def _number(item):
    properties = getattr(item, "properties", None)
    return getattr(properties, "version", None) or getattr(item, "name", None)
