"""waitForReconciliation in the emulator (flux_wait): the operation ends once Flux reconciled the configuration,
fails with the reason when it did not, or when reconciliationWaitDuration ran out. The gate directly (no HTTP) for
the rules and the clock, then through the RP as a client sees it."""
import pytest

from k8s_configuration_emulator import flux_wait
from k8s_configuration_emulator.store import Record
from tests.harness.emulator_context import FakeContext
from tests.harness.rp import git_config


class FakeStore:
    def __init__(self):
        self.updates = 0

    def update(self, resource_id, body, secrets=None, meta=None):
        self.updates += 1


class FakeCtx(FakeContext):
    def __init__(self):
        self.store = FakeStore()


class FakeOp:
    id, action, due = "op-1", "create", 1000.0


def record(kustomizations=None, suspend=False, duration=None):
    props = {"provisioningState": "Creating", "namespace": "ns", "sourceKind": "GitRepository", "suspend": suspend,
             "gitRepository": {"url": "https://example.org/repo", "repositoryRef": {"branch": "main"}},
             "kustomizations": kustomizations if kustomizations is not None else {"a": {}},
             "waitForReconciliation": True}
    if duration:
        props["reconciliationWaitDuration"] = duration
    return Record({"id": "/sub/cfg", "name": "cfg", "properties": props}, {}, {"provisioned_at": None})


@pytest.mark.parametrize("text,seconds", [("PT1S", 1), ("PT5M", 300), ("PT1H30M", 5400), ("P1D", 86400),
                                          ("P1W", 604800), ("PT0.5S", 0.5), ("pt2m", 120)])
def test_iso_durations(text, seconds):
    assert flux_wait.duration_seconds(text) == seconds


@pytest.mark.parametrize("text", ["", "P", "PT", "P1DT", "30m", "PT-1S", "1H", "PT1H5", "P1H"])
def test_not_iso_durations(text):
    assert flux_wait.duration_seconds(text) is None


def test_the_configuration_is_deployed_once_then_the_wait_lasts_until_it_settles():
    ctx, rec = FakeCtx(), record()
    retry_at, error = flux_wait.gate(ctx, FakeOp(), rec, now=1000.0)
    assert (retry_at, error) == (1010.0, None)  # the simulated status settles operation_seconds after deploying
    assert rec.meta["deployed_at"] == 1000.0 and ctx.store.updates == 1
    assert flux_wait.gate(ctx, FakeOp(), rec, now=1005.0) == (1010.0, None)  # still Pending
    assert flux_wait.gate(ctx, FakeOp(), rec, now=1010.0) == (None, None)  # Compliant: the operation succeeds
    assert ctx.store.updates == 1  # deployed once


def test_a_kustomization_that_cannot_become_ready_fails_at_once_naming_it():
    rec = record({"infra": {}, "apps": {"dependsOn": ["ghost"]}})
    flux_wait.gate(FakeCtx(), FakeOp(), rec, now=1000.0)
    retry_at, error = flux_wait.gate(FakeCtx(), FakeOp(), rec, now=1010.0)
    assert retry_at is None and error["code"] == "ReconciliationFailed"
    assert error["message"] == ("Flux configuration 'cfg' did not reconcile: Kustomization 'cfg-apps' is "
                                "Non-Compliant (DependencyNotReady: dependency 'ns/cfg-ghost' is not ready).")


def test_the_wait_duration_runs_out_naming_what_is_still_pending():
    rec = record({"infra": {}}, duration="PT2S")
    assert flux_wait.gate(FakeCtx(), FakeOp(), rec, now=1000.0) == (1002.0, None)  # the deadline comes first
    retry_at, error = flux_wait.gate(FakeCtx(), FakeOp(), rec, now=1002.0)
    assert retry_at is None and error["code"] == "ReconciliationTimedOut"
    assert error["message"].startswith("Flux configuration 'cfg' did not reconcile within the "
                                       "reconciliationWaitDuration PT2S: GitRepository 'cfg' is Pending "
                                       "(Progressing: Reconciliation in progress); Kustomization 'cfg-infra' is "
                                       "Pending (Progressing")


def test_the_default_wait_is_an_hour():
    rec = record({"infra": {}})
    ctx = FakeCtx()
    ctx.operation_seconds = 7200.0
    assert flux_wait.gate(ctx, FakeOp(), rec, now=1000.0) == (4600.0, None)


def test_a_suspended_configuration_has_nothing_to_wait_for():
    rec = record(suspend=True)
    flux_wait.gate(FakeCtx(), FakeOp(), rec, now=1000.0)
    retry_at, error = flux_wait.gate(FakeCtx(), FakeOp(), rec, now=1000.0)
    assert retry_at is None and error["code"] == "ReconciliationFailed" and "suspended" in error["message"]


# -- through the RP ----------------------------------------------------------------------------------------------
def test_the_operation_succeeds_only_once_compliant(flux_paths):
    resp = flux_paths.put("fluxConfigurations", "waits", git_config(waitForReconciliation=True,
                                                                     reconciliationWaitDuration="PT5M"))
    assert resp.status_code == 201, resp.text
    assert flux_paths.arm.wait(resp)["status"] == "Succeeded"
    shown = flux_paths.get("fluxConfigurations", "waits").json()["properties"]
    assert shown["provisioningState"] == "Succeeded" and shown["complianceState"] == "Compliant"
    assert {s["complianceState"] for s in shown["statuses"]} == {"Compliant"}


def test_a_failed_wait_leaves_the_reason_and_the_status(flux_paths):
    body = git_config(waitForReconciliation=True)
    body["properties"]["kustomizations"]["apps"]["dependsOn"] = ["missing"]
    doc = flux_paths.arm.wait(flux_paths.put("fluxConfigurations", "nodep", body))
    assert doc["status"] == "Failed" and doc["error"]["code"] == "ReconciliationFailed"
    assert "Kustomization 'nodep-apps' is Non-Compliant (DependencyNotReady" in doc["error"]["message"]
    shown = flux_paths.get("fluxConfigurations", "nodep").json()["properties"]
    assert shown["provisioningState"] == "Failed" and shown["errorMessage"] == doc["error"]["message"]
    assert shown["complianceState"] == "Non-Compliant"  # what Flux reported stays visible


def test_an_update_of_a_waiting_configuration_waits_too(flux_paths):
    flux_paths.arm.wait(flux_paths.put("fluxConfigurations", "upd", git_config(waitForReconciliation=True)))
    resp = flux_paths.patch("fluxConfigurations", "upd", {"properties": {"kustomizations": {
        "late": {"path": "./late", "dependsOn": ["nowhere"]}}}})
    doc = flux_paths.arm.wait(resp)
    assert doc["status"] == "Failed" and "'upd-late' is Non-Compliant" in doc["error"]["message"]


@pytest.mark.parametrize("duration", ["30m", "PT", "PT0S"])
def test_a_bad_wait_duration_is_refused(flux_paths, duration):
    resp = flux_paths.put("fluxConfigurations", "bad", git_config(waitForReconciliation=True,
                                                                   reconciliationWaitDuration=duration))
    assert resp.status_code == 400
    assert resp.json()["error"]["code"] == "InvalidReconciliationWaitDuration"
    assert duration in resp.json()["error"]["message"]
