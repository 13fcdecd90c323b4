"""SDK clients built through azure-cli (so --debug, user agent, retries and cloud endpoints come from az).

Imported only by handlers: the SDKs stay out of `az` start-up.
"""
from . import api_versions, redaction, sdk_compat

# Between two polls of a long-running operation when the service sends no Retry-After
# (the SDK's own default is 30 s, far longer than most operations here take).
POLL_INTERVAL_SECONDS = 2


def _client(cli_ctx, client_type, api_version):
    """An SDK client pinned to our API version. One credential per command: a command that needs two clients
    (flux create reads extensions, then writes the configuration) must not fetch its access token twice.
    The cache is keyed by the invocation, so `az interactive` (one cli_ctx, many commands) never reuses it."""
    from azure.cli.core.commands.client_factory import get_mgmt_service_client
    redaction.install()
    invocation = getattr(cli_ctx, "invocation", None)
    shared = getattr(cli_ctx, "_k8s_configuration_credential", None)
    reuse = {}
    if shared and shared[0] is invocation:
        reuse = {"credential": shared[1], "subscription_id": shared[2]}
    client = get_mgmt_service_client(cli_ctx, client_type, api_version=api_version,
                                     polling_interval=POLL_INTERVAL_SECONDS, **reuse)
    if not reuse:
        cli_ctx._k8s_configuration_credential = (
            invocation, client._config.credential, subscription_of(client))
    return client


def flux_client(cli_ctx, *_):
    sdk_compat.ensure_sdk_importable()
    from azure.mgmt.kubernetesconfiguration.fluxconfigurations import (
        KubernetesConfigurationFluxConfigurationsMgmtClient,
    )
    return _client(cli_ctx, KubernetesConfigurationFluxConfigurationsMgmtClient, api_versions.FLUX_CONFIGURATIONS)


def extensions_client(cli_ctx, *_):
    sdk_compat.ensure_sdk_importable()
    from azure.mgmt.kubernetesconfiguration.extensions import KubernetesConfigurationExtensionsMgmtClient
    return _client(cli_ctx, KubernetesConfigurationExtensionsMgmtClient, api_versions.EXTENSIONS)


def extension_types_client(cli_ctx, *_):
    """The catalog of extension types and versions (only the extension-types commands and the --version check of
    k8s-extension create/update use it: its SDK is imported nowhere else)."""
    sdk_compat.ensure_sdk_importable()
    from azure.mgmt.kubernetesconfiguration.extensiontypes import KubernetesConfigurationExtensionTypesMgmtClient
    return _client(cli_ctx, KubernetesConfigurationExtensionTypesMgmtClient, api_versions.EXTENSION_TYPES)


def connect(cmd, client_factory, resource_group_name, cluster_name, cluster_type, cluster_resource_provider=None,
            allowed=None):
    """An SDK client (from client_factory) and the ClusterRef of the -g/-c/-t/--cluster-rp options."""
    from .coordinates import FLUX_CLUSTER_TYPES, resolve_cluster
    client = client_factory(cmd.cli_ctx)
    cluster = resolve_cluster(subscription_of(client), resource_group_name, cluster_name, cluster_type,
                              cluster_resource_provider, allowed=allowed or FLUX_CLUSTER_TYPES)
    return client, cluster


def subscription_of(client):
    from .raw_arm import RawArm
    return client.subscription_id if isinstance(client, RawArm) else client._config.subscription_id


def raw_request(client, method, path, api_version, body=None, params=None):
    """A plain ARM request through an SDK client's pipeline (same auth, retries, logging).

    Used for the few reads that have no SDK of their own here: provider registration, the cluster
    resource, Flux v1 sourceControlConfigurations. Returns (status_code, parsed JSON or None).
    `client` may also be the read commands' RawArm (no SDK), which sends it itself.
    """
    from .raw_arm import RawArm
    if isinstance(client, RawArm):
        return client.request(method, path, api_version, body=body, params=params)
    from azure.core.rest import HttpRequest
    query = {"api-version": api_version}
    query.update(params or {})
    request = HttpRequest(method, path, params=query, json=body)
    response = client.send_request(request)
    try:
        payload = response.json() if response.content else None
    except ValueError:
        payload = None
    return response.status_code, payload


def rollout_clients(cli_ctx, subscription_id, credential, per_retry_policies):
    """A flux client and an extensions client for one worker of a fleet rollout: its own connections, the
    rollout's one credential (its token fetched once) and its pacing policy (after the retry policy, so that it sees
    every attempt)."""
    sdk_compat.ensure_sdk_importable()
    redaction.install()
    from azure.cli.core.commands.client_factory import get_mgmt_service_client
    from azure.mgmt.kubernetesconfiguration.extensions import KubernetesConfigurationExtensionsMgmtClient
    from azure.mgmt.kubernetesconfiguration.fluxconfigurations import (
        KubernetesConfigurationFluxConfigurationsMgmtClient,
    )
    common = {"subscription_id": subscription_id, "credential": credential,
              "polling_interval": POLL_INTERVAL_SECONDS, "per_retry_policies": per_retry_policies}
    return (get_mgmt_service_client(cli_ctx, KubernetesConfigurationFluxConfigurationsMgmtClient,
                                    api_version=api_versions.FLUX_CONFIGURATIONS, **common),
            get_mgmt_service_client(cli_ctx, KubernetesConfigurationExtensionsMgmtClient,
                                    api_version=api_versions.EXTENSIONS, **common))
