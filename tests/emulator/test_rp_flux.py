"""fluxConfigurations: RP rules, merge patch, write-only secrets, simulated status, names."""
import base64
import time

import pytest

from tests.harness.rp import git_config


def test_flux_configuration_needs_the_flux_extension(paths):
    resp = paths.put("fluxConfigurations", "early", git_config())
    assert resp.status_code == 400
    assert resp.json()["error"]["code"] == "FluxExtensionNotInstalled"
    assert "microsoft.flux" in resp.json()["error"]["message"]


def test_flux_configuration_needs_the_extension_succeeded(paths, emulator):
    emulator.fail_next_extension_install("microsoft.flux")
    resp = paths.put("extensions", "flux", {"properties": {"extensionType": "Microsoft.Flux"}})
    assert paths.arm.wait(resp)["status"] == "Failed"
    cfg = paths.put("fluxConfigurations", "cfg", git_config())
    assert cfg.status_code == 400
    assert cfg.json()["error"]["code"] == "FluxExtensionNotReady"


def test_source_kind_must_match_the_source_block(flux_paths):
    body = git_config()
    body["properties"]["sourceKind"] = "Bucket"
    resp = flux_paths.put("fluxConfigurations", "mismatch", body)
    assert resp.status_code == 400
    assert resp.json()["error"]["code"] == "SourceKindMismatch"
    body = git_config(bucket={"url": "https://s3.example", "bucketName": "b"})
    resp = flux_paths.put("fluxConfigurations", "two-sources", body)
    assert resp.status_code == 400 and resp.json()["error"]["code"] == "SourceKindMismatch"


def test_scope_and_namespace_cannot_change(flux_paths):
    flux_paths.arm.wait(flux_paths.put("fluxConfigurations", "immut", git_config()))
    for change in ({"scope": "namespace"}, {"namespace": "other"}):
        resp = flux_paths.patch("fluxConfigurations", "immut", {"properties": change})
        assert resp.status_code == 400, change
        assert resp.json()["error"]["code"] == "ImmutableProperty"
    resp = flux_paths.put("fluxConfigurations", "immut", git_config(namespace="elsewhere"))
    assert resp.status_code == 400 and resp.json()["error"]["code"] == "ImmutableProperty"


def test_protected_settings_are_write_only(flux_paths, emulator):
    key = base64.b64encode(b"token").decode()
    body = git_config(configurationProtectedSettings={"httpsKey": key})
    body["properties"]["gitRepository"]["httpsUser"] = "git"
    resp = flux_paths.put("fluxConfigurations", "secret", body)
    assert "configurationProtectedSettings" not in resp.json()["properties"]
    flux_paths.arm.wait(resp)
    shown = flux_paths.get("fluxConfigurations", "secret")
    assert key not in shown.text and "configurationProtectedSettings" not in shown.json()["properties"]
    listed = flux_paths.get("fluxConfigurations")
    assert key not in listed.text


def test_patch_is_a_json_merge_patch(flux_paths):
    flux_paths.arm.wait(flux_paths.put("fluxConfigurations", "merge", git_config()))
    patch = {"properties": {"kustomizations": {"apps": None, "infra": {"path": "./infra-v2"},
                                               "extra": {"path": "./extra"}},
                            "gitRepository": {"repositoryRef": {"branch": "release"}}}}
    resp = flux_paths.patch("fluxConfigurations", "merge", patch)
    assert resp.status_code == 202
    flux_paths.arm.wait(resp)
    props = flux_paths.get("fluxConfigurations", "merge").json()["properties"]
    assert set(props["kustomizations"]) == {"infra", "extra"}
    assert props["kustomizations"]["infra"]["path"] == "./infra-v2"
    assert props["kustomizations"]["infra"]["prune"] is True  # untouched member kept
    assert props["gitRepository"]["repositoryRef"]["branch"] == "release"
    assert props["gitRepository"]["url"].startswith("https://")  # untouched sibling kept


