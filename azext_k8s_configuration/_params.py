"""Options of every command: names, aliases, help, and groups (see REFERENCE.md §1-§8)."""
from azure.cli.core.commands.parameters import get_enum_type, get_three_state_flag, resource_group_name_type

from azext_k8s_configuration.arm.coordinates import EXTENSION_CLUSTER_TYPES
from azext_k8s_configuration.arm.coordinates import FLUX_CLUSTER_TYPES as CLUSTER_TYPES
from azext_k8s_configuration.hidden_aliases import also_accepted, options_list

DEPLOYED_OBJECT_KINDS = ["GitRepository", "Bucket", "AzureBlob", "OCIRepository", "HelmRepository",
                         "HelmChart", "HelmRelease", "Kustomization"]
SECRET_NOTE = (" az --debug echoes the command line: there, pass the value as @FILE (a file holding it) "
               "or @- (standard input) so it is never on the command line.")


def _cluster_arguments(c, cluster_types):
    c.argument("resource_group_name", resource_group_name_type)
    c.argument("cluster_name", options_list=["--cluster-name", "-c"],
               help="Name of the Kubernetes cluster.")
    c.argument("cluster_type", options_list=["--cluster-type", "-t"], arg_type=get_enum_type(cluster_types),
               help="Type of cluster (any case).")  # az lists the allowed values after the help
    c.argument("cluster_resource_provider", options_list=["--cluster-resource-provider", "--cluster-rp"],
               help="Resource provider of the cluster; only needed for provisionedClusters "
                    "(microsoft.hybridcontainerservice), and inferred from --cluster-type when left out.")


def _kind_argument(c):
    """--kind: its choices are the source kinds (flux/sources/kinds.py)."""
    from azext_k8s_configuration.flux.sources.kinds import KINDS
    c.argument("kind", arg_type=get_enum_type(list(KINDS)),
               help="Source kind: git (default), bucket (S3-compatible), azblob (Azure Blob) or oci.")


def _source_arguments(c, required=()):
    """The options of the source kinds (REFERENCE.md §2, §7), from their tables (flux/sources/): names, help, group,
    switches and choices. The handlers take them as keyword arguments; the model refuses those of another --kind.
    ``required``: the keys every kind needs on this command, which az's parser requires (exit code 2, as for -g);
    an option only some kinds need is refused by the kind's rules (exit code 1)."""
    from azext_k8s_configuration.flux.sources.kinds import cli_rows
    for row in cli_rows():
        settings = {"options_list": options_list(row.option_names, row.hidden_names),
                    "help": row.help + also_accepted(row.hidden_names) + (SECRET_NOTE if row.secret else "")}
        if row.key in required:
            settings["required"] = True
        if row.group:
            settings["arg_group"] = row.group
        if row.switch:
            settings["arg_type"] = get_three_state_flag()
        if row.choices:
            settings["arg_type"] = get_enum_type(list(row.choices))
        if row.nargs:
            settings["nargs"] = row.nargs
        c.extra(row.key, **settings)
        if row.file_key:
            c.extra(row.file_key, options_list=[row.file_name], help=row.file_help, arg_group=row.group)


def _selection_arguments(c):
    """Which clusters a fleet command covers (REFERENCE §13); at most one of file, ids and query."""
    group = "Cluster Selection"
    c.argument("clusters_file", options_list=["--clusters-file"], arg_group=group,
               help="A file of cluster resource ids, one a line ('#' starts a comment).")
    c.argument("cluster_ids", options_list=["--cluster-ids"], nargs="+", arg_group=group,
               help="Cluster resource ids (connectedClusters or managedClusters), space-separated.")
    c.argument("cluster_query", options_list=["--cluster-query"], arg_group=group,
               help="A Resource Graph where clause over the connected and AKS clusters, e.g. "
                    "\"tags.env == 'prod' and location =~ 'westeurope'\".")
    c.argument("subscriptions", options_list=["--subscriptions"], nargs="+", arg_group=group,
               help="Subscription ids to look in (default: the current subscription; with cluster ids: theirs).")


