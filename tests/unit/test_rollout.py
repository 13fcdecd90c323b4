"""The rollout's parts without az or the emulator: the shared pacer of ARM's throttling (fleet/pacing.py), the
journal (fleet/journal.py), the scheduler (fleet/rollout.py), its options (fleet/apply_fleet.py) and progress."""
import io
import json
import threading

import pytest
from azure.cli.core.azclierror import (
    ArgumentUsageError,
    InvalidArgumentValueError,
    RequiredArgumentMissingError,
    ValidationError,
)

from azext_k8s_configuration.arm.coordinates import ClusterRef
from azext_k8s_configuration.fleet import apply_fleet, journal, pacing, progress, rollout, selection

SUB = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"
WRITES = pacing.HEADER.format("writes")


class Clock:
    def __init__(self):
        self.now = 1000.0
        self.slept = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.slept.append(round(seconds, 3))
        self.now += seconds


# -- pacing --------------------------------------------------------------------------------------------------
def test_no_header_yet_means_no_pacing_and_methods_have_their_bucket():
    clock = Clock()
    pacer = pacing.Pacer(clock, clock.sleep)
    for method in ("GET", "PUT", "PATCH", "POST", "DELETE"):
        pacer.before(pacing.category(method))
    assert clock.slept == [] and pacer.requests == {"reads": 1, "writes": 3, "deletes": 1}


def test_writes_are_held_before_the_bucket_is_empty_then_spaced_by_the_refill():
    clock = Clock()
    pacer = pacing.Pacer(clock, clock.sleep, rates={"reads": 25.0, "writes": 10.0, "deletes": 10.0})
    pacer.before("writes")
    pacer.after("writes", 200, {WRITES: str(2 + pacing.RESERVE)})  # two left, and the reserve
    pacer.before("writes")
    pacer.before("writes")
    assert clock.slept == []
    pacer.before("writes")  # only the reserve left: one refill (0.1 s at 10 per second)
    assert clock.slept == [0.1] and pacer.throttled_seconds == pytest.approx(0.1)


def test_a_429_pauses_every_worker_and_is_counted():
    clock = Clock()
    pacer = pacing.Pacer(clock, clock.sleep)
    pacer.before("reads")
    pacer.after("writes", 429, {"Retry-After": "3"})
    pacer.before("reads")  # another kind, another worker: held too
    assert clock.slept == [3.0] and pacer.throttled_responses == 1 and pacer.throttled_seconds == 3.0


def test_the_refill_rate_is_learnt_from_the_headers():
    clock = Clock()
    pacer = pacing.Pacer(clock, clock.sleep, rates={"reads": 25.0, "writes": 10.0, "deletes": 10.0})
    pacer.after("writes", 200, {WRITES: "100"})  # the bucket is 101 deep
    for _ in range(20):  # the server refills 1 per second, not 10: the headers say less than predicted
        clock.now += 1.0
        pacer.before("writes")
        pacer.after("writes", 200, {WRITES: "3"})
    assert pacer._buckets["writes"].rate < 2.0


class _Transport:
    """The next policy: answers 429 ``refusals`` times, then 200."""

    def __init__(self, refusals):
        self.refusals, self.sent = refusals, 0

    def send(self, request):
        self.sent += 1
        status = 429 if self.sent <= self.refusals else 200
        headers = {"Retry-After": "2"} if status == 429 else {WRITES: "50"}
        response = type("R", (), {"status_code": status, "headers": headers})()
        return type("PR", (), {"http_response": response})()


def test_the_policy_sends_a_throttled_request_again_once_the_pause_is_over(monkeypatch):
    clock = Clock()
    pacer = pacing.Pacer(clock, clock.sleep)
    policy = pacing.PacingPolicy(pacer)
    policy.next = _Transport(refusals=2)
    request = type("Req", (), {"http_request": type("H", (), {"method": "PUT"})()})()
    response = policy.send(request)
    assert response.http_response.status_code == 200 and policy.next.sent == 3
    assert pacer.throttled_responses == 2 and clock.slept.count(2.0) == 2  # each Retry-After waited (then the
    # reserve refills: after a 429 the bucket is known to be empty)


