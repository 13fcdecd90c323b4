"""Fixtures for talking to the emulator directly (no az): a cluster's RP paths, flux-ready clusters."""
import pytest

from tests.harness.rp import ClusterPaths


@pytest.fixture
def paths(arm, cluster):
    return ClusterPaths(arm, cluster)


@pytest.fixture
def flux_paths(paths):
    paths.install_flux()
    return paths
