"""Real reconciliation's cluster side, directly (no HTTP, no git): which sources are fetched for real, dependsOn
rounds, namespaces, health checks, prune and orphaning, Helm release revisions. Inputs are what the engine
builds (plain data); expected results are written here."""
import pytest

from k8s_configuration_emulator import flux_apply, flux_objects
from k8s_configuration_emulator.cluster_inventory import Inventory
from k8s_configuration_emulator.loopback import loopback_host, reconciled_for_real

CONFIG = {"id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Kubernetes/connectedClusters/c/providers/"
                "Microsoft.KubernetesConfiguration/fluxConfigurations/cfg", "name": "cfg", "namespace": "cfg-ns",
          "source_kind": "GitRepository"}
REVISION = "main@sha1:" + "a" * 40


class MemoryStore:
    def __init__(self):
        self.rows = {}

    def get(self, rid):
        return self.rows.get(rid.lower())

    def put(self, rid, _parent, kind, body):
        from k8s_configuration_emulator.store import Record
        self.rows[rid.lower()] = Record(body, None, None, kind)


def obj(kind, name, namespace=None, api="v1", digest="d1", facts=None):
    return {"apiVersion": api, "kind": kind, "namespace": namespace, "name": name, "digest": digest, "facts": facts}


def namespace(name):
    return obj("Namespace", name)


def release(name, namespace, repo_namespace=None, digest="d1"):
    return obj("HelmRelease", name, namespace, "helm.toolkit.fluxcd.io/v2", digest, flux_objects.facts(
        "HelmRelease", {"spec": {"chart": {"spec": {"chart": name, "version": "1.x", "sourceRef": {
            "kind": "HelmRepository", "name": name, "namespace": repo_namespace}}}}}))


def repository(name, namespace):
    return obj("HelmRepository", name, namespace, "source.toolkit.fluxcd.io/v1", "r1",
               flux_objects.facts("HelmRepository", {"spec": {"url": "https://charts.example.invalid"}}))


def kust(name, depends_on=(), prune=True, wait=True):
    return {"name": name, "depends_on": list(depends_on), "prune": prune, "wait": wait}


def built(**objects):
    return {"source": {"ready": True, "revision": REVISION},
            "builds": {k: {"ok": True, "objects": v} if isinstance(v, list) else v for k, v in objects.items()}}


def apply(inventory, kustomizations, outcome):
    results = flux_apply.apply_configuration(inventory, CONFIG, kustomizations, outcome)
    return {name: (r.state, r.reason, r.message) for name, r in results.items()}


@pytest.fixture
def inventory():
    return Inventory(MemoryStore(), "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Kubernetes/"
                                    "connectedClusters/c")


INFRA = [namespace("apps"), repository("web", "apps")]
APPS = [obj("ConfigMap", "settings", "apps"), release("web", "apps")]


@pytest.mark.parametrize("url,host", [
    ("https://127.0.0.1:8443/repo.git", "127.0.0.1"), ("http://localhost/repo", "localhost"),
    ("ssh://git@LOCALHOST:2222/srv/repo.git", "localhost"), ("git@127.0.0.1:org/repo.git", "127.0.0.1"),
    ("https://github.com/fluxcd/flux2-kustomize-helm-example", None), ("https://127.0.0.1.example.com/r", None),
    ("https://localhost.example.com/r", None), ("https://user@example.com/127.0.0.1", None),
    ("ssh://git@[::1]/repo", None), ("https://10.0.0.1/repo", None), ("not a url", None), ("", None),
])
def test_only_loopback_hosts_are_fetched(url, host):
    assert loopback_host(url) == host


def test_what_stays_simulated():
    git = {"url": "https://127.0.0.1:1/r.git"}
    assert reconciled_for_real({"gitRepository": git})
    assert not reconciled_for_real({"gitRepository": dict(git, localAuthRef="secret")})  # credentials in the cluster
    assert not reconciled_for_real({"gitRepository": dict(git, provider="Azure")})
    assert not reconciled_for_real({"sourceKind": "Bucket", "bucket": {"url": "http://127.0.0.1:9000"}})


def test_depends_on_order_and_namespaces_from_an_earlier_round(inventory):
    results = apply(inventory, [kust("infra"), kust("apps", ["infra"])], built(infra=INFRA, apps=APPS))
    assert results == {"infra": ("Compliant", "ReconciliationSucceeded", f"Applied revision: {REVISION}"),
                       "apps": ("Compliant", "ReconciliationSucceeded", f"Applied revision: {REVISION}")}
    created = [(e["kind"], e["name"]) for e in inventory.body["events"] if e["by"]]
    assert created == [("Namespace", "apps"), ("HelmRepository", "web"), ("ConfigMap", "settings"),
                       ("HelmRelease", "web")]


def test_side_by_side_a_namespace_of_the_same_round_is_not_there_yet(inventory):
    results = apply(inventory, [kust("infra"), kust("apps")], built(infra=INFRA, apps=APPS))
    assert results["infra"][0] == "Compliant"
    assert results["apps"] == ("Non-Compliant", "ReconciliationFailed",
                               'ConfigMap/apps/settings dry-run failed: namespaces "apps" not found')
    assert inventory.owned("{}|apps".format(CONFIG["id"].lower())) == []


def test_a_failed_build_stops_its_dependents(inventory):
    failure = {"ok": False, "reason": "BuildFailed", "message": "kustomize build failed: x.yaml:3: YAML error"}
    results = apply(inventory, [kust("infra"), kust("apps", ["infra"]), kust("late", ["apps"])],
                    built(infra=failure, apps=APPS, late=[]))
    assert results == {"infra": ("Non-Compliant", "BuildFailed", "kustomize build failed: x.yaml:3: YAML error"),
                       "apps": ("Non-Compliant", "DependencyNotReady", "dependency 'cfg-ns/cfg-infra' is not ready"),
                       "late": ("Non-Compliant", "DependencyNotReady", "dependency 'cfg-ns/cfg-apps' is not ready")}


