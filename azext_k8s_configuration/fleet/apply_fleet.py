"""`az k8s-configuration flux apply -f FILE <selection>`: one configuration rolled out to a fleet (REFERENCE §13).

1. Everything that needs no request is checked first: the rollout options, the file (the single-cluster apply's
   rules, declarative/), the selection, the journal (``--resume``: written for this file and these options).
2. The clusters: the ids as given, or Resource Graph's list for a query (fleet/targets.py).
3. The scheduler (fleet/rollout.py) runs the single-cluster apply (declarative/apply.py) on each, in worker threads
   with their own clients, one shared token and one pacer of ARM's throttling (fleet/pacing.py); canaries first
   (and Compliant, read through ARM, with --canary-wait-compliant); each finished cluster goes to the journal.
4. One row per cluster; a summary on stderr; exit 0 only when every selected cluster succeeded.
"""
import os
import sys
import threading
import time

from azure.cli.core.azclierror import (
    ArgumentUsageError,
    AzCLIError,
    InvalidArgumentValueError,
    RequiredArgumentMissingError,
)
from knack.log import get_logger

from azext_k8s_configuration.fleet.rollout import ACCEPTED, FAILED, SUCCEEDED

logger = get_logger(__name__)

DEFAULT_PARALLEL, MAX_PARALLEL = 8, 64
SETTLE_POLL_SECONDS, SETTLE_TIMEOUT_SECONDS = 3, 30 * 60
IN_PROGRESS = ("Creating", "Updating", "Accepted", "Provisioning")
ROLLOUT_ONLY = (("--max-parallel", "max_parallel"), ("--canary", "canary"),
                ("--canary-wait-compliant", "canary_wait_compliant"), ("--max-failures", "max_failures"),
                ("--journal", "journal"), ("--resume", "resume"))


def selected(selection_options):
    return any(selection_options.get(key) for key in ("clusters_file", "cluster_ids", "cluster_query",
                                                      "subscriptions"))


def refuse_rollout_options(rollout_options):
    """Rollout options without a selection: refused, naming them."""
    given = [option for option, key in ROLLOUT_ONLY
             if rollout_options.get(key) is not None and rollout_options.get(key) is not False]  # 0 is given
    if given:
        raise ArgumentUsageError(f"{', '.join(given)} apply to a rollout: they need a cluster selection.",
                                 "Select clusters with --clusters-file, --cluster-ids, --cluster-query or "
                                 "--subscriptions (or leave those options out to apply to one cluster with -g -c -t).")


def check_options(max_parallel, canary, canary_wait_compliant, max_failures, journal, resume, dry_run):
    """-> (settings, seconds to wait for canaries to be Compliant or None); nothing sent yet."""
    from azext_k8s_configuration.fleet.rollout import Settings
    parallel = DEFAULT_PARALLEL if max_parallel is None else _whole(max_parallel, "--max-parallel")
    if not 1 <= parallel <= MAX_PARALLEL:
        raise InvalidArgumentValueError(f"--max-parallel {parallel}: give 1 to {MAX_PARALLEL} workers.",
                                        f"E.g. --max-parallel {DEFAULT_PARALLEL} (the default).")
    canaries = 0 if canary is None else _whole(canary, "--canary")
    failures = 0 if max_failures is None else _whole(max_failures, "--max-failures")
    wait_seconds = None
    if canary_wait_compliant:
        if not canaries:
            raise ArgumentUsageError("--canary-wait-compliant waits for the canary clusters: it needs --canary N.",
                                     "Add --canary 1 (or more), or leave --canary-wait-compliant out.")
        from azext_k8s_configuration.validation.durations import parse_duration
        wait_seconds = parse_duration(canary_wait_compliant, "--canary-wait-compliant")
    if resume and not journal:
        raise RequiredArgumentMissingError("--resume continues the rollout a journal recorded: give --journal FILE.",
                                           "Add --journal with the file of the rollout to continue.")
    if journal and not resume and not dry_run and os.path.exists(journal) and os.path.getsize(journal) > 0:
        raise ArgumentUsageError(f"--journal '{journal}' already records a rollout.",
                                 "Add --resume to continue it, or give another --journal file to start over.")
    return Settings(parallel, canaries, failures), wait_seconds