def test_patch_can_switch_source_kind_when_old_block_is_nulled(flux_paths):
    flux_paths.arm.wait(flux_paths.put("fluxConfigurations", "switch", git_config()))
    bad = flux_paths.patch("fluxConfigurations", "switch", {"properties": {
        "sourceKind": "Bucket", "bucket": {"url": "https://s3.example", "bucketName": "b"}}})
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "SourceKindMismatch"
    good = flux_paths.patch("fluxConfigurations", "switch", {"properties": {
        "sourceKind": "Bucket", "bucket": {"url": "https://s3.example", "bucketName": "b"}, "gitRepository": None}})
    assert good.status_code == 202
    flux_paths.arm.wait(good)
    props = flux_paths.get("fluxConfigurations", "switch").json()["properties"]
    assert props["sourceKind"] == "Bucket" and props.get("gitRepository") is None
    time.sleep(flux_paths.arm.emulator.operation_seconds + 0.1)
    props = flux_paths.get("fluxConfigurations", "switch").json()["properties"]
    assert props["statuses"][0]["kind"] == "Bucket"


def test_names_are_case_insensitive_and_keep_creation_case(flux_paths):
    flux_paths.arm.wait(flux_paths.put("fluxConfigurations", "MyConfig", git_config()))
    shown = flux_paths.get("fluxConfigurations", "myconfig")
    assert shown.status_code == 200
    assert shown.json()["name"] == "MyConfig" and shown.json()["id"].endswith("/fluxConfigurations/MyConfig")
    upper = flux_paths.arm.get(flux_paths.rp("fluxConfigurations", "MYCONFIG").upper().replace(
        "/SUBSCRIPTIONS/", "/subscriptions/"), "2025-04-01")
    assert upper.status_code == 200


def test_simulated_status_pending_then_compliant(flux_paths, emulator):
    emulator.set_operation_seconds(1.5)  # long enough for the Pending read even on a busy machine
    try:
        resp = flux_paths.put("fluxConfigurations", "status", git_config())
        assert resp.json()["properties"]["complianceState"] == "Unknown"
        flux_paths.arm.wait(resp)
        props = flux_paths.get("fluxConfigurations", "status").json()["properties"]
        assert props["complianceState"] == "Pending"
        assert {s["complianceState"] for s in props["statuses"]} == {"Pending"}
        time.sleep(1.6)
        props = flux_paths.get("fluxConfigurations", "status").json()["properties"]
    finally:
        emulator.set_operation_seconds(emulator.operation_seconds)
    assert props["complianceState"] == "Compliant"
    by_name = {s["name"]: s for s in props["statuses"]}
    assert set(by_name) == {"status", "status-infra", "status-apps"}
    source = by_name["status"]
    assert source["kind"] == "GitRepository" and source["namespace"] == "cluster-config"
    fetched = source["statusConditions"][0]["message"]
    assert fetched.startswith("Fetched revision: main/")
    sha = fetched.rsplit("/", 1)[1]
    assert len(sha) == 40 and int(sha, 16) >= 0
    assert props["sourceSyncedCommitId"] == "main@sha1:" + sha
    kust = by_name["status-apps"]
    assert kust["kind"] == "Kustomization"
    assert kust["appliedBy"] == {"name": "status", "namespace": "cluster-config"}
    cond = kust["statusConditions"][0]
    assert (cond["type"], cond["status"], cond["reason"]) == ("Ready", "True", "ReconciliationSucceeded")
    assert cond["message"] == "Applied revision: main/" + sha
    assert props["sourceUpdatedAt"] and props["statusUpdatedAt"]


def test_revision_sha_is_deterministic_per_url_and_ref(flux_paths, emulator):
    for name in ("sha-a", "sha-b"):
        flux_paths.arm.wait(flux_paths.put("fluxConfigurations", name, git_config()))
    flux_paths.arm.wait(flux_paths.put("fluxConfigurations", "sha-c", git_config(branch="dev")))
    time.sleep(emulator.operation_seconds + 0.1)
    commit = {n: flux_paths.get("fluxConfigurations", n).json()["properties"]["sourceSyncedCommitId"]
              for n in ("sha-a", "sha-b", "sha-c")}
    assert commit["sha-a"] == commit["sha-b"] != commit["sha-c"]
    assert commit["sha-c"].startswith("dev@sha1:")