def _wait_arguments(c):
    """The conditions of azure-cli's generic wait (one per command); ours exits 1 on timeout and on Failed
    (REFERENCE §11)."""
    group = "Wait Condition"
    c.argument("created", action="store_true", arg_group=group,
               help="Wait until it exists with provisioningState Succeeded.")
    c.argument("updated", action="store_true", arg_group=group,
               help="Wait until its provisioningState is Succeeded.")
    c.argument("deleted", action="store_true", arg_group=group, help="Wait until it no longer exists.")
    c.argument("exists", action="store_true", arg_group=group, help="Wait until it exists.")
    c.argument("custom", arg_group=group,
               help="Wait until this JMESPath query on the resource (as `show` prints it) is true, e.g. "
                    "\"complianceState=='Compliant'\".")
    c.argument("interval", arg_group=group,
               help="Time between two reads: seconds or a Go duration, e.g. 30 or 30s (default 5).")
    c.argument("timeout", arg_group=group,
               help="Longest wait: seconds or a Go duration, e.g. 600, 10m or 1.5h (default 3600); when it passes, "
                    "the command fails (exit code 1).")


def load_arguments(self, command):
    """az asks for the options of one command at a time (and of every command of a group for its help): register
    only the contexts of that command's group, so that `az k8s-extension -h` does not pay for the flux options."""
    if command is None or command.startswith("k8s-configuration"):
        _configuration_arguments(self, command)
    if command is None or command.startswith("k8s-extension"):
        _extension_arguments(self)
    if command is None or command.startswith("k8s-extension extension-types"):
        _extension_types_arguments(self)


