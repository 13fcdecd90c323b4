"""The portal page's login rules in isolation (portal_auth.py): one-time codes, expiry, the CSRF token, the
emulator's own origin, the Host header and the admin API's secret."""
import pytest

from k8s_configuration_emulator import portal_auth
from k8s_configuration_emulator.errors import ArmError
from k8s_configuration_emulator.portal_auth import COOKIE, PortalAuth

PORT = 4443
OWN = portal_auth.own_origins(PORT)


def logged_in(auth):
    sid, csrf = auth.exchange(auth.new_login_code())
    return {COOKIE: sid}, csrf


def test_a_code_is_spent_once_and_expires(monkeypatch):
    auth = PortalAuth()
    code = auth.new_login_code()
    assert auth.exchange(code) is not None
    assert auth.exchange(code) is None
    assert auth.exchange("") is None and auth.exchange(None) is None
    late = auth.new_login_code()
    now = portal_auth.time.time()
    monkeypatch.setattr(portal_auth.time, "time", lambda: now + portal_auth.CODE_SECONDS + 1)
    assert auth.exchange(late) is None


def test_a_session_expires_and_ends_on_logout(monkeypatch):
    auth = PortalAuth()
    cookies, _csrf = logged_in(auth)
    assert auth.session(cookies[COOKIE]) is not None
    auth.logout(cookies[COOKIE])
    assert auth.session(cookies[COOKIE]) is None
    cookies, _csrf = logged_in(auth)
    now = portal_auth.time.time()
    monkeypatch.setattr(portal_auth.time, "time", lambda: now + portal_auth.SESSION_SECONDS + 1)
    assert auth.session(cookies[COOKIE]) is None


def test_the_session_counts_only_with_its_token_from_the_emulators_origin():
    auth = PortalAuth()
    cookies, csrf = logged_in(auth)
    assert auth.session_principal({}, {}, OWN) is False  # no session: the caller needs a bearer token
    assert auth.session_principal({"X-CSRF-Token": csrf}, cookies, OWN) is True
    assert auth.session_principal({"X-CSRF-Token": csrf, "Origin": "https://localhost:4443",
                                   "Sec-Fetch-Site": "same-origin"}, cookies, OWN) is True
    for headers in ({}, {"X-CSRF-Token": csrf[:-1]}, {"X-CSRF-Token": csrf, "Origin": "https://127.0.0.1:1"},
                    {"X-CSRF-Token": csrf, "Origin": "null"}, {"X-CSRF-Token": csrf, "Sec-Fetch-Site": "same-site"}):
        with pytest.raises(ArmError) as refused:
            auth.session_principal(headers, cookies, OWN)
        assert refused.value.status == 403
    _other_cookies, other_csrf = logged_in(auth)
    with pytest.raises(ArmError):  # another session's token
        auth.session_principal({"X-CSRF-Token": other_csrf}, cookies, OWN)


@pytest.mark.parametrize("host", ["127.0.0.1:4443", "localhost:4443", "LocalHost:4443"])
def test_the_host_header_must_name_the_emulator(host):
    portal_auth.check_host(host, PORT)


@pytest.mark.parametrize("host", [None, "", "127.0.0.1", "127.0.0.1:4444", "attacker.example:4443",
                                  "127.0.0.1.attacker.example:4443", "[::1]:4443"])
def test_any_other_host_is_misdirected(host):
    with pytest.raises(ArmError) as refused:
        portal_auth.check_host(host, PORT)
    assert refused.value.status == 421


def test_admin_calls_need_the_secret_and_json():
    auth = PortalAuth()
    secret = {"X-IDENTITY-HEADER": "s3cret"}

    def check(headers, cookies=None, method="POST", length=2, mimetype="application/json"):
        portal_auth.check_admin_request(auth, "s3cret", method, headers, cookies or {}, length, mimetype, PORT)

    check(secret)
    check(secret, method="POST", length=0, mimetype="")  # no body: nothing to parse
    for wrong in ({}, {"X-IDENTITY-HEADER": "s3cre"}, {"X-IDENTITY-HEADER": ""}):
        with pytest.raises(ArmError) as refused:
            check(wrong)
        assert refused.value.status == 401
    for mimetype in ("text/plain", "application/x-www-form-urlencoded", "multipart/form-data", None):
        with pytest.raises(ArmError) as refused:
            check(secret, mimetype=mimetype)
        assert refused.value.status == 415
    cookies, csrf = logged_in(auth)
    check({"X-CSRF-Token": csrf}, cookies)
    with pytest.raises(ArmError):
        check({}, cookies)