def test_missing_dependency_is_non_compliant(flux_paths, emulator):
    body = git_config()
    body["properties"]["kustomizations"]["apps"]["dependsOn"] = ["missing"]
    flux_paths.arm.wait(flux_paths.put("fluxConfigurations", "deps", body))
    time.sleep(emulator.operation_seconds + 0.1)
    props = flux_paths.get("fluxConfigurations", "deps").json()["properties"]
    assert props["complianceState"] == "Non-Compliant"
    by_name = {s["name"]: s for s in props["statuses"]}
    assert by_name["deps-infra"]["complianceState"] == "Compliant"
    apps = by_name["deps-apps"]
    assert apps["complianceState"] == "Non-Compliant"
    assert apps["statusConditions"][0]["reason"] == "DependencyNotReady"
    assert apps["statusConditions"][0]["status"] == "False"


def test_suspended_configuration_reports_suspended(flux_paths, emulator):
    flux_paths.arm.wait(flux_paths.put("fluxConfigurations", "susp", git_config(suspend=True)))
    time.sleep(emulator.operation_seconds + 0.1)
    assert flux_paths.get("fluxConfigurations", "susp").json()["properties"]["complianceState"] == "Suspended"


@pytest.mark.parametrize("url,expect_key", [("ssh://git@github.com/org/repo", True),
                                            ("git@github.com:org/repo.git", True),
                                            ("https://github.com/org/repo", False)])
def test_repository_public_key_for_ssh_without_private_key(flux_paths, url, expect_key):
    name = "key-{}".format(abs(hash(url)) % 10000)
    resp = flux_paths.put("fluxConfigurations", name, git_config(url=url))
    flux_paths.arm.wait(resp)
    key = flux_paths.get("fluxConfigurations", name).json()["properties"].get("repositoryPublicKey")
    if expect_key:
        assert base64.b64decode(key).startswith(b"ssh-ed25519 AAAA")
    else:
        assert not key


def test_ssh_private_key_given_means_no_generated_key(flux_paths):
    body = git_config(url="ssh://git@github.com/org/repo",
                      configurationProtectedSettings={"sshPrivateKey": base64.b64encode(b"k").decode()})
    flux_paths.arm.wait(flux_paths.put("fluxConfigurations", "own-key", body))
    assert not flux_paths.get("fluxConfigurations", "own-key").json()["properties"].get("repositoryPublicKey")


def test_list_is_paged(flux_paths, emulator):
    for i in range(3):
        flux_paths.arm.wait(flux_paths.put("fluxConfigurations", "page{}".format(i), git_config()))
    emulator.set_page_size(2)
    try:
        first = flux_paths.get("fluxConfigurations").json()
        assert len(first["value"]) == 2 and first["nextLink"]
        second = flux_paths.arm.get(first["nextLink"]).json()
        assert [c["name"] for c in second["value"]] == ["page2"] and "nextLink" not in second
    finally:
        emulator.set_page_size(100)


def test_other_source_kinds_get_matching_status_kind(flux_paths, emulator):
    oci = {"properties": {"sourceKind": "OCIRepository", "namespace": "ns1",
                          "ociRepository": {"url": "oci://ghcr.io/org/manifests", "repositoryRef": {"tag": "v1"}},
                          "kustomizations": {"k": {"path": "./"}}}}
    flux_paths.arm.wait(flux_paths.put("fluxConfigurations", "oci", oci))
    time.sleep(emulator.operation_seconds + 0.1)
    props = flux_paths.get("fluxConfigurations", "oci").json()["properties"]
    assert props["statuses"][0]["kind"] == "OCIRepository"
    assert props["statuses"][1]["name"] == "oci-k"


def test_password_format_members_are_write_only(flux_paths):
    body = {"properties": {"sourceKind": "AzureBlob", "azureBlob": {
        "url": "https://acct.blob.core.windows.net", "containerName": "c", "accountKey": "S3CR3T-KEY",
        "servicePrincipal": {"clientId": "id", "tenantId": "t", "clientSecret": "S3CR3T-SP"}}}}
    resp = flux_paths.put("fluxConfigurations", "blob", body)
    assert resp.status_code == 201
    flux_paths.arm.wait(resp)
    for answer in (resp, flux_paths.get("fluxConfigurations", "blob"), flux_paths.get("fluxConfigurations")):
        assert "S3CR3T" not in answer.text
    blob = flux_paths.get("fluxConfigurations", "blob").json()["properties"]["azureBlob"]
    assert blob["accountKey"] is None and blob["servicePrincipal"]["clientSecret"] is None
    assert blob["servicePrincipal"]["clientId"] == "id" and blob["containerName"] == "c"


