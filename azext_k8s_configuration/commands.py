"""The command table: each command → its handler function (imported only when the command runs)."""
from azure.cli.core.commands import CliCommandType

from azext_k8s_configuration import formatters as fmt
from azext_k8s_configuration.arm.errors import command_exception_handler
from azext_k8s_configuration.arm.output import to_output
from azext_k8s_configuration.flux.validate_output import validate_table

# Every command: results become the JSON az prints without az's slow path for SDK models (arm/output.py);
# network failures outside the SDK's error types become a typed error, not a traceback (arm/errors.py).
RESULTS = {"transform": to_output, "exception_handler": command_exception_handler}


def _handlers(module):
    """The handlers of a module, named as written (azext_k8s_configuration.flux.handlers), so that grep finds them."""
    return CliCommandType(operations_tmpl=module + "#{}")


def load_command_table(self, _):
    flux = _handlers("azext_k8s_configuration.flux.handlers")
    kustomizations = _handlers("azext_k8s_configuration.flux.kustomization_handlers")
    reads = _handlers("azext_k8s_configuration.flux.read_handlers")  # show/list: no SDK (arm/reads.py)
    extension_reads = _handlers("azext_k8s_configuration.extensions.read_handlers")
    extensions = _handlers("azext_k8s_configuration.extensions.handlers")
    legacy = _handlers("azext_k8s_configuration.legacy.handlers")
    extension_types = _handlers("azext_k8s_configuration.extension_types.handlers")
    validate = _handlers("azext_k8s_configuration.flux.validate_handlers")
    fleet = _handlers("azext_k8s_configuration.fleet.handlers")
    declarative = _handlers("azext_k8s_configuration.declarative.handlers")

    with self.command_group("k8s-configuration flux", custom_command_type=flux, **RESULTS) as g:
        g.custom_command("create", "create_flux_configuration", supports_no_wait=True,
                         table_transformer=fmt.flux_configuration_table)
        g.custom_command("update", "update_flux_configuration", supports_no_wait=True,
                         table_transformer=fmt.flux_configuration_table)
        g.custom_command("list", "list_flux_configurations", custom_command_type=reads,
                         table_transformer=fmt.flux_configuration_list_table)
        g.custom_show_command("show", "show_flux_configuration", custom_command_type=reads,
                              table_transformer=fmt.flux_configuration_table)
        g.custom_command("delete", "delete_flux_configuration", supports_no_wait=True)
        g.custom_command("wait", "wait_flux_configuration")

    # A fleet's compliance in one Resource Graph query (REFERENCE §13): fleet/, imported only by this command. Its
    # rows are plain dicts with no secret: no `to_output` pass over thousands of them.
    with self.command_group("k8s-configuration flux", custom_command_type=fleet,
                            exception_handler=command_exception_handler) as g:
        g.custom_command("compliance", "flux_compliance", table_transformer=fmt.flux_compliance_table)

    # Check a configuration before it is sent (or one stored on a cluster): source_build, no ARM unless -c/-n.
    with self.command_group("k8s-configuration flux", custom_command_type=validate, **RESULTS) as g:
        g.custom_command("validate", "validate_flux_configuration", table_transformer=validate_table)

    # Configurations as files (REFERENCE.md §12): declarative/.
    with self.command_group("k8s-configuration flux", custom_command_type=declarative,
                            **RESULTS) as g:
        g.custom_command("apply", "apply_flux_configuration", supports_no_wait=True,
                         table_transformer=fmt.apply_table)
        g.custom_command("export", "export_flux_configuration")

    with self.command_group("k8s-configuration flux kustomization", custom_command_type=kustomizations,
                            **RESULTS) as g:
        g.custom_command("create", "create_kustomization", supports_no_wait=True,
                         table_transformer=fmt.kustomization_table_from_configuration)
        g.custom_command("update", "update_kustomization", supports_no_wait=True,
                         table_transformer=fmt.kustomization_table_from_configuration)
        g.custom_command("list", "list_kustomizations", custom_command_type=reads,
                         table_transformer=fmt.kustomization_list_table)
        g.custom_show_command("show", "show_kustomization", custom_command_type=reads,
                              table_transformer=fmt.kustomization_list_table)
        g.custom_command("delete", "delete_kustomization", supports_no_wait=True,
                         table_transformer=fmt.kustomization_table_from_configuration)

    with self.command_group("k8s-configuration flux deployed-object", custom_command_type=reads,
                            **RESULTS) as g:
        g.custom_command("list", "list_deployed_objects", table_transformer=fmt.deployed_object_list_table)
        g.custom_show_command("show", "show_deployed_object", table_transformer=fmt.deployed_object_table)

    # Flux v1 (sourceControlConfigurations): read and delete only, to help migrating to `flux`.
    with self.command_group("k8s-configuration", custom_command_type=legacy, **RESULTS) as g:
        g.custom_command("list", "list_source_control_configurations", table_transformer=fmt.legacy_list_table,
                         deprecate_info=g.deprecate(redirect="k8s-configuration flux list", hide=False))
        g.custom_show_command("show", "show_source_control_configuration", table_transformer=fmt.legacy_table,
                              deprecate_info=g.deprecate(redirect="k8s-configuration flux show", hide=False))
        g.custom_command("delete", "delete_source_control_configuration",
                         deprecate_info=g.deprecate(redirect="k8s-configuration flux delete", hide=False))

    with self.command_group("k8s-extension", custom_command_type=extensions, **RESULTS) as g:
        g.custom_command("create", "create_extension", supports_no_wait=True, table_transformer=fmt.extension_table)
        g.custom_command("update", "update_extension", supports_no_wait=True, table_transformer=fmt.extension_table)
        g.custom_command("list", "list_extensions", custom_command_type=extension_reads,
                         table_transformer=fmt.extension_list_table)
        g.custom_show_command("show", "show_extension", custom_command_type=extension_reads,
                              table_transformer=fmt.extension_table)
        g.custom_command("delete", "delete_extension", supports_no_wait=True)
        g.custom_command("wait", "wait_extension")

    # What can be installed, from the service's catalog (REFERENCE §11): by cluster, or by location.
    with self.command_group("k8s-extension extension-types", custom_command_type=extension_types, **RESULTS) as g:
        g.custom_command("list-by-cluster", "list_extension_types_by_cluster",
                         table_transformer=fmt.extension_type_list_table)
        g.custom_show_command("show-by-cluster", "show_extension_type_by_cluster",
                              table_transformer=fmt.extension_type_table)
        g.custom_command("list-versions-by-cluster", "list_extension_type_versions_by_cluster",
                         table_transformer=fmt.extension_type_version_list_table)
        g.custom_show_command("show-version-by-cluster", "show_extension_type_version_by_cluster",
                              table_transformer=fmt.extension_type_version_table)
        g.custom_command("list-by-location", "list_extension_types_by_location",
                         table_transformer=fmt.extension_type_list_table)
        g.custom_show_command("show-by-location", "show_extension_type_by_location",
                              table_transformer=fmt.extension_type_table)
        g.custom_command("list-versions-by-location", "list_extension_type_versions_by_location",
                         table_transformer=fmt.extension_type_version_list_table)
        g.custom_show_command("show-version-by-location", "show_extension_type_version_by_location",
                              table_transformer=fmt.extension_type_version_table)
