"""The portal page's browser tests: one headless Chromium per test module (tests/harness/browser.py), logged in to
the session's emulator, at 1280x800 unless a test resizes it. Skipped, saying why, only where Debian's chromium,
chromium-driver or selenium cannot be had (make env installs them; CI has them)."""
import pytest

from tests.harness import browser as browser_harness


@pytest.fixture(scope="module")
def browser(emulator, tmp_path_factory):
    why = browser_harness.missing()
    if why:
        pytest.skip(why)
    chromium = browser_harness.Browser(emulator, tmp_path_factory.mktemp("chromium-profile"))
    try:
        chromium.resize(browser_harness.DESKTOP)
        chromium.login()
        yield chromium
    finally:
        chromium.quit()