def _spec_problems(resp, operation_id):
    """The answer's body against the spec's response schema for that operation and status."""
    from tests.harness import spec
    if not spec.available():
        return []
    op = next(o for _, _, o, _ in spec.operations("fluxConfigurations") if o["operationId"] == operation_id)
    validator = spec.response_validator("fluxConfigurations", op, resp.status_code)
    return spec.errors(validator, resp.json()) if validator is not None else []


# -- issue 8: what Microsoft's own extension sends and expects --------------------------------------------
BUCKET = {"url": "https://s3.example", "bucketName": "b"}


def test_patch_switching_kind_may_send_the_other_kinds_blocks_as_empty_objects(flux_paths):
    """Microsoft's extension switches git -> bucket sending every other kind's block as {}: accepted, and those
    blocks count as absent (dropped from the resource), the old git block included."""
    flux_paths.arm.wait(flux_paths.put("fluxConfigurations", "cross", git_config()))
    resp = flux_paths.patch("fluxConfigurations", "cross", {"properties": {
        "sourceKind": "Bucket", "bucket": BUCKET, "gitRepository": {}, "azureBlob": {}, "ociRepository": {}}})
    assert resp.status_code == 202, resp.text
    assert _spec_problems(resp, "FluxConfigurations_Update") == []
    assert flux_paths.arm.wait(resp)["status"] == "Succeeded"
    shown = flux_paths.get("fluxConfigurations", "cross")
    assert _spec_problems(shown, "FluxConfigurations_Get") == []
    props = shown.json()["properties"]
    assert props["sourceKind"] == "Bucket" and props["bucket"]["bucketName"] == "b"
    assert all(props.get(b) is None for b in ("gitRepository", "azureBlob", "ociRepository")), props
    assert set(props["kustomizations"]) == {"infra", "apps"}  # untouched


def test_empty_object_counts_as_absent_only_for_source_blocks_of_another_kind(flux_paths):
    flux_paths.arm.wait(flux_paths.put("fluxConfigurations", "empties", git_config()))
    resp = flux_paths.patch("fluxConfigurations", "empties", {"properties": {
        "gitRepository": {}, "kustomizations": {}, "bucket": {}}})
    assert resp.status_code == 202, resp.text
    flux_paths.arm.wait(resp)
    props = flux_paths.get("fluxConfigurations", "empties").json()["properties"]
    # {} on the kind in use and on other members is an ordinary merge patch: nothing changes
    assert props["gitRepository"]["url"].startswith("https://") and set(props["kustomizations"]) == {"infra", "apps"}
    assert props.get("bucket") is None


def test_source_kind_mismatch_names_only_blocks_sent_or_set(flux_paths):
    flux_paths.arm.wait(flux_paths.put("fluxConfigurations", "names", git_config()))
    resp = flux_paths.patch("fluxConfigurations", "names", {"properties": {
        "sourceKind": "Bucket", "bucket": BUCKET, "azureBlob": {"url": "https://acct.blob.core.windows.net"},
        "ociRepository": {}}})
    assert resp.status_code == 400
    error = resp.json()["error"]
    assert error["code"] == "SourceKindMismatch"
    # the git block is still set (not sent as {} or null), the azureBlob block was sent non-empty;
    # ociRepository was never set and came as {}: not named
    assert {d["target"] for d in error["details"]} == {"properties.gitRepository", "properties.azureBlob"}
    assert "ociRepository" not in error["message"]
    props = flux_paths.get("fluxConfigurations", "names").json()["properties"]
    assert props["sourceKind"] == "GitRepository" and props.get("bucket") is None  # refused: nothing stored


def test_create_may_send_other_kinds_blocks_as_empty_objects(flux_paths):
    resp = flux_paths.put("fluxConfigurations", "create-empties", git_config(bucket={}, ociRepository={}))
    assert resp.status_code == 201, resp.text
    props = resp.json()["properties"]
    assert props.get("bucket") is None and props.get("ociRepository") is None


