"""The source-and-build engine's tests use the loopback git servers and sample repositories of the harness."""
from tests.harness.git_fixtures import *  # noqa: F401,F403 - pytest fixtures