def _configuration_arguments(self, command):
    from azext_k8s_configuration.flux.kustomization_settings import keys_text
    with self.argument_context("k8s-configuration") as c:
        _cluster_arguments(c, CLUSTER_TYPES)
        c.argument("name", options_list=["--name", "-n"], help="Name of the configuration.")
        c.argument("yes", options_list=["--yes", "-y"], action="store_true",
                   help="Do not prompt for confirmation.")

    with self.argument_context("k8s-configuration flux") as c:
        c.argument("name", options_list=["--name", "-n"], help="Name of the flux configuration.")
        # a three-state flag as in Microsoft's extension: --force alone, or --force true|false
        c.argument("force", arg_type=get_three_state_flag(),
                   help="Delete the configuration even if the cluster cannot be reached (forceDelete).")

    for scope in ("k8s-configuration flux create", "k8s-configuration flux update",
                  "k8s-configuration flux validate", "k8s-configuration flux apply"):
        with self.argument_context(scope) as c:
            c.argument("scope", options_list=["--scope", "-s"], arg_type=get_enum_type(["cluster", "namespace"]),
                       help="Permission scope of the Flux operator: whole cluster or the configuration namespace.")
            c.argument("namespace", options_list=["--namespace", "--ns"],
                       help="Namespace the configuration's Flux objects live in (RFC 1123 label).")
            c.argument("kustomization", options_list=["--kustomization", "-k"], nargs="+", action="append",
                       help="A kustomization as KEY=VALUE pairs (repeat -k for several). Keys: " + keys_text()
                            + ". substitute takes NAME:VALUE,..., substitute_from "
                            "ConfigMap:NAME,Secret:NAME[:optional]. "
                            "E.g. -k name=infra path=./infrastructure prune=true -k name=apps path=./apps "
                            "depends_on=infra. Quote values with brackets in shells: 'dependsOn=[\"infra\"]'.")
            c.argument("suspend", arg_type=get_three_state_flag(),
                       help="Suspend reconciliation of the source and kustomizations.")
            if command is None or command == scope:  # the tables are read only for the command that uses them
                _kind_argument(c)
                _source_arguments(c, required=("url",) if scope == "k8s-configuration flux create" else ())

    with self.argument_context("k8s-configuration flux create") as c:
        c.argument("yes", options_list=["--yes", "-y"], action="store_true",
                   help="Do not ask before replacing an existing configuration of the same name when that removes "
                        "kustomizations with prune on (asked only when a terminal is attached).")

    for scope in ("k8s-configuration flux create", "k8s-configuration flux apply"):
        with self.argument_context(scope) as c:
            c.argument("wait_for_reconciliation", arg_type=get_three_state_flag(),
                       help="Let the operation finish only once the kustomizations have reconciled.")
            c.argument("reconciliation_wait_duration",
                       help="Longest wait for reconciliation, Go duration (e.g. 30m); implies "
                            "--wait-for-reconciliation.")

    with self.argument_context("k8s-configuration flux apply") as c:
        c.argument("file", options_list=["--file", "-f"],
                   help="The configuration: a YAML or JSON file as `flux show`/`flux export` write it, or Flux's "
                        "own manifests (GitRepository, OCIRepository or Bucket and its Kustomizations); - reads "
                        "standard input. Options given beside it override the file.")
        c.argument("name", options_list=["--name", "-n"],
                   help="Name of the configuration (default: the file's name, or the Flux source's name).")
        c.argument("dry_run", action="store_true",
                   help="Send nothing: print the plan (action and changes; -o table shows Path, From, To).")
        c.argument("ignore_unsupported", action="store_true",
                   help="Flux manifests: drop the fields the Azure API cannot express (one warning each) instead "
                        "of refusing the file.")
        c.argument("resource_group_name", resource_group_name_type, required=False,
                   help="Resource group of the one cluster to apply to (with -c -t). Leave -g -c -t out with a "
                        "cluster selection.")
        _selection_arguments(c)
        group = "Rollout"
        c.argument("max_parallel", type=int, arg_group=group,
                   help="Clusters worked on at once (default 8, at most 64); ARM's throttling is shared by all.")
        c.argument("canary", type=int, arg_group=group,
                   help="Apply to the first N selected clusters first; a failure among them stops the rollout.")
        c.argument("canary_wait_compliant", arg_group=group,
                   help="With --canary: each canary must reach Compliant (read through ARM) within this Go "
                        "duration (e.g. 10m) before the rest start.")
        c.argument("max_failures", type=int, arg_group=group,
                   help="Failures tolerated (default 0): past them no new cluster starts; running ones finish.")
        c.argument("journal", arg_group=group,
                   help="A file that records each finished cluster (JSON lines, written as each finishes).")
        c.argument("resume", action="store_true", arg_group=group,
                   help="With --journal: skip the clusters it records as done for the same file and options.")

    with self.argument_context("k8s-configuration flux export") as c:
        c.argument("export_format", options_list=["--format"], arg_type=get_enum_type(["azure", "flux"]),
                   help="azure (default): the file `flux apply -f` takes; flux: Flux's own manifests, named and "
                        "namespaced as microsoft.flux creates them in the cluster.")
        c.argument("file", options_list=["--file"],
                   help="Write to this file (YAML; JSON when it ends in .json) instead of standard output.")

    with self.argument_context("k8s-configuration flux wait") as c:
        _wait_arguments(c)

    with self.argument_context("k8s-configuration flux compliance") as c:
        _selection_arguments(c)
        c.argument("name", options_list=["--name", "-n"],
                   help="Only this flux configuration: one row per selected cluster, state Missing where the "
                        "cluster lacks it.")
        c.argument("state", nargs="+", help="Only rows in these states: Compliant, Non-Compliant, Pending, "
                                            "Suspended, Unknown, Missing (any case).")
        group = "Wait"
        c.argument("wait", action="store_true", arg_group=group,
                   help="Query again every --interval until every row is Compliant (exit 0), or exit 1 when "
                        "--timeout passes, listing the rest.")
        c.argument("timeout", arg_group=group, help="With --wait: the longest wait, Go duration (default 10m).")
        c.argument("interval", arg_group=group,
                   help="With --wait: time between two queries, Go duration (default 30s); Resource Graph's "
                        "quota may space them more.")

    with self.argument_context("k8s-configuration flux validate") as c:
        cluster = "Stored Configuration"
        c.argument("resource_group_name", resource_group_name_type, arg_group=cluster,
                   help="With -c, -t and -n: the resource group of the cluster whose stored configuration is checked. "
                        "Without --cluster-name it is not used (nor is a default group from az configure).")
        c.argument("cluster_name", options_list=["--cluster-name", "-c"], arg_group=cluster,
                   help="Check the configuration stored on this cluster (-t and -n too): its settings are read from "
                        "Azure, the only request the command sends. Leave it out to check the options given.")
        c.argument("cluster_type", options_list=["--cluster-type", "-t"], arg_type=get_enum_type(CLUSTER_TYPES),
                   arg_group=cluster, help="Type of cluster (with --cluster-name).")
        c.argument("name", options_list=["--name", "-n"],
                   help="Name of the configuration: with -c, the stored one to check; without, it enables the "
                        "checks that need the name (63-character in-cluster names).")
        c.argument("offline", action="store_true",
                   help="Check only the local rules: no connection to the source.")
        c.argument("report", help="Also write the full result as JSON to this file (also when the command fails).")
        c.argument("file", options_list=["--file", "-f"],
                   help="Check the file `flux apply -f` takes (YAML or JSON as `flux show` prints it, or Flux's own "
                        "manifests; - reads standard input); options given beside it override it.")
        c.argument("ignore_unsupported", action="store_true",
                   help="With --file of Flux manifests: drop the fields the Azure API cannot express (one warning "
                        "each) instead of refusing the file.")

    with self.argument_context("k8s-configuration flux update") as c:
        c.argument("yes", options_list=["--yes", "-y"], action="store_true",
                   help="Do not prompt for confirmation (source kind change).")

    with self.argument_context("k8s-configuration flux kustomization") as c:
        c.argument("kustomization_name", options_list=["--kustomization-name", "-k"],
                   help="Name of the kustomization.")
    _kustomization_setting_arguments(self)

    with self.argument_context("k8s-configuration flux deployed-object show") as c:
        c.argument("object_name", help="Name of the deployed object.")
        c.argument("object_namespace", help="Namespace of the deployed object.")
        c.argument("object_kind", arg_type=get_enum_type(DEPLOYED_OBJECT_KINDS), help="Kind of the deployed object.")