def test_flux_configuration_written_while_the_extension_installs_waits_for_it(paths, emulator):
    """`flux create --no-wait` right after the extension PUT: accepted; reconciled once the extension is ready."""
    emulator.set_operation_seconds(1.5)
    try:
        ext = paths.put("extensions", "flux", {"properties": {"extensionType": "microsoft.flux"}})
        emulator.set_operation_seconds(0.1)
        resp = paths.put("fluxConfigurations", "early", git_config())
        assert resp.status_code == 201, resp.text
        assert resp.json()["properties"]["provisioningState"] == "Creating"
        time.sleep(0.5)  # its own operation time has passed; the extension is still installing
        assert paths.arm.get(resp.headers["Azure-AsyncOperation"]).json()["status"] == "InProgress"
        assert paths.get("fluxConfigurations", "early").json()["properties"]["provisioningState"] == "Creating"
        ext_doc = paths.arm.wait(ext)
        doc = paths.arm.wait(resp)
    finally:
        emulator.set_operation_seconds(emulator.operation_seconds)
    assert ext_doc["status"] == "Succeeded" and doc["status"] == "Succeeded"
    assert doc["endTime"] >= ext_doc["endTime"]
    props = paths.get("fluxConfigurations", "early").json()["properties"]
    assert props["provisioningState"] == "Succeeded" and props["errorMessage"] is None


def test_flux_configuration_fails_when_the_extension_install_it_waited_for_fails(paths, emulator):
    emulator.fail_next_extension_install("microsoft.flux", code="HelmInstallFailed", message="timed out")
    emulator.set_operation_seconds(0.8)
    try:
        ext = paths.put("extensions", "fluxext", {"properties": {"extensionType": "microsoft.flux"}})
        resp = paths.put("fluxConfigurations", "doomed", git_config())
        assert resp.status_code == 201, resp.text
        assert paths.arm.wait(ext)["status"] == "Failed"
        doc = paths.arm.wait(resp)
    finally:
        emulator.set_operation_seconds(emulator.operation_seconds)
    assert doc["status"] == "Failed"
    props = paths.get("fluxConfigurations", "doomed").json()["properties"]
    assert props["provisioningState"] == "Failed"
    assert "'microsoft.flux' extension 'fluxext'" in props["errorMessage"] and "timed out" in props["errorMessage"]
    assert doc["error"]["message"] == props["errorMessage"]
    again = paths.put("fluxConfigurations", "doomed", git_config())  # the extension is Failed now: refused
    assert again.status_code == 400 and again.json()["error"]["code"] == "FluxExtensionNotReady"


def test_a_failed_update_of_an_installed_extension_does_not_fail_the_configuration(flux_paths, emulator):
    """The installed microsoft.flux keeps running when an update of it fails: a configuration waits, then applies."""
    emulator.fail_next_extension_install("microsoft.flux")
    emulator.set_operation_seconds(0.8)
    try:
        ext = flux_paths.patch("extensions", "flux", {"properties": {"configurationSettings": {"a": "b"}}})
        resp = flux_paths.put("fluxConfigurations", "survivor", git_config())
        assert resp.status_code == 201, resp.text
        assert flux_paths.arm.wait(ext)["status"] == "Failed"
        assert flux_paths.arm.wait(resp)["status"] == "Succeeded"
    finally:
        emulator.set_operation_seconds(emulator.operation_seconds)


OCI_SECRETS = {"caCertificate": "Q0EtQ0VSVA==", "clientCertificate": "Q0xJRU5ULUNFUlQ=",
               "privateKey": "UFJJVkFURS1LRVk="}
VERIFY_KEY = "LS0tLS1CRUdJTiBQVUJMSUMgS0VZLS0tLS0="