# -- journal --------------------------------------------------------------------------------------------------
def test_the_journal_records_each_cluster_on_its_own_line_and_resume_reads_what_succeeded(tmp_path):
    path = str(tmp_path / "j")
    digest = journal.digest("file", {"name": "cfg"})
    book = journal.Journal(path, digest)
    book.record({"id": "/A", "action": "create", "result": "Succeeded"})
    book.record({"id": "/B", "action": None, "result": "Failed", "error": "boom"})
    book.close()
    with open(path, "a") as handle:
        handle.write('{"id": "/C", "resu')  # a line cut short by kill -9
    entries = [json.loads(line) for line in open(path).read().splitlines()[:2]]
    assert entries[1]["error"] == "boom" and entries[0]["digest"] == digest and entries[0]["time"].endswith("Z")
    assert list(journal.read_done(path, digest)) == ["/a"]
    with pytest.raises(ValidationError, match="another file"):
        journal.read_done(path, journal.digest("other file", {"name": "cfg"}))
    assert journal.read_done(str(tmp_path / "absent"), digest) == {}


def test_the_digest_covers_options_but_not_secret_values():
    one = apply_fleet._digest_options("cfg", {"https_key": "s3cr3t", "branch": "main"}, None, False)
    two = apply_fleet._digest_options("cfg", {"https_key": "other", "branch": "main"}, None, False)
    three = apply_fleet._digest_options("cfg", {"https_key": "other", "branch": "release"}, None, False)
    assert "s3cr3t" not in json.dumps(one)
    assert journal.digest("f", one) == journal.digest("f", two) != journal.digest("f", three)


# -- options ----------------------------------------------------------------------------------------------------
def options(**given):
    values = {"max_parallel": None, "canary": None, "canary_wait_compliant": None, "max_failures": None,
              "journal": None, "resume": False, "dry_run": False}
    values.update(given)
    return values


def test_rollout_defaults_and_refusals(tmp_path):
    settings, wait = apply_fleet.check_options(**options())
    assert (settings.max_parallel, settings.canary, settings.max_failures, wait) == (8, 0, 0, None)
    assert apply_fleet.check_options(**options(canary=2, canary_wait_compliant="2m"))[1] == 120
    for bad in (0, 65):
        with pytest.raises(InvalidArgumentValueError, match="--max-parallel"):
            apply_fleet.check_options(**options(max_parallel=bad))
    with pytest.raises(InvalidArgumentValueError, match="--max-failures"):
        apply_fleet.check_options(**options(max_failures=-1))
    with pytest.raises(ArgumentUsageError, match="needs --canary"):
        apply_fleet.check_options(**options(canary_wait_compliant="5m"))
    with pytest.raises(RequiredArgumentMissingError, match="--journal"):
        apply_fleet.check_options(**options(resume=True))
    used = tmp_path / "used"
    used.write_text("{}\n")
    with pytest.raises(ArgumentUsageError, match="already records a rollout"):
        apply_fleet.check_options(**options(journal=str(used)))
    apply_fleet.check_options(**options(journal=str(used), resume=True))
    with pytest.raises(ArgumentUsageError, match="--canary, --resume"):
        apply_fleet.refuse_rollout_options({"canary": 2, "resume": True, "max_parallel": None})
    with pytest.raises(ArgumentUsageError, match="--max-parallel"):  # 0 is a value given, not left out
        apply_fleet.refuse_rollout_options({"max_parallel": 0})


def test_selected_ids_keep_their_case_for_the_rows():
    arc = f"/subscriptions/{SUB}/resourceGroups/Prod-RG/providers/Microsoft.Kubernetes/connectedClusters/Arc1"
    chosen = selection.select(SUB, cluster_ids=[arc, arc.lower()])
    assert chosen.given_ids == [arc] and chosen.ids == [arc.lower()]
    from azext_k8s_configuration.fleet.targets import cluster_ref
    ref = cluster_ref(arc)
    assert (ref.resource_group, ref.name, ref.cluster_type) == ("Prod-RG", "Arc1", "connectedClusters")


# -- the scheduler ---------------------------------------------------------------------------------------------
def clusters(count):
    return [ClusterRef(SUB, "rg", "Microsoft.Kubernetes", "connectedClusters", f"c{n}") for n in range(count)]


class Job:
    def __init__(self, failing=()):
        self.failing, self.ran, self.lock = set(failing), [], threading.Lock()

    def __call__(self, cluster, canary):
        with self.lock:
            self.ran.append((cluster.name, canary))
        result = rollout.FAILED if cluster.name in self.failing else rollout.SUCCEEDED
        return {"id": cluster.id, "action": "create", "result": result}


