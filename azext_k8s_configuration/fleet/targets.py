"""The clusters a rollout works on, in order: the ids of a file or of --cluster-ids as written (a missing cluster
is that cluster's failure, found when it is read); for a query or a whole subscription, the clusters Resource Graph
lists, ordered by id."""
from azure.cli.core.azclierror import ValidationError

from azext_k8s_configuration.arm.coordinates import resolve_cluster
from azext_k8s_configuration.fleet.selection import id_parts, where_clause


def cluster_ref(cluster_id):
    match = id_parts(cluster_id)
    return resolve_cluster(match["subscription"], match["group"], match["name"], match["type"])


def clusters_query(selection):
    return "resources | " + where_clause(selection) + " | project id | order by id asc"


def select_clusters(cli_ctx, selection):
    """[ClusterRef] of the selection; none matching is refused (exit 1)."""
    if selection.given_ids is not None:
        ids = selection.given_ids  # as listed (every one outside --subscriptions already left out)
    else:
        from azext_k8s_configuration.fleet.graph import ResourceGraph
        ids = [row["id"] for row in ResourceGraph(cli_ctx).rows(clusters_query(selection), selection.subscriptions)]
    if not ids:
        what = "No connected or AKS cluster" if selection.source == "subscription" else \
            f"No cluster matches {selection.source}"
        raise ValidationError(f"{what} in subscription(s) {', '.join(selection.subscriptions)}.",
                              "Check the selection and --subscriptions (connected and AKS clusters are selected).")
    return [cluster_ref(cluster_id) for cluster_id in ids]