def test_oci_tls_material_and_verification_keys_come_back_redacted(flux_paths, emulator):
    """The service echoes these write-only values as "<redacted>" (Microsoft's integration tests wait for exactly
    that); what it stored is what was sent."""
    import json
    import os
    import sqlite3
    body = {"properties": {"sourceKind": "OCIRepository", "namespace": "oci-ns", "ociRepository": {
        "url": "oci://ghcr.io/org/manifests", "repositoryRef": {"tag": "v1"}, "tlsConfig": dict(OCI_SECRETS),
        "verify": {"provider": "cosign", "verificationConfig": {"cosign.pub": VERIFY_KEY},
                   "matchOidcIdentity": [{"issuer": "https://token.example", "subject": "repo:org/x"}]}},
        "kustomizations": {"k": {"path": "./"}}}}
    created = flux_paths.put("fluxConfigurations", "oci-tls", body)
    assert created.status_code == 201, created.text
    flux_paths.arm.wait(created)
    patched = flux_paths.patch("fluxConfigurations", "oci-tls", {"properties": {"suspend": True}})
    flux_paths.arm.wait(patched)
    answers = [(created, "FluxConfigurations_CreateOrUpdate"), (patched, "FluxConfigurations_Update"),
               (flux_paths.get("fluxConfigurations", "oci-tls"), "FluxConfigurations_Get"),
               (flux_paths.get("fluxConfigurations"), "FluxConfigurations_List")]
    for resp, operation_id in answers:
        assert _spec_problems(resp, operation_id) == []
        assert not any(v in resp.text for v in list(OCI_SECRETS.values()) + [VERIFY_KEY])
        props = resp.json()["value"][0]["properties"] if "value" in resp.json() else resp.json()["properties"]
        oci = props["ociRepository"]
        assert oci["tlsConfig"] == {k: "<redacted>" for k in OCI_SECRETS}
        assert oci["verify"]["verificationConfig"] == {"cosign.pub": "<redacted>"}
        assert oci["verify"]["provider"] == "cosign" and oci["verify"]["matchOidcIdentity"][0]["subject"]
    with sqlite3.connect(os.path.join(emulator.data_dir, "state.db")) as db:
        stored = db.execute("SELECT body FROM resources WHERE id_lc LIKE ?", ("%/fluxconfigurations/oci-tls",))
        stored = json.loads(stored.fetchone()[0])["properties"]["ociRepository"]
    assert stored["tlsConfig"] == OCI_SECRETS and stored["verify"]["verificationConfig"] == {"cosign.pub": VERIFY_KEY}


COMMIT = "363a6a8fe6a7f13e05d34c163b0ef02a777da20a"


def test_a_bare_commit_is_accepted_and_reported_as_the_revision(flux_paths, emulator):
    """The tutorial's `--commit` alone: Flux checks out the commit itself, with no branch."""
    body = git_config()
    body["properties"]["gitRepository"]["repositoryRef"] = {"commit": COMMIT}
    resp = flux_paths.put("fluxConfigurations", "bare", body)
    assert resp.status_code == 201, resp.text
    assert flux_paths.arm.wait(resp)["status"] == "Succeeded"
    time.sleep(emulator.operation_seconds + 0.1)
    shown = flux_paths.get("fluxConfigurations", "bare")
    assert _spec_problems(shown, "FluxConfigurations_Get") == []
    props = shown.json()["properties"]
    assert props["gitRepository"]["repositoryRef"] == {"branch": None, "tag": None, "semver": None, "commit": COMMIT}
    assert props["complianceState"] == "Compliant"
    assert props["sourceSyncedCommitId"] == "sha1:" + COMMIT
    by_name = {s["name"]: s for s in props["statuses"]}
    assert by_name["bare"]["statusConditions"][0]["message"] == "Fetched revision: HEAD/" + COMMIT
    assert by_name["bare-apps"]["statusConditions"][0]["message"] == "Applied revision: HEAD/" + COMMIT


def test_branch_and_commit_report_the_commit_on_the_branch(flux_paths, emulator):
    body = git_config(branch="main")
    body["properties"]["gitRepository"]["repositoryRef"]["commit"] = COMMIT
    flux_paths.arm.wait(flux_paths.put("fluxConfigurations", "pinned", body))
    time.sleep(emulator.operation_seconds + 0.1)
    props = flux_paths.get("fluxConfigurations", "pinned").json()["properties"]
    assert props["sourceSyncedCommitId"] == "main@sha1:" + COMMIT
    assert props["statuses"][0]["statusConditions"][0]["message"] == "Fetched revision: main/" + COMMIT