def test_a_source_that_cannot_be_read_applies_nothing(inventory):
    outcome = {"source": {"ready": False, "reason": "GitOperationFailed", "message": "authentication required"}}
    assert apply(inventory, [kust("infra")], outcome) == {
        "infra": ("Non-Compliant", "ArtifactFailed", "Source artifact not found, retrying in 30s")}
    assert [o["kind"] for o in inventory.objects.values() if o.get("owner")] == ["GitRepository", "Kustomization"]


def test_health_check_waits_for_the_chart_source_unless_wait_is_off(inventory):
    lonely = [namespace("apps"), release("web", "apps")]
    assert apply(inventory, [kust("only")], built(only=lonely))["only"] == (
        "Non-Compliant", "HealthCheckFailed",
        "Health check failed after 10m0s: timeout waiting for: [HelmRelease/apps/web status: 'Failed']")
    assert apply(inventory, [kust("only", wait=False)], built(only=lonely))["only"][0] == "Compliant"
    entries = flux_apply.owned_flux_objects(inventory, CONFIG, [kust("only")])
    statuses = flux_objects.statuses(entries, inventory, "T")
    assert statuses[0]["complianceState"] == "Non-Compliant"
    assert statuses[0]["statusConditions"][0]["message"] == \
        "HelmChart 'apps/apps-web' is not ready: HelmRepository 'apps/web' not found"
    assert statuses[0]["helmReleaseProperties"]["lastRevisionApplied"] is None


def test_helm_release_properties_and_upgrades(inventory):
    kustomizations = [kust("infra"), kust("apps", ["infra"])]
    apply(inventory, kustomizations, built(infra=INFRA, apps=APPS))
    first = flux_objects.statuses(flux_apply.owned_flux_objects(inventory, CONFIG, kustomizations), inventory, "T")
    web = next(s for s in first if s["kind"] == "HelmRelease")
    assert web["helmReleaseProperties"] == {"lastRevisionApplied": 1, "helmChartRef": {"name": "apps-web",
                                            "namespace": "apps"}, "failureCount": 0, "installFailureCount": 0,
                                            "upgradeFailureCount": 0}
    assert web["appliedBy"] == {"name": "cfg-apps", "namespace": "cfg-ns"}
    assert web["statusConditions"][0]["message"] == "Helm install succeeded for release apps/web.v1 with chart web@1.x"
    changed = [obj("ConfigMap", "settings", "apps"), release("web", "apps", digest="d2")]
    apply(inventory, kustomizations, built(infra=INFRA, apps=changed))
    second = flux_objects.statuses(flux_apply.owned_flux_objects(inventory, CONFIG, kustomizations), inventory, "T")
    web = next(s for s in second if s["kind"] == "HelmRelease")
    assert web["helmReleaseProperties"]["lastRevisionApplied"] == 2
    assert web["statusConditions"][0]["reason"] == "UpgradeSucceeded"
    assert [s["kind"] for s in second] == ["HelmRepository", "HelmRelease", "HelmChart"]


def test_objects_no_longer_built_are_pruned_or_left(inventory):
    apply(inventory, [kust("infra", prune=False), kust("apps", ["infra"])], built(infra=INFRA, apps=APPS))
    apply(inventory, [kust("infra", prune=False), kust("apps", ["infra"])],
          built(infra=[namespace("apps")], apps=[obj("ConfigMap", "settings", "apps")]))
    actions = [(e["action"], e["name"]) for e in inventory.body["events"] if e["action"] in ("pruned", "orphaned")]
    assert actions == [("orphaned", "web"), ("pruned", "web")]  # the repository stays (prune off); the release goes
    assert inventory.find("HelmRepository", "apps", "web")["appliedBy"] is None


def test_a_removed_kustomization_and_the_deleted_configuration_prune(inventory):
    apply(inventory, [kust("infra"), kust("apps", ["infra"])], built(infra=INFRA, apps=APPS))
    apply(inventory, [kust("infra")], built(infra=INFRA))  # kustomization delete apps
    assert inventory.find("HelmRelease", "apps", "web") is None
    assert inventory.find("Kustomization", "cfg-ns", "cfg-apps") is None
    flux_apply.prune_configuration(inventory, CONFIG["id"])
    left = sorted((o["kind"], o["name"]) for o in inventory.objects.values())
    assert left == [("Namespace", n) for n in sorted(["cfg-ns", "default", "flux-system", "kube-node-lease",
                                                        "kube-public", "kube-system"])]
    tail = [(e["action"], e["kind"], e["name"]) for e in inventory.body["events"]][-4:]
    assert tail == [("pruned", "HelmRepository", "web"), ("pruned", "Namespace", "apps"),
                    ("deleted", "GitRepository", "cfg"), ("deleted", "Kustomization", "cfg-infra")]


def test_pruning_a_namespace_deletes_what_it_holds(inventory):
    apply(inventory, [kust("infra"), kust("apps", ["infra"], prune=False)], built(infra=INFRA, apps=APPS))
    flux_apply.prune_configuration(inventory, CONFIG["id"])  # apps keeps its objects, but infra prunes 'apps'
    assert inventory.find("ConfigMap", "apps", "settings") is None
    deleted = [e for e in inventory.body["events"] if e.get("why")]
    assert [(e["kind"], e["name"], e["why"]) for e in deleted] == [
        ("ConfigMap", "settings", "namespace 'apps' was deleted"),
        ("HelmRelease", "web", "namespace 'apps' was deleted")]
