"""The portal page in a real browser (issue 15): headless Chromium from Debian, driven by Selenium, against the
session's emulator, with the real az on the other side. Every view, create and delete on the page, az and the page
seeing each other's work, a failing loopback source and a failing operation with their errors, markup in names
and messages rendered as text, no secret in anything the browser receives, axe-core (0 serious or critical
violations), keyboard reachability, 1280x800 and 390x844. Screenshots land in .build/portal-screenshots
(with PORTAL_UPDATE_DOCS_SCREENSHOT=1, the failing configuration's is copied to docs/ for the README)."""
import base64
import json
import os
import shutil
import urllib.parse

from tests.harness import REPO_ROOT
from tests.harness.browser import DESKTOP, PHONE, png_facts
from tests.harness.git_fixtures import *  # noqa: F401,F403 - pytest fixtures
from tests.harness.git_fixtures import HTTPS_TOKEN, HTTPS_USER
from tests.harness.git_repos import MISTAKE_BRANCH

FLUX = "/providers/Microsoft.KubernetesConfiguration/fluxConfigurations/"
URL = "https://github.com/Azure/gitops-flux2-kustomize-helm-mt"
K = "-k name=infra path=./infrastructure prune=true -k name=apps path=./apps/staging prune=true depends_on=infra"
UPDATE_DOCS = "PORTAL_UPDATE_DOCS_SCREENSHOT"
XSS = "<script>window.__xss = 1</script><img src=x onerror=\"window.__xss = 2\">"


def view(config_or_cluster_id, kind):
    return "#/{}/{}".format(kind, urllib.parse.quote(config_or_cluster_id, safe=""))


def check_view(browser, name):
    """The view as it is now: a screenshot that is not blank, axe-core's serious and critical findings (none), and
    every link, button and field reachable with Tab."""
    browser.wait_settled()
    path = browser.screenshot(name)
    width, height, colours = png_facts(path)
    assert (width, height) == (browser.driver.execute_script("return window.innerWidth"),
                               browser.driver.execute_script("return window.innerHeight")) or width > 0
    assert colours > 8, "{} looks blank ({} colours)".format(path, colours)
    assert browser.axe() == [], name
    visited = set(browser.tab_order())
    unreachable = [html for key, html in browser.actionable_keys() if key not in visited]
    assert unreachable == [], name
    overflow = browser.driver.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, "{}: the page scrolls sideways by {} px".format(name, overflow)
    return path


def az_create(az, cluster, name, extra=K):
    az(f"k8s-configuration flux create {cluster.args} -n {name} --scope cluster -u {URL} --branch main {extra}",
       check=True)


def test_every_view_of_what_az_made(az, cluster, browser):
    az_create(az, cluster, "tutorial")
    shown = az(f"k8s-configuration flux show {cluster.args} -n tutorial", check=True).json
    config_id = shown["id"]

    browser.resize(DESKTOP)
    browser.go("#/clusters")
    browser.driver.find_element("id", "cluster-filter").send_keys(cluster.name)
    row = browser.wait_text(cluster.name, css="#clusters-table")
    assert "connectedClusters" in row and cluster.rg in row and "eastus" in row
    browser.wait_text("Compliant", css="#clusters-table")
    assert "Succeeded" in browser.text("#clusters-table")  # the microsoft.flux extension az installed
    check_view(browser, "clusters")

    browser.go(view(cluster.id, "cluster"))
    configs = browser.text("#configs-table")
    for text in ("tutorial", "cluster", "GitRepository", URL, "branch: main", "Compliant", "Succeeded",
                 shown["sourceSyncedCommitId"]):
        assert text in configs
    ext = browser.text("section[aria-labelledby=ext-h]")
    assert "Stable" in ext and "flux-system" in ext and "Yes" in ext
    check_view(browser, "cluster")

    browser.go(view(config_id, "config"))
    kustomizations = browser.text("#kustomizations-table")
    assert "./apps/staging" in kustomizations and "infra" in kustomizations
    nodes = browser.driver.find_elements("css selector", "svg.graph g.node")
    assert sorted(n.get_attribute("data-name") for n in nodes) == ["apps", "infra"]
    assert len(browser.driver.find_elements("css selector", "svg.graph line.edge")) == 1
    objects = browser.text("#objects-table")
    assert "tutorial-apps" in objects and "Applied revision" in objects
    assert json.loads(browser.text("#resource-json"))["properties"]["kustomizations"]["apps"]["dependsOn"] == [
        "infra"]
    check_view(browser, "config")

    browser.go(view(cluster.id, "create"))
    browser.driver.find_element("css selector", "input[name=auth][value=https]").click()
    check_view(browser, "create")
    browser.go(view(config_id, "delete"))
    check_view(browser, "delete")

    browser.resize(PHONE)
    try:
        for name, hash_ in (("clusters", "#/clusters"), ("cluster", view(cluster.id, "cluster")),
                            ("config", view(config_id, "config")), ("create", view(cluster.id, "create"))):
            browser.go(hash_)
            check_view(browser, name + "-390x844")
    finally:
        browser.resize(DESKTOP)