def _kustomization_setting_arguments(self):
    """The settings of flux kustomization create/update, from their table (flux/kustomization_settings.py): the
    handlers take them as keyword arguments (**kwargs), registered here for those two commands."""
    from azext_k8s_configuration.flux.kustomization_settings import OPTIONS
    with self.argument_context("k8s-configuration flux kustomization") as c:
        for setting in OPTIONS:
            settings = {"options_list": list(setting.options), "help": setting.help}
            if setting.switch:
                settings["arg_type"] = get_three_state_flag()
            c.argument(setting.key, **settings)
    for command in ("create", "update"):
        with self.argument_context(f"k8s-configuration flux kustomization {command}") as c:
            for setting in OPTIONS:
                c.extra(setting.key)


def _extension_arguments(self):
    with self.argument_context("k8s-extension") as c:
        _cluster_arguments(c, EXTENSION_CLUSTER_TYPES)
        c.argument("name", options_list=["--name", "-n"], help="Name of the extension instance.")
        c.argument("extension_type", help="Type of the extension, e.g. microsoft.flux.")
        c.argument("scope", arg_type=get_enum_type(["cluster", "namespace"]),
                   help="Scope of the extension installation.")
        c.argument("release_namespace", help="Namespace to install a cluster-scoped extension into.")
        c.argument("target_namespace", help="Namespace to install a namespace-scoped extension into (required "
                                            "with --scope namespace).")
        c.argument("auto_upgrade_minor_version", options_list=["--auto-upgrade-minor-version", "--auto-upgrade"],
                   arg_type=get_three_state_flag(), help="Upgrade minor versions automatically.")
        c.argument("version", help="Version to install (needs --auto-upgrade false).")
        c.argument("release_train", help="Release train, e.g. Stable or Preview.")
        # Our names in the option column; Microsoft's k8s-extension 1.x names (same meaning) are accepted but named
        # in the help text: on one line they left the description a few characters wide (hidden_aliases.py).
        c.argument("configuration_settings", options_list=options_list(
                       ["--configuration-settings", "--config"], hidden=["--config-settings"]),
                   nargs="+", action="append",
                   help="Settings as KEY=VALUE pairs (repeatable)." + also_accepted(["--config-settings"]))
        protected = ["--config-protected", "--config-protected-settings"]
        c.argument("configuration_protected_settings",
                   options_list=options_list(["--configuration-protected-settings"], hidden=protected),
                   nargs="+", action="append",
                   help="Protected settings as KEY=VALUE pairs (repeatable); never shown back."
                        + also_accepted(protected) + SECRET_NOTE)
        c.argument("configuration_settings_file", options_list=options_list(
                       ["--configuration-settings-file", "--config-file"], hidden=["--config-settings-file"]),
                   help="JSON file with an object of string settings." + also_accepted(["--config-settings-file"]))
        protected_file = ["--config-protected-file", "--config-protected-settings-file"]
        c.argument("configuration_protected_settings_file",
                   options_list=options_list(["--configuration-protected-settings-file"], hidden=protected_file),
                   help="JSON file with an object of string protected settings." + also_accepted(protected_file))
        c.argument("yes", options_list=["--yes", "-y"], action="store_true",
                   help="Do not prompt for confirmation.")
        # a three-state flag, as on flux delete: --force alone, or --force true|false
        c.argument("force", arg_type=get_three_state_flag(),
                   help="Delete the extension resource even if the cluster cannot be reached (forceDelete).")

    with self.argument_context("k8s-extension wait") as c:
        _wait_arguments(c)

    with self.argument_context("k8s-extension update") as c:  # removing a stored key: only an update has one
        long_names = ["--remove-configuration-settings"], ["--remove-configuration-protected-settings"]
        c.argument("remove_configuration_settings",
                   options_list=options_list(["--remove-config"], hidden=long_names[0]), nargs="+", action="append",
                   help="Keys of settings to remove from the extension (repeatable), e.g. a mistyped one. "
                        "--config KEY= sets an empty value instead." + also_accepted(long_names[0]))
        c.argument("remove_configuration_protected_settings",
                   options_list=options_list(["--remove-config-protected"], hidden=long_names[1]),
                   nargs="+", action="append",
                   help="Keys of protected settings to remove from the extension (repeatable); asks for "
                        "confirmation, as setting them does." + also_accepted(long_names[1]))

    with self.argument_context("k8s-extension create") as c:  # the extension's marketplace plan (all three)
        c.argument("plan_name", arg_group="Marketplace",
                   help="Plan ID of a marketplace extension (the plan's name), with --plan-product and "
                        "--plan-publisher.")
        c.argument("plan_product", arg_group="Marketplace",
                   help="Product (offer) ID of a marketplace extension, with --plan-name and --plan-publisher.")
        c.argument("plan_publisher", arg_group="Marketplace",
                   help="Publisher ID of a marketplace extension, with --plan-name and --plan-product.")

    # k8s-extension: what --yes skips on each command (added by the k8s-extension helper).
    for command in ("create", "update"):
        with self.argument_context(f"k8s-extension {command}") as c:
            c.argument("yes", options_list=["--yes", "-y"], action="store_true",
                       help="Do not ask for confirmation before setting protected settings of an existing extension.")


