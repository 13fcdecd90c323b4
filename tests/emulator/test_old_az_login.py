"""What the oldest az the extension declares (2.70) sends to log in and to register the cloud, served next to
today's protocol (az 2.91: tests/emulator/test_identity_and_metadata.py).

az 2.70 logs in with msrestazure: POST $MSI_ENDPOINT, form body `resource=...`, header `Metadata: true` (the Cloud
Shell protocol), and `az cloud register` reads `/metadata/endpoints?api-version=2015-01-01`."""
import base64
import json

import pytest

from k8s_configuration_emulator.azenv import build_env, read_info
from tests.harness.emulator import tenant_subscriptions


def _claims(token):
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def cloud_shell_token(emulator, headers=None, data=None):
    return emulator.session.post(emulator.identity_endpoint, data=data or {"resource": emulator.url + "/"},
                                 headers={"Metadata": "true"} if headers is None else headers)


def test_cloud_shell_form_gets_a_token_az_2_70_reads(emulator):
    resp = cloud_shell_token(emulator)
    assert resp.status_code == 200
    body = resp.json()
    # what msrestazure's get_msi_token and az's MSIAuthenticationWrapper read
    assert body["token_type"] == "Bearer" and int(body["expires_on"]) > 0
    assert body["resource"] == emulator.url + "/"
    assert _claims(body["access_token"])["tid"] == emulator.tenant_id


def test_cloud_shell_token_opens_arm(emulator, arm):
    token = cloud_shell_token(emulator).json()["access_token"]
    resp = arm.get("/subscriptions", "2022-12-01", auth=False, headers={"Authorization": "Bearer " + token})
    assert resp.status_code == 200
    assert [s["subscriptionId"] for s in resp.json()["value"]] == tenant_subscriptions(emulator)


@pytest.mark.parametrize("headers,data", [
    ({}, None),                                  # no Metadata header
    ({"Metadata": "false"}, None),
    ({"Metadata": "true"}, {"other": "x"}),      # no resource
])
def test_cloud_shell_form_is_checked(emulator, headers, data):
    resp = cloud_shell_token(emulator, headers=headers, data=data)
    assert resp.status_code == 400
    assert "access_token" not in resp.json() and resp.json()["error"] == "invalid_request"


def test_app_service_form_unchanged_next_to_it(emulator):
    resp = emulator.session.get(emulator.identity_endpoint, headers={"X-IDENTITY-HEADER": emulator.identity_header},
                                params={"api-version": "2019-08-01", "resource": emulator.url + "/"})
    assert resp.status_code == 200 and resp.json()["token_type"] == "Bearer"


def test_legacy_metadata_shape_for_old_cloud_register(emulator):
    # az 2.70 joins "https://host:port/" with "/metadata/endpoints?api-version=2015-01-01"
    for path in ("/metadata/endpoints", "//metadata/endpoints"):
        resp = emulator.session.get(emulator.url + path, params={"api-version": "2015-01-01"})
        assert resp.status_code == 200
        meta = resp.json()
        url = emulator.url + "/"
        # the endpoints az 2.70 requires: graph (active_directory_graph_resource_id), login, audience
        assert meta["graphEndpoint"] == url and meta["galleryEndpoint"] == url
        assert meta["authentication"]["audiences"] == [url]
        assert meta["authentication"]["loginEndpoint"].startswith(url)


def test_current_metadata_shape_unchanged(emulator):
    meta = emulator.session.get(emulator.url + "/metadata/endpoints", params={"api-version": "2022-09-01"}).json()
    assert meta["resourceManager"] == emulator.url + "/" and "graphEndpoint" not in meta


def test_az_env_sets_both_identity_protocols(emulator, tmp_path):
    env = build_env(read_info(emulator.data_dir), str(tmp_path), base={"MSI_SECRET": "inherited", "PATH": "/bin"})
    assert env["IDENTITY_ENDPOINT"] == emulator.identity_endpoint
    assert env["IDENTITY_HEADER"] == emulator.identity_header
    assert env["MSI_ENDPOINT"] == emulator.identity_endpoint
    # an inherited MSI_SECRET would make MSAL (az 2.91) pick another protocol: never passed on
    assert "MSI_SECRET" not in env


def test_az_env_exports_the_old_login_variable_too(emulator, tmp_path):
    from k8s_configuration_emulator.azenv import export_lines
    env = build_env(read_info(emulator.data_dir), str(tmp_path), base={})
    exported = dict(line[len("export "):].split("=", 1) for line in export_lines(env))
    assert exported["MSI_ENDPOINT"] == emulator.identity_endpoint
    assert exported["IDENTITY_ENDPOINT"] == emulator.identity_endpoint
