"""The Flux v2 tutorial, end to end, with the real az against the emulator."""
import json

import pytest
from flux_helpers import (
    TUTORIAL_URL,
    assert_golden,
    assert_json_golden,
    config_requests,
    sent,
    tutorial_create,
    warnings,
)

HTTPS_WARNING = ("Warning! https url is being used without https auth params, ensure the repository url "
                 "provided is not a private repo")


@pytest.fixture
def reconciled(az, cluster):
    """A cluster where the tutorial's configuration exists and is Compliant."""
    created = az(tutorial_create(cluster), check=True)
    az(f"k8s-configuration flux wait {cluster.args} -n gitops-demo --custom \"complianceState=='Compliant'\" "
       "--interval 1 --timeout 60", check=True)
    return created


def test_tutorial_create_installs_flux_then_creates_the_configuration(az, cluster):
    result = az(tutorial_create(cluster), check=False)
    assert result.exit_code == 0, result.stderr
    assert warnings(result.stderr)[:4] == [
        HTTPS_WARNING,
        "'Microsoft.Flux' extension not found on the cluster, installing it now. This may take a few minutes...",
        "'Microsoft.Flux' extension was successfully installed on the cluster",
        "Creating the flux configuration 'gitops-demo' in the cluster. This may take a few minutes...",
    ]
    out = result.json
    # The flattened shape users script against: properties hoisted, resourceGroup added.
    assert out["name"] == "gitops-demo"
    assert out["resourceGroup"] == cluster.rg
    assert out["namespace"] == "gitops-demo" and out["scope"] == "cluster"
    assert out["sourceKind"] == "GitRepository"
    assert out["provisioningState"] == "Succeeded"
    assert out["gitRepository"]["url"] == TUTORIAL_URL
    assert out["gitRepository"]["repositoryRef"]["branch"] == "main"
    assert out["kustomizations"]["apps"]["dependsOn"] == ["infra"]
    assert out["kustomizations"]["infra"]["path"] == "./infrastructure"
    assert out["kustomizations"]["infra"]["prune"] is True
    assert "properties" not in out
    assert not out.get("configurationProtectedSettings")

    # The extension went in first, then the configuration: one PUT each.
    puts = [r for r in result.requests if r["method"] == "PUT"]
    assert [p["path"].rsplit("/", 2)[-2] for p in puts] == ["extensions", "fluxConfigurations"]
    # Every request speaks the API versions we pin (arm/api_versions.py), whatever the SDK's default.
    for request in result.requests:
        path = request["path"].lower()
        expected = ("2025-04-01" if "/fluxconfigurations" in path else "2025-03-01" if "/extensions" in path
                    else None)
        if expected:
            assert f"api-version={expected}" in str(request["query"]), request
    # the configuration was read first (a 404: it is new), then PUT
    assert [r["method"] for r in config_requests(result.requests, "gitops-demo")][:2] == ["GET", "PUT"]
    body = sent(result.requests, "PUT", "/fluxConfigurations/gitops-demo")[0]["body"]
    assert body["properties"]["kustomizations"]["apps"]["dependsOn"] == ["infra"]
    assert "configurationProtectedSettings" not in body["properties"]


def test_show_reports_compliance_and_statuses_once_reconciled(az, cluster, reconciled):
    state = az(f"k8s-configuration flux show {cluster.args} -n gitops-demo --query complianceState -o tsv",
               check=True)
    assert state.stdout.strip() == "Compliant"
    shown = az(f"k8s-configuration flux show {cluster.args} -n gitops-demo", check=True).json
    kinds = sorted((s["kind"], s["name"]) for s in shown["statuses"])
    assert kinds == [("GitRepository", "gitops-demo"), ("Kustomization", "gitops-demo-apps"),
                     ("Kustomization", "gitops-demo-infra")]
    assert shown["sourceSyncedCommitId"].startswith("main@sha1:")
    assert shown["kustomizations"]["apps"]["dependsOn"] == ["infra"]
    assert_json_golden("flux_show.json", shown, cluster)
    assert_golden("flux_show.txt",
                  az(f"k8s-configuration flux show {cluster.args} -n gitops-demo -o table", check=True).stdout
                  .replace(cluster.name, "CLUSTER"))