def _whole(value, option):
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = -1
    if number < 0 or str(value).strip() != str(number):
        raise InvalidArgumentValueError(f"{option} '{value}' is not a whole number (0 or more).",
                                        f"E.g. {option} 3.")
    return number


def rollout(cmd, file, name, command_options, kustomization, selection_options, rollout_options, dry_run,
            ignore_unsupported, no_wait):
    from azext_k8s_configuration.declarative import apply, documents
    from azext_k8s_configuration.declarative.reading import read_documents
    from azext_k8s_configuration.fleet import journal as journals
    from azext_k8s_configuration.fleet.selection import select, subscription_of_command
    from azext_k8s_configuration.fleet.targets import select_clusters

    settings, wait_seconds = check_options(dry_run=dry_run, **rollout_options)
    if no_wait and wait_seconds is not None:
        raise ArgumentUsageError("--no-wait and --canary-wait-compliant contradict each other: a canary is waited for.",
                                 "Leave one of them out.")
    text, source = documents.read_text(file)
    config = read_documents(documents.parse(text, source), ignore_unsupported)
    for note in config.notes:
        logger.warning(note)
    apply.precheck(config, name, command_options, kustomization)
    digest = journals.digest(text, _digest_options(name, command_options, kustomization, ignore_unsupported))
    selection = select(subscription_of_command(cmd), **selection_options)
    for note in selection.notes:
        logger.warning(note)
    journal_path = rollout_options.get("journal")
    done = journals.read_done(journal_path, digest) if rollout_options.get("resume") else {}
    clusters = select_clusters(cmd.cli_ctx, selection)

    from azext_k8s_configuration.fleet.pacing import Pacer, PacingPolicy
    from azext_k8s_configuration.fleet.progress import Progress
    from azext_k8s_configuration.fleet.rollout import Rollout
    from azext_k8s_configuration.fleet.workers import WorkerClients, quiet, worker_logs
    pacer = Pacer()
    workers = WorkerClients(cmd.cli_ctx, _credentials(cmd.cli_ctx), [PacingPolicy(pacer)])
    job = _ClusterJob(quiet(cmd), workers, config, name, command_options, kustomization, dry_run, no_wait,
                      wait_seconds, rollout_options.get("canary_wait_compliant"))
    journal = journals.Journal(journal_path, digest) if journal_path and not dry_run else None
    on_finished = journal.record if journal else None
    todo = len(clusters) - sum(1 for c in clusters if c.id.lower() in done)
    if done:
        logger.warning("--resume: %d of %d clusters are done in the journal; %d to go.", len(clusters) - todo,
                       len(clusters), todo)
    runner = Rollout(clusters, job.run, settings, done, on_finished, Progress(todo, pacer), base_row)
    started = time.monotonic()
    try:
        with worker_logs():
            rows = runner.run()
    finally:
        if journal:
            journal.close()
    _summary(rows, runner, pacer, time.monotonic() - started, journal_path)
    if runner.journal_error is not None:
        logger.error("%s %s", runner.journal_error.error_msg, runner.journal_error.recommendations[0])
    if runner.journal_error is not None or any(row["result"] not in (SUCCEEDED, ACCEPTED, "AlreadyDone")
                                               for row in rows):
        _exit_after_output(cmd, 1)
    return rows


def base_row(cluster):
    return {"id": cluster.id, "resourceGroup": cluster.resource_group, "cluster": cluster.name}


