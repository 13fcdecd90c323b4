"""Options of every command: names, aliases, help, and groups (see REFERENCE.md §1-§8)."""
from azure.cli.core.commands.parameters import get_enum_type, get_three_state_flag, resource_group_name_type

from azext_k8s_configuration.arm.coordinates import EXTENSION_CLUSTER_TYPES, FLUX_CLUSTER_TYPES as CLUSTER_TYPES

DEPLOYED_OBJECT_KINDS = ["GitRepository", "Bucket", "AzureBlob", "OCIRepository", "HelmRepository",
                         "HelmChart", "HelmRelease", "Kustomization"]
SECRET_NOTE = (" az --debug echoes the command line: there, pass the value as @FILE (a file holding it) "
               "or @- (standard input) so it is never on the command line.")


def _cluster_arguments(c, cluster_types):
    c.argument("resource_group_name", resource_group_name_type)
    c.argument("cluster_name", options_list=["--cluster-name", "-c"],
               help="Name of the Kubernetes cluster.")
    c.argument("cluster_type", options_list=["--cluster-type", "-t"], arg_type=get_enum_type(cluster_types),
               help="Type of cluster: " + ", ".join(cluster_types) + " (any case).")
    c.argument("cluster_resource_provider", options_list=["--cluster-resource-provider", "--cluster-rp"],
               help="Resource provider of the cluster; only needed for provisionedClusters "
                    "(microsoft.hybridcontainerservice), and inferred from --cluster-type when left out.")


def _other_source_arguments(c):
    """--kind bucket / azblob / oci options (REFERENCE.md §7); refused by name with another --kind."""
    bucket, blob, oci = "Bucket", "Azure Blob", "OCI Repository"
    c.argument("bucket_name", arg_group=bucket, help="Name of the bucket.")
    c.argument("bucket_access_key", arg_group=bucket, help="Access key ID of the bucket (with --bucket-secret-key).")
    c.argument("bucket_secret_key", arg_group=bucket, help="Secret key of the bucket; sent protected." + SECRET_NOTE)
    c.argument("bucket_insecure", arg_group=bucket, arg_type=get_three_state_flag(),
               help="Talk to the bucket endpoint over plain http.")
    c.argument("container_name", arg_group=blob, help="Name of the Azure Blob container.")
    c.argument("sp_client_id", arg_group=blob, help="Client ID of the service principal.")
    c.argument("sp_tenant_id", arg_group=blob, help="Tenant ID of the service principal.")
    c.argument("sp_client_secret", arg_group=blob, help="Client secret of the service principal." + SECRET_NOTE)
    c.argument("sp_client_cert", arg_group=blob, help="Base64 PEM client certificate of the service principal.")
    c.argument("sp_cert_password", arg_group=blob, help="Password of the client certificate." + SECRET_NOTE)
    c.argument("sp_cert_send_chain", arg_group=blob, arg_type=get_three_state_flag(),
               help="Send the certificate chain (subject name/issuer authentication).")
    c.argument("account_key", arg_group=blob, help="Shared key of the storage account." + SECRET_NOTE)
    c.argument("sas_token", arg_group=blob, help="Shared access signature of the container." + SECRET_NOTE)
    c.argument("mi_client_id", arg_group=blob, help="Client ID of the managed identity.")
    c.argument("digest", arg_group=oci, help="Image digest to pull (sha256:...).")
    c.argument("oci_media_type", arg_group=oci, help="Media type of the layer to extract or copy.")
    c.argument("oci_operation", arg_group=oci, arg_type=get_enum_type(["extract", "copy"]),
               help="What to do with the selected layer.")
    c.argument("tls_ca_certificate", arg_group=oci, help="Base64 PEM CA certificate of the registry.")
    c.argument("tls_client_certificate", arg_group=oci, help="Base64 PEM client certificate for mTLS.")
    c.argument("tls_private_key", arg_group=oci, help="Base64 PEM private key for mTLS." + SECRET_NOTE)
    c.argument("service_account_name", arg_group=oci, help="Kubernetes service account to pull with.")
    c.argument("use_workload_identity", arg_group=oci, arg_type=get_three_state_flag(),
               help="Pull with the cluster's workload identity.")
    c.argument("oci_insecure", arg_group=oci, arg_type=get_three_state_flag(),
               help="Allow a registry over plain http.")
    c.argument("verification_provider", arg_group=oci, help="Signature verification provider, e.g. cosign.")
    c.argument("match_oidc_identity", arg_group=oci, nargs="+",
               help="Keyless identities to trust: issuer=REGEX subject=REGEX, or a JSON list of such objects.")
    c.argument("verification_config", arg_group=oci, nargs="+",
               help="Public keys to verify with, as NAME=BASE64_KEY pairs.")


