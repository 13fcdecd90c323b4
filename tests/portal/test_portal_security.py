"""The portal page can change state, so the emulator treats it as a web app (issue 15, item 3), tested over plain
HTTP here: the one-time login link, the session cookie's flags, 401 without a session, the CSRF token on every
request the page makes to ARM and to the admin API, the emulator's own origin only, the Host header (DNS
rebinding), the admin API's secret and JSON-only bodies, and the security headers."""
import re

import pytest
import requests

PAGE_HEADERS = {"X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff"}
SUBSCRIPTIONS = "/subscriptions?api-version=2022-12-01"


def new_session(emulator):
    session = requests.Session()
    session.trust_env = False
    session.verify = emulator.ca_bundle
    return session


@pytest.fixture()
def logged_in(emulator):
    """A session logged in with a fresh link, and the CSRF token its page carries."""
    session = new_session(emulator)
    page = session.get(emulator.portal_login_url())
    assert page.status_code == 200 and page.url == emulator.url + "/portal/"
    return session, re.search(r'name="csrf-token" content="([^"]+)"', page.text).group(1)


def test_without_a_session_every_portal_route_is_401_and_shows_no_data(emulator, cluster):
    session = new_session(emulator)
    for path in ("/portal/", "/portal", "/portal/static/app.js", "/portal/static/api.js", "/portal/anything"):
        resp = session.get(emulator.url + path, allow_redirects=False)
        assert resp.status_code == 401, path
        assert "login?code=" in resp.text and cluster.name not in resp.text
        assert resp.headers["Content-Security-Policy"].startswith("default-src 'none'")
    # and ARM, without a bearer token or a session, is 401 as before
    assert session.get(emulator.url + SUBSCRIPTIONS).status_code == 401


def test_the_login_link_works_once_and_sets_a_strict_http_only_cookie(emulator):
    link = emulator.portal_login_url()
    assert re.fullmatch(re.escape(emulator.url) + r"/portal/login\?code=[A-Za-z0-9_-]{20,}", link)
    session = new_session(emulator)
    resp = session.get(link, allow_redirects=False)
    assert resp.status_code == 303 and resp.headers["Location"].endswith("/portal/")
    cookie = resp.headers["Set-Cookie"]
    for flag in ("HttpOnly", "Secure", "SameSite=Strict", "Path=/"):
        assert flag in cookie
    again = new_session(emulator).get(link, allow_redirects=False)
    assert again.status_code == 401 and "already used" in again.text
    assert new_session(emulator).get(emulator.url + "/portal/login?code=guess").status_code == 401
    # start wrote a link of its own in emulator.json, unused so far
    assert emulator.info["portal_url"].startswith(emulator.url + "/portal/login?code=")


def test_page_headers_forbid_framing_sniffing_and_inline_script(emulator, logged_in):
    session, _csrf = logged_in
    resp = session.get(emulator.url + "/portal/")
    csp = resp.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp and "frame-ancestors 'none'" in csp
    for name, value in PAGE_HEADERS.items():
        assert resp.headers[name] == value
    assert "<script>" not in resp.text and "onclick" not in resp.text  # no inline script in the page
    js = session.get(emulator.url + "/portal/static/app.js")
    assert js.status_code == 200 and js.headers["Content-Type"].startswith("text/javascript")
    assert session.get(emulator.url + "/portal", allow_redirects=False).headers["Location"] == "/portal/"


def test_logging_out_ends_the_session(emulator, logged_in):
    session, csrf = logged_in
    assert session.post(emulator.url + "/portal/logout").status_code == 403  # not without the token
    assert session.get(emulator.url + "/portal/").status_code == 200
    assert session.post(emulator.url + "/portal/logout", headers={"X-CSRF-Token": csrf}).status_code == 200
    assert session.get(emulator.url + "/portal/").status_code == 401
    assert session.get(emulator.url + SUBSCRIPTIONS, headers={"X-CSRF-Token": csrf}).status_code == 401


def test_arm_takes_the_session_only_with_its_csrf_token_from_the_emulators_origin(emulator, logged_in, cluster):
    session, csrf = logged_in
    url = emulator.url + cluster.id + "/providers/Microsoft.KubernetesConfiguration/extensions/flux" \
                                      "?api-version=2025-03-01"
    body = {"properties": {"extensionType": "microsoft.flux"}}
    refused = session.put(url, json=body)
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "InvalidCsrfToken"
    assert session.put(url, json=body, headers={"X-CSRF-Token": "not-it"}).status_code == 403
    other_site = session.put(url, json=body, headers={"X-CSRF-Token": csrf, "Origin": "https://evil.example"})
    assert other_site.status_code == 403 and other_site.json()["error"]["code"] == "CrossOriginRequest"
    cross = session.put(url, json=body, headers={"X-CSRF-Token": csrf, "Sec-Fetch-Site": "cross-site"})
    assert cross.status_code == 403
    assert session.get(url).status_code == 403  # reads too: nothing leaves without the token
    assert session.get(emulator.url + cluster.id + "?api-version=2024-01-01",
                       headers={"X-CSRF-Token": csrf}).status_code == 200
    done = session.put(url, json=body, headers={"X-CSRF-Token": csrf, "Origin": emulator.url})
    assert done.status_code == 201, done.text  # the same validation and operation as az's PUT


def test_the_admin_api_needs_the_secret_and_json(emulator, logged_in):
    anonymous = new_session(emulator)
    for method, path in (("POST", "reset"), ("POST", "settings"), ("GET", "settings"), ("POST", "faults"),
                         ("GET", "requests"), ("POST", "portal-login")):
        resp = anonymous.request(method, emulator.url + "/_emulator/" + path, json={})
        assert resp.status_code == 401, path
    # the cross-site "simple request" a page on another site could send: no secret, text/plain
    forged = anonymous.post(emulator.url + "/_emulator/reset", data="{}", headers={"Content-Type": "text/plain"})
    assert forged.status_code == 401
    with_secret = anonymous.post(emulator.url + "/_emulator/settings", data='{"page_size": 7}',
                                 headers={"Content-Type": "text/plain", **emulator.admin_headers})
    assert with_secret.status_code == 415
    assert emulator.settings()["page_size"] != 7
    assert anonymous.get(emulator.url + "/_emulator/health").status_code == 200  # the readiness probe
    # the portal session stands in for the secret only with its CSRF token
    session, csrf = logged_in
    assert session.get(emulator.url + "/_emulator/settings").status_code == 403
    assert session.get(emulator.url + "/_emulator/settings", headers={"X-CSRF-Token": csrf}).status_code == 200


def test_every_route_checks_the_host_header(emulator):
    session = new_session(emulator)
    port = emulator.port
    for host in ("evil.example:{}".format(port), "127.0.0.1:1", "127.0.0.1", "rebound.example"):
        for path in ("/_emulator/health", "/portal/", SUBSCRIPTIONS, "/metadata/endpoints?api-version=2022-09-01"):
            resp = session.get(emulator.url + path, headers={"Host": host})
            assert resp.status_code == 421, (host, path)
    for host in ("localhost:{}".format(port), "LOCALHOST:{}".format(port), "127.0.0.1:{}".format(port)):
        assert session.get(emulator.url + "/_emulator/health", headers={"Host": host}).status_code == 200