def fill(browser, fields):
    for name, value in fields.items():
        element = browser.driver.find_element("css selector", f"[name='{name}']")
        element.clear()
        element.send_keys(value)


def test_create_on_the_page_is_what_az_shows_and_a_failing_source_shows_its_error(az, make_cluster, browser,
                                                                                 git_https, emulator):
    cluster = make_cluster()  # no microsoft.flux yet: the page installs it first
    browser.driver.get_log("performance")  # forget earlier traffic
    browser.go(view(cluster.id, "create"))
    fill(browser, {"name": "mistake", "namespace": "mistake", "url": git_https.url("sample.git"),
                   "ref": MISTAKE_BRANCH})
    browser.driver.find_element("css selector", "input[name=auth][value=https]").click()
    fill(browser, {"https-user": HTTPS_USER, "https-key": HTTPS_TOKEN, "https-ca": git_https.ca_pem.decode().strip()})
    fill(browser, {"k-name": "infra", "k-path": "./infrastructure"})
    browser.driver.find_element("id", "add-kustomization").click()
    rows = browser.driver.find_elements("css selector", "tr.k-row")
    rows[1].find_element("name", "k-name").send_keys("apps")
    rows[1].find_element("name", "k-path").send_keys("./apps/staging")
    rows[1].find_element("name", "k-depends").send_keys("infra")
    browser.driver.find_element("css selector", "#create-form button[type=submit]").click()
    progress = browser.wait_text("Open mistake", css="#progress")
    assert "Install the 'microsoft.flux' extension Succeeded" in progress
    assert "Create the flux configuration 'mistake' Succeeded" in progress

    shown = az(f"k8s-configuration flux show {cluster.args} -n mistake", check=True).json
    assert shown["gitRepository"]["httpsUser"] == HTTPS_USER
    assert shown["gitRepository"]["repositoryRef"] == {"branch": MISTAKE_BRANCH, "commit": None, "semver": None,
                                                       "tag": None}
    assert shown["kustomizations"]["apps"]["dependsOn"] == ["infra"]
    assert shown["kustomizations"]["infra"]["prune"] is True

    browser.driver.find_element("link text", "Open mistake").click()
    browser.wait_ready(view(shown["id"], "config"))
    objects = browser.wait_text("BuildFailed", timeout=60, css="#view")
    assert "apps/base/podinfo/release.yaml:18: YAML error" in objects
    first = browser.driver.find_element("css selector", "#objects-table tbody tr")
    assert first.get_attribute("class") == "failing" and "mistake-apps" in first.text  # failing ones first
    assert f"{MISTAKE_BRANCH}@sha1:" in browser.text()
    check_view(browser, "config-build-failed")
    browser.driver.execute_script("document.getElementById('k-h').scrollIntoView()")
    shot = browser.screenshot("config-build-failed-objects")  # the graph and the failing objects
    assert png_facts(shot)[2] > 8
    if os.environ.get(UPDATE_DOCS):  # the README's screenshot, refreshed on request only (it differs every run)
        shutil.copyfile(shot, os.path.join(REPO_ROOT, "docs", "portal-configuration.png"))

    # the key typed into the form is in nothing the browser received, nor in the page
    secrets = (HTTPS_TOKEN, base64.b64encode(HTTPS_TOKEN.encode()).decode())
    bodies = browser.response_bodies()
    assert any("mistake" in b for b in bodies)
    for secret in secrets:
        assert not [b for b in bodies if secret in b]
        assert secret not in browser.driver.page_source