def _extension_types_arguments(self):
    """k8s-extension extension-types: -by-cluster commands take the cluster coordinates (the k8s-extension
    context), -by-location ones --location and an optional --cluster-type filter."""
    from azure.cli.core.commands.parameters import get_location_type
    marketplace = "Marketplace"
    with self.argument_context("k8s-extension extension-types") as c:
        c.argument("extension_type", help="Name of the extension type, e.g. microsoft.flux.")
        c.argument("version", help="Version of the extension type, e.g. 1.15.1.")
        c.argument("release_train",
                   help="Release train, e.g. stable or preview (the service's default: stable).")
        c.argument("plan_publisher", arg_group=marketplace,
                   help="Only marketplace extension types of this publisher (their plan's publisher ID).")
        c.argument("plan_product", arg_group=marketplace,
                   help="Only marketplace extension types of this product (their plan's offer ID).")
        c.argument("plan_name", arg_group=marketplace,
                   help="Only marketplace extension types of this plan (their plan's plan ID).")
        c.argument("major_version", help="Only versions of this major version, e.g. 1 for 1.x.y.")
        c.argument("show_latest", arg_type=get_three_state_flag(),
                   help="Only the latest version (among those the other filters leave).")
        c.argument("location", arg_type=get_location_type(self.cli_ctx),
                   help="Location (region), e.g. eastus: `az account list-locations -o table` lists them.")
    for command in ("list-by-location", "list-versions-by-location"):
        with self.argument_context(f"k8s-extension extension-types {command}") as c:
            c.argument("cluster_type", options_list=["--cluster-type", "-t"],
                       arg_type=get_enum_type(EXTENSION_CLUSTER_TYPES),
                       help="Only what this type of cluster can install (any case).")
