"""The rollout scheduler (REFERENCE §13): one job per cluster, run by a bounded set of worker threads.

* The canary clusters (the first ``canary`` of the selection) run first; any canary failure stops the rollout.
* Past ``max_failures`` failures no new cluster starts; the running ones finish.
* Ctrl-C: no new cluster starts, the running ones finish (a second Ctrl-C stops waiting for them).
* Each finished cluster goes to the journal at once (``on_finished``); clusters already done are not run again.
* One row per cluster, in the selection's order: those run, those skipped as done, those never started.

It knows nothing of ARM: ``run_one(cluster, canary)`` does one cluster's work and returns its row (``result``
``Succeeded``, ``Accepted`` (--no-wait) or ``Failed``); it is called from worker threads, which are daemons — a
process that stops never waits for one stuck in a request."""
import queue
import threading
from dataclasses import dataclass

from azure.cli.core.azclierror import AzCLIError
from knack.log import get_logger

from .workers import WORKER_PREFIX

logger = get_logger(__name__)

SUCCEEDED, FAILED = "Succeeded", "Failed"
ACCEPTED = "Accepted"  # --no-wait: the write was accepted; its outcome is not known yet
NOT_STARTED, INTERRUPTED, ALREADY_DONE = "NotStarted", "Interrupted", "AlreadyDone"
POLL_SECONDS = 0.2


@dataclass
class Settings:
    max_parallel: int = 8
    canary: int = 0
    max_failures: int = 0


class Rollout:
    def __init__(self, clusters, run_one, settings, done=None, on_finished=None, progress=None, base_row=None):
        """``clusters``: ClusterRefs in order; ``done``: {id (lower): journal entry} to skip; ``base_row(cluster)``:
        the row's identifying members."""
        self.clusters = clusters
        self.run_one = run_one
        self.settings = settings
        self.done = done or {}
        self.on_finished = on_finished or (lambda row: None)
        self.progress = progress
        self.base_row = base_row or (lambda cluster: {"id": cluster.id})
        self.rows = [None] * len(clusters)
        self.succeeded = self.failed = self.running = self.started = self.todo = 0
        self.interrupted = False
        self.stop_reason = None
        self.journal_error = None  # a typed error: the journal could not be written (the rollout stopped)

    # -- the plan ---------------------------------------------------------------------------------------------------
    def _todo(self):
        todo = []
        for index, cluster in enumerate(self.clusters):
            entry = self.done.get(cluster.id.lower())
            if entry is not None:
                self.rows[index] = dict(self.base_row(cluster), action=entry.get("action"), result=ALREADY_DONE,
                                        error=None)
            else:
                todo.append(index)
        return todo

    def run(self):
        todo = self._todo()
        self.todo = len(todo)
        canaries, rest = todo[:self.settings.canary], todo[self.settings.canary:]
        tasks, results = queue.Queue(), queue.Queue()
        workers = [threading.Thread(target=self._work, args=(tasks, results), daemon=True,
                                    name=f"{WORKER_PREFIX}-{n}")
                   for n in range(min(self.settings.max_parallel, max(1, len(todo))))]
        for worker in workers:
            worker.start()
        try:
            if canaries:
                self._phase(canaries, True, tasks, results)
                if self.failed and not self.stop_reason:
                    self.stop_reason = "a canary cluster failed"
            if not self.stop_reason:
                self._phase(rest, False, tasks, results)
        finally:
            for _ in workers:
                tasks.put(None)
            if self.progress:
                self.progress.end(*self._counts())
        for index, cluster in enumerate(self.clusters):
            if self.rows[index] is None:
                reason = self.stop_reason or "the rollout stopped"
                self.rows[index] = dict(self.base_row(cluster), action=None, result=NOT_STARTED,
                                        error=f"Not started: {reason}.")
        return self.rows

    def _phase(self, indexes, canary, tasks, results):
        pending = list(reversed(indexes))
        running = {}
        while pending or running:
            try:
                while pending and len(running) < self.settings.max_parallel and not self._stopping():
                    index = pending.pop()
                    running[index] = self.clusters[index]
                    self.started += 1
                    tasks.put((index, canary))
                self.running = len(running)
                if not running:
                    return
                try:
                    index, row = results.get(timeout=POLL_SECONDS)
                except queue.Empty:
                    index = None
                if index is not None:
                    self._finished(index, row)  # the row first: a Ctrl-C from here on cannot lose it
                    del running[index]
                    self.running = len(running)
                if self.progress:
                    self.progress.tick(*self._counts())
            except KeyboardInterrupt:
                if self.interrupted:  # the second Ctrl-C: stop waiting for the running ones
                    for index, cluster in running.items():
                        if self.rows[index] is not None:  # finished as the Ctrl-C came
                            continue
                        self.rows[index] = dict(self.base_row(cluster), action=None, result=INTERRUPTED,
                                                error="Interrupted while running: its outcome is unknown; run the "
                                                      "rollout again with --resume (or check the cluster).")
                    self.running = 0
                    return
                self.interrupted = True
                self.stop_reason = "the rollout was interrupted (Ctrl-C)"
                logger.warning("Interrupted: no new cluster starts; waiting for the %d running to finish (Ctrl-C "
                               "again to stop waiting).", len(running))

    def _stopping(self):
        if self.interrupted:
            return True
        if self.failed > self.settings.max_failures:
            if not self.stop_reason:
                self.stop_reason = (f"{self.failed} cluster(s) failed, more than --max-failures "
                                    f"{self.settings.max_failures}")
            return True
        return bool(self.stop_reason)

    def _finished(self, index, row):
        self.rows[index] = row
        if row.get("result") in (SUCCEEDED, ACCEPTED):
            self.succeeded += 1
        else:
            self.failed += 1
        if self.journal_error is None:
            try:
                self.on_finished(row)
            except AzCLIError as error:  # the journal cannot be written (disk full, gone): stop, keep the rows
                self.journal_error = error
                self.stop_reason = f"the journal could not be written ({error.error_msg})"

    def _counts(self):
        """done, failed, running, left (not started yet, stopped or not)."""
        return self.succeeded, self.failed, self.running, self.todo - self.started

    def _work(self, tasks, results):
        while True:
            item = tasks.get()
            if item is None:
                return
            index, canary = item
            cluster = self.clusters[index]
            try:
                row = self.run_one(cluster, canary)
            except BaseException as error:  # noqa: BLE001 - a worker must always answer; the row says what failed
                row = dict(self.base_row(cluster), action=None, result=FAILED, error=str(error) or repr(error))
            results.put((index, row))