def test_a_configuration_az_made_is_deleted_on_the_page(az, cluster, browser):
    az_create(az, cluster, "doomed")
    config_id = cluster.id + FLUX + "doomed"
    browser.go(view(config_id, "delete"))
    summary = browser.text("#prune-summary")
    assert "infra (./infrastructure)" in summary and "deleted from the cluster" in summary
    button = browser.driver.find_element("css selector", "#delete-form button[type=submit]")
    confirm = browser.driver.find_element("id", "confirm-name")
    confirm.send_keys("doome")
    assert not button.is_enabled()
    confirm.send_keys("d\n")  # Enter submits, as a click would
    browser.wait_text("Deleted.", css="#progress")
    assert az(f"k8s-configuration flux show {cluster.args} -n doomed", check=False).exit_code == 3


def test_a_failed_operation_shows_the_services_error_and_markup_stays_text(az, cluster, browser, emulator, arm):
    az(f"k8s-extension create {cluster.args} -n flux --extension-type microsoft.flux", check=True)
    emulator.admin("POST", "operation-failures", {"resource_type": "fluxConfigurations", "match": "broken",
                                                  "code": "InjectedFailure", "message": "Helm said " + XSS})
    browser.go(view(cluster.id, "create"))
    fill(browser, {"name": "broken", "url": URL + "?x=" + XSS})
    browser.driver.find_element("css selector", "#create-form button[type=submit]").click()
    progress = browser.wait_text("Failed", css="#progress")
    assert "InjectedFailure: Helm said " + XSS in progress
    # a kustomization path and a status message with markup, written around the page, are text on it too
    body = arm.get(cluster.id + FLUX + "broken", "2025-04-01").json()
    assert body["properties"]["errorMessage"].endswith(XSS)
    browser.go(view(cluster.id + FLUX + "broken", "config"))
    assert "Error: Helm said " + XSS in browser.text()
    assert URL + "?x=" + XSS in browser.text("section[aria-labelledby=src-h]")
    # names the service accepts: a configuration's, a kustomization's (with its path and dependency)
    name = "<img src=x onerror=window.__xss=5>"
    marked = {"properties": {"scope": "cluster", "namespace": "marked", "sourceKind": "GitRepository",
                             "gitRepository": {"url": URL, "repositoryRef": {"branch": "main"}},
                             "kustomizations": {"base": {"path": "./base"},
                                                "<script>window.__xss = 6</script>": {
                                                    "path": "<img src=x onerror=window.__xss=7>",
                                                    "dependsOn": ["base"]}}}}
    arm.wait(arm.put(cluster.id + FLUX + name, marked, "2025-04-01"))
    browser.go(view(cluster.id, "cluster"))
    configs = browser.text("#configs-table")
    assert URL + "?x=" + XSS in configs and name in configs
    browser.go(view(cluster.id + FLUX + name, "config"))
    kustomizations = browser.text("#kustomizations-table")
    assert "<script>window.__xss = 6</script>" in kustomizations
    assert "<img src=x onerror=window.__xss=7>" in kustomizations
    assert "Flux configuration " + name in browser.text("h1")
    assert browser.driver.execute_script("return window.__xss === undefined")
    assert not browser.driver.find_elements("css selector", "#view script, #view img")
