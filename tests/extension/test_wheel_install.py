"""The built wheel installs into a normal az with `az extension add --source <wheel> --yes` (offline: pip takes
the dependencies from .build/wheelhouse), and az then shows the command groups."""
import glob
import os
import subprocess

import pytest

from tests.harness import REPO_ROOT

WHEELHOUSE = os.path.join(REPO_ROOT, ".build", "wheelhouse")


@pytest.fixture(scope="module")
def wheel():
    found = glob.glob(os.path.join(WHEELHOUSE, "k8s_configuration-*.whl"))
    if not found:
        pytest.fail("no wheel in .build/wheelhouse: run `make env`")
    return found[0]


def test_az_extension_add_from_the_wheel(az_env, wheel, tmp_path):
    env = dict(az_env, AZURE_EXTENSION_DIR=str(tmp_path / "extensions"),
               PIP_NO_INDEX="1", PIP_FIND_LINKS=WHEELHOUSE)
    az = os.path.join(REPO_ROOT, ".venv", "bin", "az")

    def run(*args):
        return subprocess.run([az, *args], env=env, capture_output=True, text=True, timeout=300)

    added = run("extension", "add", "--source", wheel, "--yes")
    assert added.returncode == 0, added.stderr
    installed = tmp_path / "extensions" / "k8s-configuration"
    assert (installed / "azext_k8s_configuration" / "azext_metadata.json").is_file()
    for sdk in ("fluxconfigurations", "extensions", "extensiontypes"):  # extensiontypes: a pre-release, accepted
        assert glob.glob(str(installed / "azure" / "mgmt" / "kubernetesconfiguration" / sdk)), sdk

    listed = run("extension", "list", "--query", "[?name=='k8s-configuration'].version", "-o", "tsv")
    assert listed.stdout.strip() == "0.1.0"
    for group in (["k8s-configuration"], ["k8s-configuration", "flux"], ["k8s-extension"],
                  ["k8s-extension", "extension-types"]):
        shown = run(*group, "-h")
        assert shown.returncode == 0, shown.stderr
        assert "Commands:" in shown.stdout
