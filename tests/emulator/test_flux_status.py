"""The simulated Flux status, directly (no HTTP): timeline, dependencies, references, suspend."""
import hashlib

import pytest

from k8s_configuration_emulator import flux_status
from k8s_configuration_emulator.store import Record
from tests.harness.emulator_context import FakeContext

FakeCtx = FakeContext


def config(kustomizations, suspend=False, ref=None, kind="GitRepository", state="Succeeded"):
    props = {"provisioningState": state, "namespace": "ns", "sourceKind": kind, "suspend": suspend,
             "gitRepository": {"url": "https://example.org/repo", "repositoryRef": ref or {"branch": "main"}},
             "kustomizations": kustomizations}
    return Record({"name": "cfg", "properties": props}, {}, {"provisioned_at": 1000.0})


def render(record, now):
    flux_status.render(FakeCtx(), record, now)
    return record.body["properties"]


def states(props):
    return {s["name"]: s["complianceState"] for s in props["statuses"]}


def test_timeline_unknown_pending_compliant():
    rec = config({"a": {}})
    rec.body["properties"]["provisioningState"] = "Creating"
    assert render(rec, 2000)["complianceState"] == "Unknown"
    assert render(config({"a": {}}), 1005)["complianceState"] == "Pending"
    props = render(config({"a": {}}), 1010)
    assert props["complianceState"] == "Compliant" and states(props) == {"cfg": "Compliant", "cfg-a": "Compliant"}


def test_transitive_and_cyclic_dependencies_are_not_ready():
    props = render(config({"base": {}, "mid": {"dependsOn": ["base"]}, "top": {"dependsOn": ["mid"]},
                           "orphan": {"dependsOn": ["ghost"]}, "after-orphan": {"dependsOn": ["orphan"]},
                           "x": {"dependsOn": ["y"]}, "y": {"dependsOn": ["x"]}}), 2000)
    assert states(props) == {"cfg": "Compliant", "cfg-base": "Compliant", "cfg-mid": "Compliant",
                             "cfg-top": "Compliant", "cfg-orphan": "Non-Compliant",
                             "cfg-after-orphan": "Non-Compliant", "cfg-x": "Non-Compliant",
                             "cfg-y": "Non-Compliant"}
    assert props["complianceState"] == "Non-Compliant"
    orphan = next(s for s in props["statuses"] if s["name"] == "cfg-orphan")
    assert orphan["statusConditions"][0]["message"] == "dependency 'ns/cfg-ghost' is not ready"


def test_suspend_wins():
    props = render(config({"a": {"dependsOn": ["ghost"]}}, suspend=True), 2000)
    assert props["complianceState"] == "Suspended"
    assert set(states(props).values()) == {"Suspended"}


@pytest.mark.parametrize("ref,label", [({"branch": "main"}, "main"), ({"tag": "v1.2.0"}, "v1.2.0"),
                                       ({"semver": ">=1.0.0"}, ">=1.0.0")])
def test_revision_label_and_sha(ref, label):
    props = render(config({}, ref=ref), 2000)
    sha = hashlib.sha1("https://example.org/repo#{}".format(label).encode()).hexdigest()
    assert props["sourceSyncedCommitId"] == "{}@sha1:{}".format(label, sha)
    assert props["statuses"][0]["statusConditions"][0]["message"] == "Fetched revision: {}/{}".format(label, sha)


def test_a_pinned_commit_is_the_reported_sha():
    commit = "0ba6f0d30760d567de0bac86c8c4eec13ce1a590"
    props = render(config({}, ref={"branch": "main", "commit": commit.upper()}), 2000)
    assert props["sourceSyncedCommitId"] == "main@sha1:" + commit
