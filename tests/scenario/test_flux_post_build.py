"""Post-build substitution and waiting for reconciliation (REFERENCE.md §7: never exposed by the documented tool)."""
from flux_helpers import sent

URL = "https://github.com/fluxcd/flux2-kustomize-helm-example"


def test_create_with_substitution_and_a_reconciliation_wait(az, cluster):
    result = az(f"k8s-configuration flux create {cluster.args} -n vars -u {URL} --branch main "
                "-k name=apps path=./apps/staging substitute=cluster_env:staging,replicas:2 "
                "substitute_from=ConfigMap:cluster-vars,Secret:db-creds:optional "
                "--wait-for-reconciliation --reconciliation-wait-duration 30m", check=False)
    assert result.exit_code == 0, result.stderr
    [put] = sent(result.requests, "PUT", "/fluxConfigurations/vars")
    props = put["body"]["properties"]
    assert props["waitForReconciliation"] is True
    assert props["reconciliationWaitDuration"] == "PT30M"
    assert props["kustomizations"]["apps"]["postBuild"] == {
        "substitute": {"cluster_env": "staging", "replicas": "2"},
        "substituteFrom": [{"kind": "ConfigMap", "name": "cluster-vars"},
                           {"kind": "Secret", "name": "db-creds", "optional": True}]}
    from spec_schema import validate_against_spec
    validate_against_spec(put["body"], "FluxConfiguration")
    assert result.json["kustomizations"]["apps"]["postBuild"]["substitute"]["replicas"] == "2"


def test_kustomization_create_with_substitution_and_bad_variable_refused(az, cluster):
    az(f"k8s-configuration flux create {cluster.args} -n vars -u {URL} --branch main -k name=infra path=./infra",
       check=True)
    created = az(f"k8s-configuration flux kustomization create {cluster.args} -n vars -k tenants --path ./tenants "
                 "--substitute cluster_env:prod --substitute-from ConfigMap:cluster-vars", check=False)
    assert created.exit_code == 0, created.stderr
    [patch] = [r["body"] for r in sent(created.requests, "PATCH", "/fluxConfigurations/vars")]
    assert patch["properties"]["kustomizations"]["tenants"]["postBuild"] == {
        "substitute": {"cluster_env": "prod"}, "substituteFrom": [{"kind": "ConfigMap", "name": "cluster-vars"}]}
    bad = az(f"k8s-configuration flux kustomization create {cluster.args} -n vars -k other --path ./o "
             "--substitute 1bad:value", check=False)
    assert bad.exit_code != 0 and "--substitute" in bad.stderr and "Traceback" not in bad.stderr
    assert not sent(bad.requests, "PATCH", "/fluxConfigurations/")
