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


def test_az_config_disable_confirm_prompt_answers_every_confirmation(az, az_env, cluster, tmp_path):
    """Scripts (Microsoft's own pipeline among them) run `az config set core.disable_confirm_prompt=true` once,
    then delete without --yes: every confirmation is answered as --yes would, as in the rest of az."""
    import shutil
    config_dir = tmp_path / "azure-config"
    shutil.copytree(az_env["AZURE_CONFIG_DIR"], config_dir)  # the session's login, with the setting on top
    env = {"AZURE_CONFIG_DIR": str(config_dir)}
    az("config set core.disable_confirm_prompt=true", env=env, check=True)
    az(tutorial_create(cluster), check=True)
    kustomization = az(f"k8s-configuration flux kustomization delete {cluster.args} -n gitops-demo -k apps",
                       env=env, check=False)
    assert kustomization.exit_code == 0, kustomization.stderr
    configuration = az(f"k8s-configuration flux delete {cluster.args} -n gitops-demo --force", env=env, check=False)
    assert configuration.exit_code == 0, configuration.stderr
    assert [r for r in configuration.requests if r["method"] == "DELETE"]
    extension = az(f"k8s-extension delete {cluster.args} -n flux", env=env, check=False)
    assert extension.exit_code == 0, extension.stderr
    assert az(f"k8s-extension show {cluster.args} -n flux", check=False).exit_code == 3
    # without the setting (the session's own config dir), the same delete still needs --yes
    az(tutorial_create(cluster), check=True)
    assert_refused_without_terminal(az(f"k8s-configuration flux delete {cluster.args} -n gitops-demo", check=False))