def test_past_max_failures_no_new_cluster_starts():
    job = Job(failing={"c2", "c5"})
    rows = rollout.Rollout(clusters(10), job, rollout.Settings(max_parallel=1, max_failures=1)).run()
    assert [r["result"] for r in rows] == ["Succeeded"] * 2 + ["Failed"] + ["Succeeded"] * 2 + ["Failed"] + \
        ["NotStarted"] * 4
    assert "more than --max-failures 1" in rows[-1]["error"]


def test_canaries_run_first_and_their_failure_stops_the_rollout():
    job = Job(failing={"c1"})
    runner = rollout.Rollout(clusters(6), job, rollout.Settings(max_parallel=4, canary=2, max_failures=5))
    rows = runner.run()
    assert sorted(job.ran) == [("c0", True), ("c1", True)]
    assert [r["result"] for r in rows[2:]] == ["NotStarted"] * 4 and runner.stop_reason == "a canary cluster failed"


def test_clusters_done_in_the_journal_are_not_run_and_every_finished_one_is_recorded():
    job, recorded = Job(), []
    done = {clusters(3)[1].id.lower(): {"action": "create"}}
    rows = rollout.Rollout(clusters(3), job, rollout.Settings(), done, recorded.append).run()
    assert [r["result"] for r in rows] == ["Succeeded", "AlreadyDone", "Succeeded"]
    assert sorted(name for name, _ in job.ran) == ["c0", "c2"] and len(recorded) == 2


def test_a_job_that_raises_is_that_cluster_s_failure():
    def explode(cluster, canary):
        raise RuntimeError("connection reset")
    rows = rollout.Rollout(clusters(2), explode, rollout.Settings(max_failures=5)).run()
    assert [(r["result"], r["error"]) for r in rows] == [("Failed", "connection reset")] * 2


def test_progress_says_done_failed_running_left_throttled_and_eta():
    clock, stream = Clock(), io.StringIO()
    pacer = pacing.Pacer(clock, clock.sleep)
    pacer.throttled_seconds = 65
    shown = progress.Progress(100, pacer, stream, clock)
    clock.now += 30
    shown.tick(20, 5, 8, 67)
    assert stream.getvalue() == ("Rollout: 20 done, 5 failed, 8 running, 67 left; throttled 1m05s; ETA 1m30s "
                                 "(30s so far)\n")
    shown.tick(21, 5, 8, 66)  # not a terminal: a line every 5 s only
    assert stream.getvalue().count("\n") == 1


def test_a_record_after_a_line_cut_short_by_a_kill_starts_on_a_line_of_its_own(tmp_path):
    path = str(tmp_path / "j")
    digest = journal.digest("file", {})
    with open(path, "w") as handle:
        handle.write(json.dumps({"id": "/A", "result": "Succeeded", "digest": digest}) + '\n{"id": "/B", "res')
    book = journal.Journal(path, digest)
    book.record({"id": "/C", "action": "create", "result": "Succeeded"})
    book.close()
    assert sorted(journal.read_done(path, digest)) == ["/a", "/c"]


def test_a_journal_that_cannot_be_written_stops_the_rollout_and_keeps_every_row():
    """Disk full mid-rollout: no traceback, no row lost; no new cluster starts, and the caller exits 1."""
    from azure.cli.core.azclierror import FileOperationError

    def full(row):
        raise FileOperationError("--journal: cannot write 'j': No space left on device.", "Free space.")
    runner = rollout.Rollout(clusters(4), Job(), rollout.Settings(max_parallel=1), None, full)
    rows = runner.run()
    assert rows[0]["result"] == "Succeeded" and [r["result"] for r in rows[1:]] == ["NotStarted"] * 3
    assert isinstance(runner.journal_error, FileOperationError)
    assert "the journal could not be written" in rows[-1]["error"]


def test_a_no_wait_write_is_accepted_not_done():
    """--no-wait: the write was accepted, its outcome unknown: not 'Succeeded', so --resume tries it again."""
    def accepted(cluster, canary):
        return {"id": cluster.id, "action": "create", "result": rollout.ACCEPTED}
    recorded = []
    rows = rollout.Rollout(clusters(2), accepted, rollout.Settings(), None, recorded.append).run()
    assert [r["result"] for r in rows] == ["Accepted"] * 2
    assert all(r["result"] != journal.SUCCEEDED for r in recorded)
