"""The emulator's command line: start --detach / status / seed / stop / portal-link, and az-env's output."""
import json
import os
import subprocess
import sys

from tests.harness import REPO_ROOT
from tests.harness.arm import ArmClient
from tests.harness.emulator import Emulator


def run(*args):
    return subprocess.run([sys.executable, "-m", "k8s_configuration_emulator"] + list(args), capture_output=True,
                          text=True, cwd=REPO_ROOT, timeout=60)


def test_detach_status_seed_stop(tmp_path):
    data, pid_file = str(tmp_path / "data"), str(tmp_path / "emu.pid")
    seed = tmp_path / "seed.json"
    seed.write_text(json.dumps({"clusters": [{"resource_group": "seed-rg", "name": "arc1"},
                                             {"resource_group": "seed-rg", "name": "aks1",
                                              "cluster_type": "managedClusters"}],
                                "providers": {"Microsoft.KubernetesConfiguration": "NotRegistered"}}))
    started = run("start", "--data-dir", data, "--detach", "--pid-file", pid_file, "--seed", str(seed),
                  "--operation-seconds", "0.1")
    assert started.returncode == 0, started.stderr
    info = json.loads(started.stdout)
    try:
        assert info["url"].startswith("https://127.0.0.1:") and os.path.exists(info["ca_bundle"])
        with open(pid_file) as f:
            assert int(f.read()) == info["pid"]
        again = run("start", "--data-dir", data, "--detach")
        assert again.returncode == 1 and "already running" in again.stderr
        status = run("status", "--data-dir", data)
        assert status.returncode == 0 and json.loads(status.stdout)["answering"] is True
        # the portal page's one-time login links: start's, and a new one on demand
        link = run("portal-link", "--data-dir", data)
        assert link.returncode == 0 and link.stdout.startswith(info["url"] + "/portal/login?code=")
        assert info["portal_url"].startswith(info["url"] + "/portal/login?code=")
        assert link.stdout.strip() != info["portal_url"]
        emu = Emulator(data)
        emu.info = info
        arm = ArmClient(emu)
        provider = arm.get("/subscriptions/{}/providers/Microsoft.KubernetesConfiguration".format(
            info["subscription_id"]), "2021-04-01").json()
        assert provider["registrationState"] == "NotRegistered"
        aks = arm.get("/subscriptions/{}/resourceGroups/seed-rg/providers/Microsoft.ContainerService/"
                      "managedClusters/aks1".format(info["subscription_id"]), "2024-09-01")
        assert aks.status_code == 200
    finally:
        stopped = run("stop", "--data-dir", data, "--pid-file", pid_file)
    assert stopped.returncode == 0
    assert not os.path.exists(os.path.join(data, "emulator.json"))
    assert run("status", "--data-dir", data).returncode == 1
    assert run("portal-link", "--data-dir", data).returncode == 1


def test_fresh_start_can_begin_not_registered(tmp_path):
    emu = Emulator(tmp_path / "d", extra_args=["--no-kubernetesconfiguration-registered"]).start()
    try:
        body = ArmClient(emu).get("/subscriptions/{}/providers/Microsoft.KubernetesConfiguration".format(
            emu.subscription_id), "2021-04-01").json()
        assert body["registrationState"] == "NotRegistered"
    finally:
        emu.stop()


def test_az_env_prints_exports(emulator, az_env, tmp_path):
    out = run("az-env", "--data-dir", emulator.data_dir, "--config-dir", str(tmp_path / "cfg"))
    assert out.returncode == 0, out.stderr
    exports = dict(line[len("export "):].split("=", 1) for line in out.stdout.splitlines())
    assert exports["IDENTITY_ENDPOINT"] == emulator.identity_endpoint
    assert exports["AZURE_CONFIG_DIR"] == str(tmp_path / "cfg")
    assert exports["REQUESTS_CA_BUNDLE"] == emulator.ca_bundle
    assert exports["AZURE_CORE_COLLECT_TELEMETRY"] == "false"
    assert os.path.exists(tmp_path / "cfg" / "versionCheck.json")
    assert "# portal page (one-time login link): " + emulator.url + "/portal/login?code=" in out.stderr


def test_az_env_fixture_is_isolated(az_env, emulator):
    assert az_env["AZURE_CONFIG_DIR"] != os.path.expanduser("~/.azure")
    assert az_env["NO_PROXY"] == "127.0.0.1,localhost"
    assert az_env["HTTPS_PROXY"].startswith("http://127.0.0.1:")
    assert az_env["AZURE_EXTENSION_DIR"].endswith(os.path.join(".build", "extensions"))
    assert az_env["IDENTITY_HEADER"] == emulator.identity_header


def test_az_env_again_after_the_port_changed(tmp_path):
    """A restarted emulator on a new port: az-env updates the registered cloud and logs in again."""
    from k8s_configuration_emulator.azenv import find_az
    data, cfg = str(tmp_path / "d"), str(tmp_path / "cfg")
    emu = Emulator(data).start()
    try:
        assert run("az-env", "--data-dir", data, "--config-dir", cfg).returncode == 0
        emu.stop()
        emu.port = 0  # a new free port
        emu.start()
        out = run("az-env", "--data-dir", data, "--config-dir", cfg)
        assert out.returncode == 0, out.stderr
        env = dict(os.environ)
        env.update(dict(line[len("export "):].split("=", 1) for line in out.stdout.splitlines()))
        shown = subprocess.run([find_az(), "cloud", "show", "--query", "endpoints.resourceManager", "-o", "tsv"],
                               env=env, capture_output=True, text=True, timeout=60)
        assert shown.stdout.strip() == emu.url + "/"
        listed = subprocess.run([find_az(), "group", "list", "-o", "json"], env=env, capture_output=True,
                                text=True, timeout=60)
        assert listed.returncode == 0, listed.stderr
    finally:
        emu.stop()


def test_start_without_port_reuses_the_last_port_when_free(tmp_path):
    """So exports printed by az-env before a restart (the cloud's endpoint, IDENTITY_ENDPOINT) stay valid."""
    import socket
    data = str(tmp_path / "data")
    first = run("start", "--data-dir", data, "--detach")
    assert first.returncode == 0, first.stderr
    url = json.loads(first.stdout)["url"]
    assert run("stop", "--data-dir", data).returncode == 0
    again = run("start", "--data-dir", data, "--detach")
    try:
        assert again.returncode == 0, again.stderr
        assert json.loads(again.stdout)["url"] == url
    finally:
        assert run("stop", "--data-dir", data).returncode == 0
    port = int(url.rsplit(":", 1)[1])
    with socket.socket() as taken:  # someone else has the port now: a free one, and say so
        taken.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # the last run's connections may linger
        taken.bind(("127.0.0.1", port))
        taken.listen(1)
        moved = run("start", "--data-dir", data, "--detach")
        try:
            assert moved.returncode == 0, moved.stderr
            assert json.loads(moved.stdout)["url"] != url
            assert "port {} (the last run's) is in use".format(port) in moved.stderr
            assert "run az-env again" in moved.stderr
        finally:
            assert run("stop", "--data-dir", data).returncode == 0
