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


# The az the scenario tests run: the one in .venv with the dev extension (linked to the working tree), or,
# with $AZ_UNDER_TEST, another az and the extension dir it got the extension in (`az extension add`), e.g. the
# oldest az the extension declares (`make test-oldest-az`, scripts/oldest_az.py).
AZ_UNDER_TEST_EXTENSION_DIR = "AZ_UNDER_TEST_EXTENSION_DIR"


def extension_dir_under_test():
    chosen = os.environ.get(AZ_UNDER_TEST_EXTENSION_DIR)
    if os.environ.get("AZ_UNDER_TEST") and not chosen:
        raise pytest.UsageError("$AZ_UNDER_TEST needs ${} too: the extension dir that az got the extension in "
                                "(`az extension add --source <wheel>`)".format(AZ_UNDER_TEST_EXTENSION_DIR))
    return os.path.abspath(chosen) if chosen else os.path.join(REPO_ROOT, ".build", "extensions")


def pytest_report_header(config):
    from k8s_configuration_emulator.azenv import find_az
    try:
        az = find_az()
    except RuntimeError as err:  # $AZ_UNDER_TEST names no file
        raise pytest.UsageError(str(err)) from None
    return "az under test: {} (extensions: {})".format(az, extension_dir_under_test())


@pytest.fixture(scope="session")
def az_env(emulator, tmp_path_factory):
    from k8s_configuration_emulator.azenv import prepare
    config_dir = str(tmp_path_factory.mktemp("azure-config"))
    return prepare(emulator.data_dir, config_dir, extension_dir=extension_dir_under_test())


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