class _ClusterJob:
    """One cluster's work, called from a worker thread."""

    def __init__(self, cmd, workers, config, name, command_options, kustomization, dry_run, no_wait, wait_seconds,
                 wait_text):
        self.cmd, self.workers, self.config, self.name = cmd, workers, config, name
        self.command_options, self.kustomization = command_options, kustomization
        self.dry_run, self.no_wait = dry_run, no_wait
        self.wait_seconds, self.wait_text = wait_seconds, wait_text
        self.registered = set()  # subscriptions whose provider registration was read Registered: once each
        self._registration_lock = threading.Lock()

    def run(self, cluster, canary):
        from azext_k8s_configuration.declarative.apply import apply_on_cluster
        from azext_k8s_configuration.fleet.workers import set_cluster
        set_cluster(cluster.name)
        row = base_row(cluster)
        plans = []
        try:
            flux, extensions = self.workers.get(cluster.subscription)
            if not self.dry_run:
                self._check_registration(extensions, cluster)
            result = apply_on_cluster(self.cmd, flux, cluster, self.config, self.name, self.command_options,
                                      self.kustomization, dry_run=self.dry_run, no_wait=self.no_wait,
                                      extensions=extensions, registered=self.registered, planned=plans.append)
            plan = result.plan
            if self.dry_run:
                return dict(row, action=plan.action, method=plan.method, changes=plan.changes, result=SUCCEEDED,
                            error=None)
            properties = _properties(result.resource)
            if plan.action == "unchanged" and properties.get("provisioningState") in IN_PROGRESS:
                properties = self._settle(flux, cluster, plan.name, properties)
            row.update(action=plan.action, provisioningState=properties.get("provisioningState"),
                       complianceState=None, result=ACCEPTED if self.no_wait else SUCCEEDED, error=None)
            if properties.get("provisioningState") in IN_PROGRESS and not self.no_wait:  # settled past its timeout
                return dict(row, result=FAILED, error=f"Still {properties.get('provisioningState')} after "
                            f"{SETTLE_TIMEOUT_SECONDS} s: its outcome is unknown; check it with `az k8s-configuration "
                            f"flux show {cluster.cli_args} -n {plan.name}`.")
            if properties.get("provisioningState") == "Failed":
                return dict(row, result=FAILED, error=properties.get("errorMessage") or
                            "The configuration's provisioningState is Failed.")
            if canary and self.wait_seconds and not self.no_wait:
                properties, error = self._wait_compliant(flux, cluster, plan.name)
                row["complianceState"] = properties.get("complianceState")
                if error:
                    return dict(row, result=FAILED, error=error)
            return row
        except AzCLIError as error:
            message = error.error_msg
        except Exception as error:  # noqa: BLE001 - one cluster's failure is its row, never the rollout's crash
            message = str(error) or type(error).__name__
        return dict(row, action=plans[0].action if plans else None, result=FAILED, error=message)

    def _check_registration(self, extensions, cluster):
        """Microsoft.KubernetesConfiguration's registration, read once per subscription (the first worker reads it,
        the others wait for that answer); a subscription where it is not Registered fails each of its clusters."""
        from azext_k8s_configuration.extensions.ensure_flux import check_provider_registered
        key = cluster.subscription.lower()
        if key in self.registered:
            return
        with self._registration_lock:
            if key not in self.registered and check_provider_registered(extensions, cluster):
                self.registered.add(key)

    def _read(self, flux, cluster, name):
        from azext_k8s_configuration.arm.errors import service_call
        return _properties(service_call(f"reading flux configuration '{name}'", flux.flux_configurations.get,
                                        *cluster.sdk_args(), name))

    def _settle(self, flux, cluster, name, properties):
        """An unchanged configuration still being written (a rollout stopped mid-way): its outcome."""
        deadline = time.monotonic() + SETTLE_TIMEOUT_SECONDS
        while properties.get("provisioningState") in IN_PROGRESS and time.monotonic() < deadline:
            time.sleep(SETTLE_POLL_SECONDS)
            properties = self._read(flux, cluster, name)
        return properties

    def _wait_compliant(self, flux, cluster, name):
        """-> (properties, error or None): Compliant, read through ARM, within --canary-wait-compliant."""
        from azext_k8s_configuration.fleet.compliance import reason_of
        interval = min(5.0, max(1.0, self.wait_seconds / 10))
        deadline = time.monotonic() + self.wait_seconds
        while True:
            properties = self._read(flux, cluster, name)
            state = properties.get("complianceState")
            if state == "Compliant":
                return properties, None
            if properties.get("provisioningState") == "Failed":
                return properties, properties.get("errorMessage") or "provisioningState Failed"
            if time.monotonic() + interval > deadline:
                reason = reason_of(properties)
                return properties, (f"Canary not Compliant after {self.wait_text}: complianceState {state}"
                                    + (f" ({reason})" if reason else "") + ".")
            time.sleep(interval)


