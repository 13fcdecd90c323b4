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
    return CliCommandType(operations_tmpl=f"azext_k8s_configuration.{module}#{{}}")


def load_command_table(self, _):
    flux = _handlers("flux.handlers")
    kustomizations = _handlers("flux.kustomization_handlers")
    reads = _handlers("flux.read_handlers")  # show/list: no SDK (arm/reads.py)
    extension_reads = _handlers("extensions.read_handlers")
    extensions = _handlers("extensions.handlers")
    legacy = _handlers("legacy.handlers")
    extension_types = _handlers("extension_types.handlers")

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
    with self.command_group("k8s-configuration flux", custom_command_type=_handlers("fleet.handlers"),
                            exception_handler=command_exception_handler) as g:
        g.custom_command("compliance", "flux_compliance", table_transformer=fmt.flux_compliance_table)

    # Check a configuration before it is sent (or one stored on a cluster): source_build, no ARM unless -c/-n.
    with self.command_group("k8s-configuration flux", custom_command_type=_handlers("flux.validate_handlers"),
                            **RESULTS) as g:
        g.custom_command("validate", "validate_flux_configuration", table_transformer=validate_table)

    # Configurations as files (REFERENCE.md §12): declarative/.
    with self.command_group("k8s-configuration flux", custom_command_type=_handlers("declarative.handlers"),
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
        for scope in ("cluster", "location"):
            g.custom_command(f"list-by-{scope}", f"list_extension_types_by_{scope}",
                             table_transformer=fmt.extension_type_list_table)
            g.custom_show_command(f"show-by-{scope}", f"show_extension_type_by_{scope}",
                                  table_transformer=fmt.extension_type_table)
            g.custom_command(f"list-versions-by-{scope}", f"list_extension_type_versions_by_{scope}",
                             table_transformer=fmt.extension_type_version_list_table)
            g.custom_show_command(f"show-version-by-{scope}", f"show_extension_type_version_by_{scope}",
                                  table_transformer=fmt.extension_type_version_table)
