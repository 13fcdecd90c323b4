"""az k8s-configuration flux kustomization create|update|delete (PATCHes on the configuration).

az imports this module to print `az k8s-configuration flux kustomization -h`: the model (the rules, some forty
modules) is imported by the handlers when they run.
"""
from knack.log import get_logger

from azext_k8s_configuration.arm.errors import service_call
from azext_k8s_configuration.confirm import confirm
from azext_k8s_configuration.flux.handler_steps import connect, finish, get_configuration, wire
from azext_k8s_configuration.typed_names import remember

logger = get_logger(__name__)


def _patch(cmd, client, cluster, name, patch, no_wait):
    poller = service_call(f"updating flux configuration '{name}'", client.flux_configurations.begin_update,
                          *cluster.sdk_args(), name, patch, polling=not no_wait)
    return finish(cmd, poller, f"flux configuration '{name}'", no_wait)


# create/update take the kustomization settings (--path, --prune, ...) as keyword arguments (**kwargs: az passes them
# under that name only): _params.py registers them from the table (flux/kustomization_settings.py), the model reads
# them.

def create_kustomization(cmd, resource_group_name, cluster_name, cluster_type, name, kustomization_name,
                         cluster_resource_provider=None, no_wait=False, **kwargs):
    return _send_kustomization(locals(), creating=True)


def update_kustomization(cmd, resource_group_name, cluster_name, cluster_type, name, kustomization_name,
                         cluster_resource_provider=None, no_wait=False, **kwargs):
    return _send_kustomization(locals(), creating=False)


def _send_kustomization(args, creating):
    """create/update (``args``: the handler's arguments): every value is checked before anything is sent, then the
    model checks the kustomization against the stored configuration and the PATCH goes out."""
    from azext_k8s_configuration.flux import model
    build_patch = model.kustomization_create_patch if creating else model.kustomization_update_patch
    remember(args["cmd"])  # messages name each option as typed
    settings = args["kwargs"]
    model.check_kustomization_options(args["kustomization_name"], **settings)  # before anything is sent
    client, cluster = connect(args["cmd"], args["resource_group_name"], args["cluster_name"], args["cluster_type"],
                              args["cluster_resource_provider"])
    existing = wire(get_configuration(client, cluster, args["name"]))
    change = build_patch(existing, args["kustomization_name"], **settings)
    for warning in change.warnings:
        logger.warning(warning)
    if creating:
        logger.warning("Creating kustomization '%s' in flux configuration '%s'.", args["kustomization_name"],
                       args["name"])
    return _patch(args["cmd"], client, cluster, args["name"], change.patch, args["no_wait"])


def delete_kustomization(cmd, resource_group_name, cluster_name, cluster_type, name, kustomization_name,
                         yes=False, cluster_resource_provider=None, no_wait=False):
    from azext_k8s_configuration.flux import model
    remember(cmd)  # messages name each option as typed
    model.check_kustomization_options(kustomization_name)  # before anything is sent
    client, cluster = connect(cmd, resource_group_name, cluster_name, cluster_type, cluster_resource_provider)
    existing = wire(get_configuration(client, cluster, name))  # a missing configuration is a missing parent: exit 3
    stored = model.read_existing(existing).kustomizations.get(kustomization_name)
    if stored is None:
        from azext_k8s_configuration.arm.lookup import already_absent
        already_absent(f"Kustomization '{kustomization_name}'", f"flux configuration '{name}'")
        return None
    change = model.kustomization_delete_patch(existing, kustomization_name)
    for warning in change.warnings:
        logger.warning(warning)
    for dependent in change.dependents:
        logger.warning("Kustomization '%s' depends on '%s': this change also removes '%s' from its depends_on, "
                       "so '%s' will reconcile without waiting for it.", dependent, kustomization_name,
                       kustomization_name, dependent)
    if stored.prune:
        logger.warning("Prune is enabled on '%s': the objects it deployed will be removed from the cluster.",
                       kustomization_name)
    question = f"Delete kustomization '{kustomization_name}' of flux configuration '{name}'"
    if change.dependents:
        question += (f" and remove it from the depends_on of {_quoted(change.dependents)} (they will no longer "
                     "wait for it)")
    confirm(cmd, question + "?", yes)
    return _patch(cmd, client, cluster, name, change.patch, no_wait)


def _quoted(names):
    return ", ".join(f"'{n}'" for n in names)


