"""Which clusters a fleet command works on (REFERENCE §13): ``--clusters-file F`` (resource ids, one a line, ``#``
comments), ``--cluster-ids ID ...``, or ``--cluster-query FILTER`` (a Resource Graph ``where`` clause over
connectedClusters and managedClusters), within ``--subscriptions S ...`` (default: az's current subscription).
Nothing here talks to Azure: a selection is plain data that ``where_clause`` turns into KQL."""
import re
from dataclasses import dataclass, field

from azure.cli.core.azclierror import (
    FileOperationError,
    InvalidArgumentValueError,
    MutuallyExclusiveArgumentError,
)

# lower-cased "provider/type" of the clusters a selection covers, as Resource Graph stores `type`
CLUSTER_TYPES = {
    "microsoft.kubernetes/connectedclusters": "connectedClusters",
    "microsoft.containerservice/managedclusters": "managedClusters",
}
_ID = re.compile(r"^/subscriptions/(?P<subscription>[^/]+)/resourceGroups/(?P<group>[^/]+)/providers/"
                 r"(?P<provider>[^/]+)/(?P<type>[^/]+)/(?P<name>[^/]+)/?$", re.IGNORECASE)
_GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.IGNORECASE)
_QUOTED = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")
ID_FORMAT = ("/subscriptions/{subscription}/resourceGroups/{group}/providers/Microsoft.Kubernetes/"
             "connectedClusters/{name} (or Microsoft.ContainerService/managedClusters/{name})")


@dataclass
class Selection:
    subscriptions: list
    ids: list = None             # lower-cased cluster ids (--clusters-file, --cluster-ids), or None
    query: str = None            # --cluster-query, or None
    source: str = "subscription"  # what the user named, for messages
    notes: list = field(default_factory=list)
    given_ids: list = None       # the same ids as written (case kept), in the same order


def parse_cluster_id(text, where, keep_case=False):
    """A cluster resource id, checked (``where`` names the option or file line in the error); lower-cased unless
    ``keep_case``."""
    value = text.strip()
    match = _ID.match(value)
    if match is None or "{}/{}".format(match["provider"], match["type"]).lower() not in CLUSTER_TYPES:
        raise InvalidArgumentValueError(
            f"{where}: '{value}' is not the resource id of a connected or AKS cluster.",
            f"Write it as {ID_FORMAT}.")
    if not _GUID.match(match["subscription"]):
        raise InvalidArgumentValueError(f"{where}: '{value}' names subscription '{match['subscription']}', which is "
                                        "not a subscription id (a GUID).", f"Write it as {ID_FORMAT}.")
    value = value.rstrip("/")
    return value if keep_case else value.lower()


def id_parts(cluster_id):
    """subscription, group, provider, type, name of a checked cluster id (a regex match)."""
    return _ID.match(cluster_id)


def read_clusters_file(path, keep_case=False):
    """The cluster ids of a file: one a line; blank lines and ``#`` comments (whole line or trailing) skipped."""
    try:
        with open(path, encoding="utf-8") as handle:
            lines = handle.read().splitlines()
    except OSError as error:
        raise FileOperationError(f"--clusters-file: cannot read '{path}': {error.strerror}.",
                                 "Pass a text file with one cluster resource id a line.") from None
    except UnicodeDecodeError:
        raise FileOperationError(f"--clusters-file: '{path}' is not UTF-8 text.",
                                 "Pass a text file with one cluster resource id a line.") from None
    ids = []
    for number, line in enumerate(lines, 1):
        text = line.split("#", 1)[0].strip()
        if text:
            ids.append(parse_cluster_id(text, f"--clusters-file {path} line {number}", keep_case))
    return ids


def check_filter(text):
    """A --cluster-query is one where clause: refused when empty or when it pipes into other operators."""
    if not text or not text.strip():
        raise InvalidArgumentValueError("--cluster-query is empty.",
                                        "Pass a Resource Graph where clause, e.g. --cluster-query \"tags.env == "
                                        "'prod'\".")
    if "|" in _QUOTED.sub("", text):
        raise InvalidArgumentValueError(
            "--cluster-query is a where clause: it cannot contain '|' (other operators).",
            "Pass the condition only, e.g. --cluster-query \"tags.env == 'prod' and location =~ 'westeurope'\".")
    return text.strip()


def check_subscriptions(values):
    out = []
    for value in values:
        if not _GUID.match(value or ""):
            raise InvalidArgumentValueError(f"--subscriptions: '{value}' is not a subscription id (a GUID).",
                                            "Pass subscription ids, e.g. --subscriptions $(az account show "
                                            "--query id -o tsv).")
        if value.lower() not in out:
            out.append(value.lower())
    return out


def select(current_subscription, clusters_file=None, cluster_ids=None, cluster_query=None, subscriptions=None):
    """The Selection the options describe (at most one of file, ids and query)."""
    given = [option for option, value in (("--clusters-file", clusters_file), ("--cluster-ids", cluster_ids),
                                          ("--cluster-query", cluster_query)) if value]
    if len(given) > 1:
        raise MutuallyExclusiveArgumentError(f"{' and '.join(given)} both select clusters: use one of them.",
                                             "Pass either --clusters-file, --cluster-ids or --cluster-query.")
    scope = check_subscriptions(subscriptions) if subscriptions else None
    ids, query, source = None, None, "subscription"
    if clusters_file:
        ids, source = read_clusters_file(clusters_file, keep_case=True), f"--clusters-file {clusters_file}"
        if not ids:
            raise InvalidArgumentValueError(f"--clusters-file {clusters_file} lists no cluster.",
                                            "Write one cluster resource id a line.")
    elif cluster_ids:
        ids, source = [parse_cluster_id(value, "--cluster-ids", keep_case=True) for value in cluster_ids], \
            "--cluster-ids"
    elif cluster_query:
        query, source = check_filter(cluster_query), "--cluster-query"
    notes, given_ids = [], None
    if ids is not None:
        first = {}
        for value in ids:  # the first spelling of each
            first.setdefault(value.lower(), value)
        given_ids = list(first.values())
        ids = [i.lower() for i in given_ids]
        id_subscriptions = list(dict.fromkeys(i.split("/")[2] for i in ids))
        if scope is None:
            scope = id_subscriptions
        else:
            outside = [i for i in ids if i.split("/")[2] not in scope]
            if outside:  # the selection is within --subscriptions (REFERENCE §13), for a rollout as for a report
                notes.append(f"{len(outside)} listed cluster(s) are in subscriptions --subscriptions leaves out and "
                             f"are skipped, e.g. {outside[0]}")
                given_ids = [i for i in given_ids if i.lower().split("/")[2] in scope]
                ids = [i for i in ids if i.split("/")[2] in scope]
    if scope is None:
        scope = [current_subscription.lower()]
    return Selection(scope, ids, query, source, notes, given_ids)


def kql_string(value):
    """A KQL string literal."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def where_clause(selection):
    """The KQL that keeps the selected clusters of ``resources``."""
    types = ", ".join(kql_string(t) for t in CLUSTER_TYPES)
    clause = f"where type in~ ({types})"
    if selection.ids is not None:
        clause += " | where tolower(id) in ({})".format(", ".join(kql_string(i) for i in selection.ids))
    if selection.query:
        clause += f" | where ({selection.query})"
    return clause


def subscription_of_command(cmd):
    """The subscription az's global --subscription names, else the account's default (as az's clients take it)."""
    chosen = cmd.cli_ctx.data.get("subscription_id")
    if chosen:
        return chosen
    from azure.cli.core._profile import Profile
    return Profile(cli_ctx=cmd.cli_ctx).get_subscription_id()
