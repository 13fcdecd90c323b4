"""Deletes without --yes and without a terminal (CI): a typed error that says to pass --yes; nothing deleted."""
from flux_helpers import tutorial_create


def assert_refused_without_terminal(result, method="DELETE"):
    assert result.exit_code != 0
    assert "ERROR: " in result.stderr and "--yes" in result.stderr
    assert "Traceback" not in result.stderr and "NoTTYException" not in result.stderr
    assert not [r for r in result.requests if r["method"] in (method, "DELETE")]


def test_kustomization_and_extension_deletes_need_yes_without_a_terminal(az, cluster):
    az(tutorial_create(cluster), check=True)
    assert_refused_without_terminal(
        az(f"k8s-configuration flux kustomization delete {cluster.args} -n gitops-demo -k apps", check=False),
        method="PATCH")
    assert_refused_without_terminal(az(f"k8s-extension delete {cluster.args} -n flux", check=False))
    # Both are still there.
    shown = az(f"k8s-configuration flux show {cluster.args} -n gitops-demo", check=True).json
    assert "apps" in shown["kustomizations"]
    az(f"k8s-extension show {cluster.args} -n flux", check=True)