def test_list_kustomizations_and_deployed_objects(az, cluster, reconciled):
    listed = az(f"k8s-configuration flux list {cluster.args}", check=True).json
    assert [c["name"] for c in listed] == ["gitops-demo"]
    assert_json_golden("flux_list.json", listed, cluster)
    assert_golden("flux_list.txt", az(f"k8s-configuration flux list {cluster.args} -o table", check=True).stdout)

    kustomizations = az(f"k8s-configuration flux kustomization list {cluster.args} -n gitops-demo",
                        check=True).json
    assert sorted(kustomizations) == ["apps", "infra"]
    assert_json_golden("kustomization_list.json", kustomizations, cluster)
    assert_golden("kustomization_list.txt",
                  az(f"k8s-configuration flux kustomization list {cluster.args} -n gitops-demo -o table",
                     check=True).stdout)
    shown = az(f"k8s-configuration flux kustomization show {cluster.args} -n gitops-demo -k apps", check=True).json
    assert list(shown) == ["apps"]  # {name: {...}}, as Microsoft's extension prints it (REFERENCE §11)
    apps = shown["apps"]
    assert apps["path"] == "./apps/staging" and apps["dependsOn"] == ["infra"] and apps["name"] == "apps"
    assert_json_golden("kustomization_show.json", shown, cluster)
    path = az(f"k8s-configuration flux kustomization show {cluster.args} -n gitops-demo -k apps --query apps.path "
              "-o tsv", check=True)
    assert path.stdout.strip() == "./apps/staging"
    assert_golden("kustomization_show.txt",
                  az(f"k8s-configuration flux kustomization show {cluster.args} -n gitops-demo -k apps -o table",
                     check=True).stdout)

    objects = az(f"k8s-configuration flux deployed-object list {cluster.args} -n gitops-demo", check=True).json
    assert {o["kind"] for o in objects} == {"GitRepository", "Kustomization"}
    assert all(o["complianceState"] == "Compliant" for o in objects)
    assert_json_golden("deployed_object_list.json", objects, cluster)
    assert_golden("deployed_object_list.txt",
                  az(f"k8s-configuration flux deployed-object list {cluster.args} -n gitops-demo -o table",
                     check=True).stdout)
    one = az(f"k8s-configuration flux deployed-object show {cluster.args} -n gitops-demo "
             "--object-name gitops-demo-apps --object-namespace gitops-demo --object-kind Kustomization",
             check=True).json
    assert one["name"] == "gitops-demo-apps" and one["appliedBy"]["name"] == "gitops-demo"
    assert_json_golden("deployed_object_show.json", one, cluster)
    assert_golden("deployed_object_show.txt",
                  az(f"k8s-configuration flux deployed-object show {cluster.args} -n gitops-demo "
                     "--object-name gitops-demo --object-namespace gitops-demo --object-kind GitRepository "
                     "-o table", check=True).stdout)


def test_delete_warns_about_prune_and_removes_the_configuration(az, cluster, reconciled):
    deleted = az(f"k8s-configuration flux delete {cluster.args} -n gitops-demo --yes", check=False)
    assert deleted.exit_code == 0, deleted.stderr
    notice = [w for w in warnings(deleted.stderr) if "Prune is enabled" in w]
    assert notice and "apps, infra" in notice[0] and "removes the objects" in notice[0]
    assert sent(deleted.requests, "DELETE", "/fluxConfigurations/gitops-demo")
    gone = az(f"k8s-configuration flux show {cluster.args} -n gitops-demo", check=False)
    assert gone.exit_code == 3
    assert "not found" in gone.stderr and "Traceback" not in gone.stderr
    again = az(f"k8s-configuration flux delete {cluster.args} -n gitops-demo --yes", check=False)
    assert again.exit_code == 0 and "nothing to delete" in again.stderr
    assert not sent(again.requests, "DELETE", "/fluxConfigurations/")


def test_delete_without_yes_and_without_a_terminal_refuses(az, cluster, reconciled):
    result = az(f"k8s-configuration flux delete {cluster.args} -n gitops-demo", check=False)
    assert result.exit_code != 0
    assert "--yes" in result.stderr and "Traceback" not in result.stderr
    assert not sent(result.requests, "DELETE", "/fluxConfigurations/")


def test_no_wait_create_then_wait_for_compliance(az, cluster):
    created = az(tutorial_create(cluster, extra="--no-wait"), check=False)
    assert created.exit_code == 0, created.stderr
    assert created.stdout.strip() == ""
    # Only the first response of the configuration's PUT was awaited: no status polling for it.
    assert not [r for r in created.requests if "/fluxconfigurations/gitops-demo/operations/" in r["path"].lower()]
    waited = az(f"k8s-configuration flux wait {cluster.args} -n gitops-demo "
                "--custom \"complianceState=='Compliant'\" --interval 1 --timeout 60", check=False)
    assert waited.exit_code == 0, waited.stderr
    state = az(f"k8s-configuration flux show {cluster.args} -n gitops-demo --query complianceState -o tsv",
               check=True)
    assert state.stdout.strip() == "Compliant"


def test_show_of_a_missing_configuration_is_resource_not_found(az, cluster):
    result = az(f"k8s-configuration flux show {cluster.args} -n nope", check=False)
    assert result.exit_code == 3
    assert "Flux configuration 'nope' not found" in result.stderr
    assert "az k8s-configuration flux list" in result.stderr


def test_create_body_validates_against_the_spec(az, cluster):
    from spec_schema import validate_against_spec
    result = az(tutorial_create(cluster), check=True)
    put = sent(result.requests, "PUT", "/fluxConfigurations/gitops-demo")[0]
    validate_against_spec(put["body"], "FluxConfiguration")
    assert json.dumps(put["body"]).count("kustomizations") == 1


def test_wait_for_deletion_and_existence(az, cluster):
    missing = az(f"k8s-configuration flux wait {cluster.args} -n gitops-demo --deleted --interval 1 --timeout 10",
                 check=False)
    assert missing.exit_code == 0, missing.stderr  # nothing there: already deleted
    az(tutorial_create(cluster, extra="--no-wait"), check=True)
    exists = az(f"k8s-configuration flux wait {cluster.args} -n gitops-demo --exists --interval 1 --timeout 30",
                check=False)
    assert exists.exit_code == 0, exists.stderr
    az(f"k8s-configuration flux wait {cluster.args} -n gitops-demo --created --interval 1 --timeout 30", check=True)
    az(f"k8s-configuration flux delete {cluster.args} -n gitops-demo --yes --no-wait", check=True)
    deleted = az(f"k8s-configuration flux wait {cluster.args} -n gitops-demo --deleted --interval 1 --timeout 30",
                 check=False)
    assert deleted.exit_code == 0, deleted.stderr
    gone = az(f"k8s-configuration flux show {cluster.args} -n gitops-demo", check=False)
    assert gone.exit_code == 3
