"""Headless Chromium for the portal page's tests: Debian's `chromium` driven by Selenium through Debian's
`chromium-driver` (no browser or driver download: Selenium Manager is never asked, both paths are given).

Trust: Chromium is told to accept exactly the emulator's server key (`--ignore-certificate-errors-spki-list`
with the SHA-256 of its SubjectPublicKeyInfo) — every other certificate error still fails. Importing the
emulator's CA would need an NSS database per run (libnss3-tools); pinning the one key is as strict and needs
nothing more.

axe-core (pinned as AXE_VERSION in the Makefile, installed by `make env` under .build/axe from the npm registry)
is injected into the page by the tests only; it is never served by the emulator.
"""
import base64
import hashlib
import json
import os
import struct
import time
import zlib

from . import REPO_ROOT

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMEDRIVER = "/usr/bin/chromedriver"
AXE_JS = os.path.join(REPO_ROOT, ".build", "axe", "node_modules", "axe-core", "axe.min.js")
SCREENSHOTS = os.path.join(REPO_ROOT, ".build", "portal-screenshots")
DESKTOP = (1280, 800)
PHONE = (390, 844)


def missing():
    """Why the browser tests cannot run here (None when they can)."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (make env installs requirements-dev.txt)"
    if not any(os.path.exists(p) for p in CHROMIUM_CANDIDATES) or not os.path.exists(CHROMEDRIVER):
        return ("Debian's chromium and chromium-driver are not installed "
                "(make env installs them: scripts/system_tools.sh)")
    return None


def spki_pin(cert_path):
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
    with open(cert_path, "rb") as f:
        cert = x509.load_pem_x509_certificate(f.read())
    der = cert.public_key().public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
    return base64.b64encode(hashlib.sha256(der).digest()).decode()


class Browser:
    """One headless Chromium, logged in to one emulator's portal page."""

    def __init__(self, emulator, profile_dir):
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        self.emulator = emulator
        options = webdriver.ChromeOptions()
        options.binary_location = next(p for p in CHROMIUM_CANDIDATES if os.path.exists(p))
        for arg in ("--headless=new", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                    "--disable-extensions", "--disable-background-networking", "--no-proxy-server",
                    "--user-data-dir=" + str(profile_dir),
                    "--window-size={},{}".format(*DESKTOP),
                    "--ignore-certificate-errors-spki-list=" + spki_pin(
                        os.path.join(emulator.data_dir, "server.pem"))):
            options.add_argument(arg)
        if os.geteuid() == 0:
            options.add_argument("--no-sandbox")  # Chromium's sandbox refuses to run as root
        options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
        self.driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
        self.driver.set_script_timeout(60)
        self.driver.execute_cdp_cmd("Network.enable", {})

    def quit(self):
        self.driver.quit()

    @property
    def base(self):
        return self.emulator.url + "/portal/"

    def login(self):
        self.driver.get(self.emulator.portal_login_url())
        return self.wait_ready()

    def resize(self, size):
        self.driver.set_window_size(*size)
        # the window's outer size includes no chrome in headless mode; make the viewport exact
        width, height = self.driver.execute_script("return [window.innerWidth, window.innerHeight]")
        if (width, height) != size:
            self.driver.set_window_size(size[0] * 2 - width, size[1] * 2 - height)

    def go(self, hash_, timeout=20):
        """Show a view (`#/clusters`, `#/cluster/<id>`...) and wait until it has drawn its data."""
        self.driver.execute_script("window.location.hash = arguments[0]", hash_)
        return self.wait_ready(hash_, timeout)

    def wait_ready(self, hash_=None, timeout=20):
        deadline = time.time() + timeout
        while time.time() < deadline:
            state = self.driver.execute_script(
                "const m = document.getElementById('view');"
                "return m ? [m.dataset.route || null, m.dataset.ready || null] : [null, null]")
            if state[1] == "true" and (hash_ is None or state[0] == hash_):
                return self.driver.find_element("id", "view")
            time.sleep(0.05)
        raise AssertionError("view {} not ready: {}".format(hash_, self.driver.find_element("tag name", "body").text))

    def wait_text(self, text, timeout=30, css="#view"):
        deadline = time.time() + timeout
        shown = None
        while time.time() < deadline:
            shown = self.text(css)
            if shown is not None and text in shown:
                return shown
            time.sleep(0.1)
        raise AssertionError("{!r} never appeared in {} ({!r}); the page says: {}".format(
            text, css, shown, self.text("body")))

    def wait_settled(self, timeout=60):
        """Wait until the view has nothing more to load or refresh (its lists and counts are final)."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.driver.execute_script("const m = document.getElementById('view');"
                                          "return m.dataset.settled === 'true' && m.dataset.ready === 'true'"):
                return
            time.sleep(0.05)
        raise AssertionError("the view never settled: " + self.text("body"))

    def text(self, css="#view"):
        """The text of the first element matching css (None when there is none), read in one step: the page may
        redraw between two WebDriver calls."""
        return self.driver.execute_script(
            "const e = document.querySelector(arguments[0]); return e ? e.innerText : null", css)

    def screenshot(self, name):
        os.makedirs(SCREENSHOTS, exist_ok=True)
        path = os.path.join(SCREENSHOTS, name + ".png")
        self.driver.save_screenshot(path)
        return path

    def axe(self):
        """axe-core's serious and critical violations on the page as it is."""
        with open(AXE_JS, encoding="utf-8") as f:
            self.driver.execute_script(f.read())
        result = self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "axe.run(document, {resultTypes: ['violations']}).then((r) => done(r.violations.map((v) => "
            "({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' '))}))))"
            ".catch((e) => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]))")
        return [v for v in result if v["impact"] in ("serious", "critical")]

    def response_bodies(self):
        """The bodies of every response the browser received since the last call (Chromium's network log)."""
        bodies = []
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message.get("method") != "Network.loadingFinished":
                continue
            try:
                body = self.driver.execute_cdp_cmd("Network.getResponseBody",
                                                   {"requestId": message["params"]["requestId"]})
            except Exception:  # noqa: BLE001 - a response without a body (204, redirect) or evicted
                continue
            bodies.append(base64.b64decode(body["body"]).decode("utf-8", "replace") if body.get("base64Encoded")
                          else body["body"])
        return bodies

    def tab_order(self, limit=300):
        """The elements keyboard focus visits, Tab after Tab, until it comes round to one it already visited."""
        from selenium.webdriver.common.action_chains import ActionChains
        from selenium.webdriver.common.keys import Keys
        self.driver.execute_script("document.activeElement && document.activeElement.blur()")
        seen = []
        for _ in range(limit):
            ActionChains(self.driver).send_keys(Keys.TAB).perform()
            key = self.driver.execute_script(
                "const e = document.activeElement; if (!e || e === document.body) return null;"
                "if (!e.dataset.tabKey) e.dataset.tabKey = String(Math.random()); return e.dataset.tabKey")
            if key is None:  # focus left the page (the browser's own UI) on its way round
                continue
            if key in seen:
                break
            seen.append(key)
        return seen

    def actionable_keys(self):
        """A key for every visible link, button and form control of the page (tab_order marks those it visits)."""
        return self.driver.execute_script(
            "return [...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')]"
            ".filter((e) => !e.disabled && e.getAttribute('tabindex') !== '-1' && e.offsetParent !== null"
            " && !(e.type === 'radio' && !e.checked))"
            ".map((e) => [e.dataset.tabKey || null, e.outerHTML.slice(0, 120)])")


def png_facts(path):
    """(width, height, number of distinct colours in a sample) of a PNG screenshot: a blank one has one colour."""
    with open(path, "rb") as f:
        data = f.read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    pos, idat, width, height, colour_type = 8, b"", 0, 0, 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour_type = struct.unpack(">IIBB", chunk[:10])
            assert depth == 8, "unexpected bit depth"
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    channels = {2: 3, 6: 4}[colour_type]
    raw = zlib.decompress(idat)
    stride = width * channels
    previous = bytearray(stride)
    colours = set()
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            up_left = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - up_left
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - up_left)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else up_left)) & 255
        previous = line
        if y % 8 == 0:
            colours.update(bytes(line[x:x + channels]) for x in range(0, stride, channels * 4))
    return width, height, len(colours)