def _wait_arguments(c):
    """The conditions of azure-cli's generic wait; ours exits 1 on timeout and on Failed (REFERENCE §11)."""
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
    c.argument("interval", type=int, arg_group=group, help="Seconds between two reads (default 5).")
    c.argument("timeout", type=int, arg_group=group,
               help="Longest wait in seconds (default 3600); when it passes, the command fails (exit code 1).")


def load_arguments(self, _):
    with self.argument_context("k8s-configuration") as c:
        _cluster_arguments(c, CLUSTER_TYPES)
        c.argument("name", options_list=["--name", "-n"], help="Name of the configuration.")
        c.argument("yes", options_list=["--yes", "-y"], action="store_true",
                   help="Do not prompt for confirmation.")

    with self.argument_context("k8s-configuration flux") as c:
        c.argument("name", options_list=["--name", "-n"], help="Name of the flux configuration.")
        c.argument("force", action="store_true",
                   help="Delete the configuration even if the cluster cannot be reached (forceDelete).")

    for scope in ("k8s-configuration flux create", "k8s-configuration flux update"):
        with self.argument_context(scope) as c:
            c.argument("scope", options_list=["--scope", "-s"], arg_type=get_enum_type(["cluster", "namespace"]),
                       help="Permission scope of the Flux operator: whole cluster or the configuration namespace.")
            c.argument("namespace", options_list=["--namespace", "--ns"],
                       help="Namespace the configuration's Flux objects live in (RFC 1123 label).")
            c.argument("kind", arg_type=get_enum_type(["git", "bucket", "azblob", "oci"]),
                       help="Source kind: git (default), bucket (S3-compatible), azblob (Azure Blob) or oci.")
            c.argument("url", options_list=["--url", "-u"],
                       help="URL of the source: http://, https://, ssh:// or git@ for git.")
            c.argument("branch", arg_group="Git Repo Ref", help="Branch to sync.")
            c.argument("tag", arg_group="Git Repo Ref", help="Tag to sync.")
            c.argument("semver", arg_group="Git Repo Ref", help="Semver range of tags to sync.")
            c.argument("commit", arg_group="Git Repo Ref", help="Commit SHA to sync.")
            c.argument("timeout", help="Timeout of source operations, Go duration (e.g. 10m, 1h30m).")
            c.argument("sync_interval", options_list=["--interval", "--sync-interval"],
                       help="Interval between source syncs, Go duration (e.g. 10m, 1h30m).")
            c.argument("ssh_private_key", arg_group="Auth",
                       help="Base64 of the SSH private key (PEM or OpenSSH; not passphrase-protected)."
                            + SECRET_NOTE)
            c.argument("ssh_private_key_file", arg_group="Auth", help="File holding the SSH private key.")
            c.argument("known_hosts", arg_group="Auth", help="Base64 of the known_hosts content for SSH.")
            c.argument("known_hosts_file", arg_group="Auth", help="File holding known_hosts for SSH.")
            c.argument("https_user", arg_group="Auth", help="HTTPS user name (with --https-key).")
            c.argument("https_key", arg_group="Auth",
                       help="HTTPS password or personal access token (with --https-user)." + SECRET_NOTE)
            c.argument("https_ca_cert", arg_group="Auth",
                       help="Base64 of PEM CA certificate(s) for an https:// source.")
            c.argument("https_ca_cert_file", arg_group="Auth", help="File holding PEM CA certificate(s).")
            c.argument("local_auth_ref", options_list=["--local-auth-ref", "--local-ref"], arg_group="Auth",
                       help="Name of a Kubernetes secret in the configuration namespace holding the credentials.")
            c.argument("provider", arg_group="Auth", arg_type=get_enum_type(["azure", "github", "generic"]),
                       help="Git provider for authentication: azure (Azure DevOps with managed identity), "
                            "github, or generic.")
            c.argument("kustomization", options_list=["--kustomization", "-k"], nargs="+", action="append",
                       help="A kustomization as KEY=VALUE pairs (repeat -k for several). Keys: name, path, prune, "
                            "depends_on, timeout, sync_interval, retry_interval, force, disable_health_check, "
                            "substitute (NAME:VALUE,...), substitute_from (ConfigMap:NAME,Secret:NAME[:optional]). "
                            "E.g. -k name=infra path=./infrastructure prune=true -k name=apps path=./apps "
                            "depends_on=infra. Quote values with brackets in shells: 'dependsOn=[\"infra\"]'.")
            c.argument("suspend", arg_type=get_three_state_flag(),
                       help="Suspend reconciliation of the source and kustomizations.")
            _other_source_arguments(c)

    with self.argument_context("k8s-configuration flux create") as c:
        c.argument("wait_for_reconciliation", arg_type=get_three_state_flag(),
                   help="Let the operation finish only once the kustomizations have reconciled.")
        c.argument("reconciliation_wait_duration",
                   help="Longest wait for reconciliation, Go duration (e.g. 30m); implies --wait-for-reconciliation.")

    with self.argument_context("k8s-configuration flux wait") as c:
        _wait_arguments(c)

    with self.argument_context("k8s-configuration flux update") as c:
        c.argument("yes", options_list=["--yes", "-y"], action="store_true",
                   help="Do not prompt for confirmation (source kind change).")

    with self.argument_context("k8s-configuration flux kustomization") as c:
        c.argument("kustomization_name", options_list=["--kustomization-name", "-k"],
                   help="Name of the kustomization.")
        c.argument("path", help="Path in the source to reconcile (empty: the top level).")
        c.argument("depends_on", options_list=["--depends-on", "--dependencies", "--depends"],
                   help="Comma-separated names of kustomizations that must be ready first.")
        c.argument("timeout", help="Timeout of the kustomization, Go duration (e.g. 10m).")
        c.argument("sync_interval", options_list=["--sync-interval", "--interval"],
                   help="Reconciliation interval, Go duration (e.g. 10m).")
        c.argument("retry_interval", help="Interval before retrying a failed reconciliation, Go duration.")
        c.argument("prune", arg_type=get_three_state_flag(),
                   help="Garbage-collect objects removed from the source.")
        c.argument("force", arg_type=get_three_state_flag(),
                   help="Recreate objects that cannot be patched (immutable fields).")
        c.argument("disable_health_check", arg_type=get_three_state_flag(),
                   help="Do not wait for deployed objects to be healthy.")
        c.argument("substitute", help="Post-build variables as NAME:VALUE pairs separated by commas "
                                      "(or a JSON object), e.g. cluster_env:prod,replicas:2.")
        c.argument("substitute_from",
                   help="ConfigMaps/Secrets to read post-build variables from: KIND:NAME[:optional] separated by "
                        "commas, e.g. ConfigMap:cluster-vars,Secret:db-creds:optional.")

    with self.argument_context("k8s-configuration flux deployed-object show") as c:
        c.argument("object_name", help="Name of the deployed object.")
        c.argument("object_namespace", help="Namespace of the deployed object.")
        c.argument("object_kind", arg_type=get_enum_type(DEPLOYED_OBJECT_KINDS), help="Kind of the deployed object.")

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
        c.argument("configuration_settings", options_list=["--configuration-settings", "--config"],
                   nargs="+", action="append", help="Settings as KEY=VALUE pairs (repeatable).")
        c.argument("configuration_protected_settings",
                   options_list=["--configuration-protected-settings", "--config-protected"],
                   nargs="+", action="append",
                   help="Protected settings as KEY=VALUE pairs (repeatable); never shown back." + SECRET_NOTE)
        c.argument("configuration_settings_file", options_list=["--configuration-settings-file", "--config-file"],
                   help="JSON file with an object of string settings.")
        c.argument("configuration_protected_settings_file",
                   options_list=["--configuration-protected-settings-file", "--config-protected-file"],
                   help="JSON file with an object of string protected settings.")
        c.argument("yes", options_list=["--yes", "-y"], action="store_true",
                   help="Do not prompt for confirmation.")
        c.argument("force", action="store_true",
                   help="Delete the extension resource even if the cluster cannot be reached (forceDelete).")

    with self.argument_context("k8s-extension wait") as c:
        _wait_arguments(c)

    # k8s-extension: what --yes skips on each command (added by the k8s-extension helper).
    for command in ("create", "update"):
        with self.argument_context(f"k8s-extension {command}") as c:
            c.argument("yes", options_list=["--yes", "-y"], action="store_true",
                       help="Do not ask for confirmation before setting protected settings of an existing extension.")
