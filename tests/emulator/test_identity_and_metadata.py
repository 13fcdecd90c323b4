"""The identity endpoint, bearer checks, cloud metadata and api-version presence."""
import base64
import json

import pytest

from tests.harness.arm import cluster_path
from tests.harness.emulator import tenant_subscriptions


def _claims(token):
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def token_request(emulator, header):
    headers = {"X-IDENTITY-HEADER": header} if header is not None else {}
    return emulator.session.get(emulator.identity_endpoint, headers=headers,
                                params={"api-version": "2019-08-01", "resource": emulator.url + "/"})


def test_identity_endpoint_issues_jwt_shaped_token_with_tenant(emulator):
    resp = token_request(emulator, emulator.identity_header)
    assert resp.status_code == 200
    body = resp.json()
    assert body["token_type"] == "Bearer" and int(body["expires_on"]) > 0
    assert body["resource"] == emulator.url + "/"
    assert len(body["access_token"].split(".")) == 3
    claims = _claims(body["access_token"])
    assert claims["tid"] == emulator.tenant_id
    assert {"oid", "appid", "exp", "iat", "aud"} <= set(claims)


@pytest.mark.parametrize("header", [None, "wrong"])
def test_identity_endpoint_checks_the_identity_header(emulator, header):
    resp = token_request(emulator, header)
    assert resp.status_code == 401
    assert "access_token" not in resp.json()


def test_arm_without_bearer_is_401_with_arm_error(arm, emulator):
    resp = arm.get("/subscriptions", "2022-12-01", auth=False)
    assert resp.status_code == 401
    assert resp.json()["error"]["code"] == "AuthenticationFailed"
    assert "WWW-Authenticate" in resp.headers


def test_arm_with_forged_token_is_401(arm):
    good = arm.token
    header, payload, _sig = good.split(".")
    forged = header + "." + payload + ".AAAA"
    resp = arm.get("/subscriptions", "2022-12-01", auth=False, headers={"Authorization": "Bearer " + forged})
    assert resp.status_code == 401
    assert resp.json()["error"]["code"] == "InvalidAuthenticationToken"


def test_arm_with_token_lists_subscription(arm, emulator):
    resp = arm.get("/subscriptions", "2022-12-01")
    assert resp.status_code == 200
    assert [s["subscriptionId"] for s in resp.json()["value"]] == tenant_subscriptions(emulator)


def test_metadata_endpoints_for_cloud_register(emulator):
    # az cloud register joins the endpoint with "/metadata/..." so a double slash must work too
    for path in ("/metadata/endpoints", "//metadata/endpoints"):
        resp = emulator.session.get(emulator.url + path, params={"api-version": "2022-09-01"})
        assert resp.status_code == 200
        meta = resp.json()
        assert meta["resourceManager"] == emulator.url + "/"
        assert meta["authentication"]["audiences"] == [emulator.url + "/"]
        assert "loginEndpoint" in meta["authentication"] and "suffixes" in meta


def test_missing_api_version_is_400(arm, emulator, cluster):
    for path in ("/subscriptions/{}/resourcegroups".format(emulator.subscription_id),
                 cluster_path(emulator.subscription_id, cluster.rg, cluster.name),
                 cluster_path(emulator.subscription_id, cluster.rg, cluster.name) +
                 "/providers/Microsoft.KubernetesConfiguration/fluxConfigurations"):
        resp = arm.get(path)
        assert resp.status_code == 400, path
        assert resp.json()["error"]["code"] == "MissingApiVersionParameter"


def test_unsupported_rp_api_version_is_400(arm, emulator, cluster):
    base = cluster_path(emulator.subscription_id, cluster.rg, cluster.name)
    resp = arm.get(base + "/providers/Microsoft.KubernetesConfiguration/fluxConfigurations", "2019-01-01")
    assert resp.status_code == 400
    assert "2025-04-01" in resp.json()["error"]["message"]
    for version in ("2025-04-01", "2024-11-01", "2022-03-01"):
        assert arm.get(base + "/providers/Microsoft.KubernetesConfiguration/fluxConfigurations",
                       version).status_code == 200
    for version in ("2025-03-01", "2022-03-01"):
        assert arm.get(base + "/providers/Microsoft.KubernetesConfiguration/extensions", version).status_code == 200
    assert arm.get(base + "/providers/Microsoft.KubernetesConfiguration/extensions", "2025-04-01").status_code == 400


def test_binds_loopback_only(emulator):
    import socket
    assert emulator.url.startswith("https://127.0.0.1:")
    port = int(emulator.url.rsplit(":", 1)[1])
    try:
        others = {info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)}
    except socket.gaierror:
        others = set()
    others = {ip for ip in others if not ip.startswith("127.")}
    if not others:
        pytest.skip("no non-loopback IPv4 address on this machine")
    for ip in others:
        with pytest.raises(OSError):
            socket.create_connection((ip, port), timeout=1).close()
