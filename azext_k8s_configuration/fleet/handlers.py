"""az k8s-configuration flux compliance — which configurations of a fleet are not in sync, and why (REFERENCE §13).

1. The selection (fleet/selection.py): checked before any request.
2. One Resource Graph query (fleet/compliance.py), read page by page (fleet/graph.py); a row per configuration,
   or with --name a row per selected cluster (Missing where it lacks it); --state keeps the rows in those states.
3. A summary line on stderr (counts by state). It is a report: exit 0 whatever the states.
4. --wait: the query again every --interval until every row is Compliant (exit 0) or --timeout passes (exit 1,
   listing the rest), within Resource Graph's quota.
"""
import sys
import time

from knack.log import get_logger

logger = get_logger(__name__)

DEFAULT_TIMEOUT = "10m"
DEFAULT_INTERVAL = "30s"
LISTED_ON_TIMEOUT = 20


def flux_compliance(cmd, name=None, clusters_file=None, cluster_ids=None, cluster_query=None, subscriptions=None,
                    state=None, wait=False, timeout=None, interval=None):
    from azure.cli.core.azclierror import ArgumentUsageError

    from azext_k8s_configuration.fleet import compliance
    from azext_k8s_configuration.fleet.selection import select, subscription_of_command
    from azext_k8s_configuration.validation.durations import parse_duration

    if (timeout or interval) and not wait:
        raise ArgumentUsageError("--timeout and --interval apply to --wait.",
                                 "Add --wait, or leave --timeout and --interval out.")
    wait_seconds = parse_duration(timeout or DEFAULT_TIMEOUT, "--timeout") if wait else None
    interval_seconds = parse_duration(interval or DEFAULT_INTERVAL, "--interval") if wait else None
    states = compliance.canonical_states(state) if state else None
    selection = select(subscription_of_command(cmd), clusters_file, cluster_ids, cluster_query, subscriptions)
    for note in selection.notes:
        logger.warning(note)

    from azext_k8s_configuration.fleet.graph import ResourceGraph
    graph = ResourceGraph(cmd.cli_ctx)
    deadline = time.monotonic() + wait_seconds if wait else None
    while True:
        rows = _read(graph, selection, name)
        shown = [r for r in rows if states is None or r["complianceState"] in states]
        rest = [r for r in shown if r["complianceState"] != "Compliant"]
        if not wait or not rest:
            break
        if time.monotonic() + interval_seconds > deadline:
            print(compliance.summary(shown), file=sys.stderr)
            raise _timed_out(rest, timeout or DEFAULT_TIMEOUT)
        logger.warning("%s; %d not Compliant yet, next look in %s", compliance.summary(shown), len(rest),
                       interval or DEFAULT_INTERVAL)
        time.sleep(interval_seconds)
    if selection.ids is not None:
        _note_absent(selection, rows)
    if graph.throttled_seconds:
        logger.info("Waited %.1f s for Resource Graph's quota.", graph.throttled_seconds)
    print(compliance.summary(shown), file=sys.stderr)
    return shown


def _read(graph, selection, name):
    from azure.cli.core.azclierror import ValidationError

    from azext_k8s_configuration.fleet import compliance
    query = compliance.compliance_query(selection, name)
    rows = [compliance.to_row(r) for r in graph.rows(query, selection.subscriptions)]
    if rows:
        return rows
    clusters = next(graph.rows(compliance.clusters_query(selection), selection.subscriptions), {}).get("clusters")
    if not clusters:
        scope = ", ".join(selection.subscriptions)
        what = "No connected or AKS cluster" if selection.source == "subscription" else \
            f"No cluster matches {selection.source}"
        raise ValidationError(f"{what} in subscription(s) {scope}.",
                              "Check the selection and --subscriptions (connected and AKS clusters are selected).")
    return rows


def _note_absent(selection, rows):
    """Selected ids without a row: clusters without flux configurations (or not there at all)."""
    found = {(r["subscription"].lower(), r["resourceGroup"].lower(), r["cluster"].lower()) for r in rows}
    absent = [i for i in selection.ids if (i.split("/")[2], i.split("/")[4], i.rsplit("/", 1)[1]) not in found]
    if absent and rows:
        logger.warning("%d selected cluster(s) have no flux configuration in Resource Graph or do not exist, "
                       "e.g. %s", len(absent), absent[0])


def _timed_out(rest, timeout):
    from azure.cli.core.azclierror import AzureResponseError
    lines = ["{}/{}/{}: {}{}".format(r["resourceGroup"], r["cluster"], r["configuration"], r["complianceState"],
                                     f" ({r['reason']})" if r["reason"] else "")
             for r in rest[:LISTED_ON_TIMEOUT]]
    if len(rest) > LISTED_ON_TIMEOUT:
        lines.append(f"... and {len(rest) - LISTED_ON_TIMEOUT} more")
    return AzureResponseError(f"{len(rest)} configuration(s) not Compliant after {timeout}:\n  " + "\n  ".join(lines),
                              "Run `az k8s-configuration flux compliance` with the same selection to see them all.")
