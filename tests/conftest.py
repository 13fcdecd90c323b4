"""Shared fixtures: an emulator per session (per xdist worker), an isolated az logged in to it,
the `az` runner, and fresh clusters. See tests/harness/ for the helpers behind them."""
import os

import pytest

from tests.harness import REPO_ROOT
from tests.harness.az import Az
from tests.harness.clusters import make_cluster as _make_cluster
from tests.harness.emulator import Emulator


def pytest_addoption(parser):
    group = parser.getgroup("emulator")
    group.addoption("--emulator-operation-seconds", type=float,
                    default=float(os.environ.get("EMULATOR_OPERATION_SECONDS", "0.2")),
                    help="duration of the emulator's long-running operations (default 0.2)")
    group.addoption("--emulator-retry-after", type=int, default=int(os.environ.get("EMULATOR_RETRY_AFTER", "1")),
                    help="Retry-After the emulator sends (default 1)")


@pytest.fixture(scope="session")
def emulator(tmp_path_factory, request):
    emu = Emulator(tmp_path_factory.mktemp("emulator"),
                   operation_seconds=request.config.getoption("--emulator-operation-seconds"),
                   retry_after=request.config.getoption("--emulator-retry-after"))
    emu.start()
    yield emu
    emu.stop()


@pytest.fixture(scope="session")
def az_env(emulator, tmp_path_factory):
    from k8s_configuration_emulator.azenv import prepare
    config_dir = str(tmp_path_factory.mktemp("azure-config"))
    return prepare(emulator.data_dir, config_dir, extension_dir=os.path.join(REPO_ROOT, ".build", "extensions"))


@pytest.fixture(scope="session")
def az(az_env, emulator):
    return Az(az_env, emulator)


@pytest.fixture
def make_cluster(emulator):
    def factory(cluster_type="connectedClusters", service_principal=False, **kwargs):
        return _make_cluster(emulator, cluster_type, service_principal, **kwargs)
    return factory


@pytest.fixture
def cluster(make_cluster):
    return make_cluster()


@pytest.fixture(scope="session")
def arm(emulator):
    from tests.harness.arm import ArmClient
    return ArmClient(emulator)
