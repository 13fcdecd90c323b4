"""SDK clients built through azure-cli (so --debug, user agent, retries and cloud endpoints come from az).

Imported only by handlers: the SDKs stay out of `az` start-up.
"""
from . import redaction

# Between two polls of a long-running operation when the service sends no Retry-After
# (the SDK's own default is 30 s, far longer than most operations here take).
POLL_INTERVAL_SECONDS = 2


def _client(cli_ctx, client_type, subscription_id=None):
    """One credential per command: a command that needs two clients (flux create reads extensions, then
    writes the configuration) must not fetch its access token twice."""
    from azure.cli.core.commands.client_factory import get_mgmt_service_client
    redaction.install()
    shared = getattr(cli_ctx, "_k8s_configuration_credential", None)
    reuse = {}
    if isinstance(shared, tuple) and subscription_id in (None, shared[1]):
        reuse = {"credential": shared[0], "subscription_id": shared[1]}
    client = get_mgmt_service_client(cli_ctx, client_type, polling_interval=POLL_INTERVAL_SECONDS,
                                     **(reuse or {"subscription_id": subscription_id}))
    if not isinstance(shared, tuple):
        cli_ctx._k8s_configuration_credential = (client._config.credential,  # pylint: disable=protected-access
                                                 subscription_of(client))
    return client


def flux_client(cli_ctx, *_):
    from azure.mgmt.kubernetesconfiguration.fluxconfigurations import (
        KubernetesConfigurationFluxConfigurationsMgmtClient)
    return _client(cli_ctx, KubernetesConfigurationFluxConfigurationsMgmtClient)


def extensions_client(cli_ctx, *_):
    from azure.mgmt.kubernetesconfiguration.extensions import KubernetesConfigurationExtensionsMgmtClient
    return _client(cli_ctx, KubernetesConfigurationExtensionsMgmtClient)


def connect(cmd, client_factory, resource_group_name, cluster_name, cluster_type, cluster_resource_provider=None,
            allowed=None):
    """An SDK client (from client_factory) and the ClusterRef of the -g/-c/-t/--cluster-rp options."""
    from .coordinates import FLUX_CLUSTER_TYPES, resolve_cluster
    client = client_factory(cmd.cli_ctx)
    cluster = resolve_cluster(subscription_of(client), resource_group_name, cluster_name, cluster_type,
                              cluster_resource_provider, allowed=allowed or FLUX_CLUSTER_TYPES)
    return client, cluster


def subscription_of(client):
    return client._config.subscription_id  # pylint: disable=protected-access


def raw_request(client, method, path, api_version, body=None, params=None):
    """A plain ARM request through an SDK client's pipeline (same auth, retries, logging).

    Used for the few reads that have no SDK of their own here: provider registration, the cluster
    resource, Flux v1 sourceControlConfigurations. Returns (status_code, parsed JSON or None).
    """
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
