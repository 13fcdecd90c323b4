"""Reliability suite: the real `az` against the emulator with faults injected (see tests/conftest.py for
the `emulator`, `az`, `make_cluster`, `arm` fixtures and k8s_configuration_emulator/faults.py for the rules).

Every test states the outcome a user sees: the exit code, one clear ERROR line (no traceback), and that
nothing is left half-done without the message saying so."""
import os
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
UNIT = os.path.join(os.path.dirname(HERE), "unit")
for path in (HERE, UNIT):  # reliability_helpers.py; keygen.py (keys made at test time)
    if path not in sys.path:
        sys.path.insert(0, path)


@pytest.fixture(autouse=True)
def no_faults_left(emulator):
    """Fault rules and injected operation failures never outlive the test that set them."""
    yield
    emulator.clear_faults()
    emulator.admin("DELETE", "operation-failures")


@pytest.fixture
def flux_cluster(make_cluster, arm):
    """A fresh cluster with microsoft.flux installed and Succeeded (through ARM directly: fast)."""
    from tests.harness.rp import ClusterPaths
    cluster = make_cluster()
    ClusterPaths(arm, cluster).install_flux()
    return cluster


@pytest.fixture
def spawn(az):
    """Start `az ARGS` in the background (same isolated environment as the `az` fixture); returns a Popen."""
    procs = []

    def start(args):
        import shlex
        proc = subprocess.Popen([az.az_path] + shlex.split(args), env=az.env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True)
        procs.append(proc)
        return proc

    yield start
    for proc in procs:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