def _properties(resource):
    if resource is None:
        return {}
    wire = resource.as_dict() if hasattr(resource, "as_dict") else resource
    return wire.get("properties") or {}


def _digest_options(name, command_options, kustomization, ignore_unsupported):
    """The options beside the file that shape what is applied; secret values never (that one was given counts)."""
    from azext_k8s_configuration.flux.sources.kinds import cli_rows
    secret = {row.key for row in cli_rows() if row.secret} | {row.file_key for row in cli_rows()
                                                              if row.secret and row.file_key}
    options = {key: ("(secret)" if key in secret else value) for key, value in command_options.items()
               if value not in (None, False, [], {})}
    return {"name": name, "options": options, "kustomization": kustomization, "ignore_unsupported":
            ignore_unsupported}


def _credentials(cli_ctx):
    """subscription -> one SharedToken per tenant (az's credential for that subscription; the current account's
    for a subscription az does not list)."""
    from azure.cli.core._profile import Profile

    from azext_k8s_configuration.fleet.workers import SharedToken
    profile = Profile(cli_ctx=cli_ctx)
    default = profile.get_login_credentials()
    by_tenant, lock = {}, threading.Lock()

    def credential(subscription):
        try:
            found = profile.get_login_credentials(subscription_id=subscription)
        except Exception:  # noqa: BLE001 - a subscription az does not list: the current account's credential
            found = default
        with lock:
            return by_tenant.setdefault(found[2], SharedToken(found[0]))
    return credential


def _summary(rows, runner, pacer, seconds, journal_path):
    from azext_k8s_configuration.fleet.progress import clock_text
    counts = {}
    for row in rows:
        counts[row["result"]] = counts.get(row["result"], 0) + 1
    parts = ", ".join(f"{counts[r]} {r}" for r in (SUCCEEDED, ACCEPTED, "AlreadyDone", FAILED, "Interrupted",
                                                   "NotStarted")
                      if counts.get(r))
    print(f"Rollout of {len(rows)} cluster(s) in {clock_text(seconds)}: {parts}; throttled "
          f"{clock_text(pacer.throttled_seconds)} ({pacer.throttled_responses} answer(s) 429).", file=sys.stderr)
    failed = [row for row in rows if row["result"] == FAILED]
    for row in failed[:10]:
        logger.warning("Failed: %s: %s", row["id"], row.get("error"))
    if len(failed) > 10:
        logger.warning("... and %d more failed (see the rows).", len(failed) - 10)
    not_started = counts.get("NotStarted", 0)
    if not_started:
        logger.warning("%d cluster(s) not started: %s.", not_started, runner.stop_reason or "the rollout stopped")
    if failed or not_started or counts.get("Interrupted"):
        again = (f"run it again with --journal {journal_path} --resume to go on where it stopped" if journal_path
                 else "running it again is safe: clusters already done are unchanged (--journal F records them)")
        logger.error("The rollout did not succeed on every selected cluster: %s.", again)


def _exit_after_output(cmd, code):
    """The rows are the output even when clusters failed: az prints them, then the command exits with ``code``."""
    from knack.events import EVENT_CLI_SUCCESSFUL_EXECUTE

    def leave(_cli_ctx, **_):
        raise SystemExit(code)
    cmd.cli_ctx.register_event(EVENT_CLI_SUCCESSFUL_EXECUTE, leave)
