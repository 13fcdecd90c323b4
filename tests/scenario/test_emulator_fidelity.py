"""The emulator answers what Microsoft's own extension sends as the service does (issue 8 item 8), driven by the
real az: `az rest` sends the exact bodies that tool sends, our extension reads the result back."""
import json
import time

from flux_helpers import tutorial_create

FLUX_API = "api-version=2025-04-01"
INSTALL_SECONDS = 5  # long enough that the next az command still finds microsoft.flux installing


def _config_url(cluster, name):
    return f"{cluster.id}/providers/Microsoft.KubernetesConfiguration/fluxConfigurations/{name}?{FLUX_API}"


def _rest(az, method, url, body=None):
    args = ["rest", "--method", method, "--url", url]
    if body is not None:
        args += ["--body", json.dumps(body)]
    return az(args, check=False)


def _settled(az, cluster, name, timeout=30):
    """The configuration once its operation has ended (read through our extension)."""
    deadline = time.time() + timeout
    while True:
        shown = az(f"k8s-configuration flux show {cluster.args} -n {name}").json
        if shown["provisioningState"] not in ("Creating", "Updating", "Deleting") or time.time() > deadline:
            return shown
        time.sleep(0.2)


def test_kind_switch_with_the_old_blocks_sent_as_empty_objects(az, cluster):
    """Microsoft's cross-kind update sends the other kinds' blocks as {}: the service accepts it."""
    az(tutorial_create(cluster, name="cross"), check=True)
    body = {"properties": {"sourceKind": "Bucket", "bucket": {"url": "https://s3.example", "bucketName": "b"},
                           "gitRepository": {}, "azureBlob": {}, "ociRepository": {}}}
    result = _rest(az, "patch", _config_url(cluster, "cross"), body)
    assert result.exit_code == 0, result.stderr
    shown = _settled(az, cluster, "cross")
    assert shown["provisioningState"] == "Succeeded" and shown["sourceKind"] == "Bucket"
    assert shown["bucket"]["bucketName"] == "b"
    assert not shown.get("gitRepository") and not shown.get("azureBlob") and not shown.get("ociRepository")


def test_a_non_empty_block_of_another_kind_is_still_refused_naming_only_it(az, cluster):
    az(tutorial_create(cluster, name="mismatch"), check=True)
    body = {"properties": {"sourceKind": "Bucket", "bucket": {"url": "https://s3.example", "bucketName": "b"},
                           "gitRepository": {}, "azureBlob": {"url": "https://a.blob.core.windows.net"},
                           "ociRepository": {}}}
    result = _rest(az, "patch", _config_url(cluster, "mismatch"), body)
    assert result.exit_code != 0
    assert "SourceKindMismatch" in result.stderr and "azureBlob" in result.stderr
    assert "ociRepository" not in result.stderr and "gitRepository" not in result.stderr


def _extension_state(arm, cluster):
    return arm.get(cluster.id + "/providers/Microsoft.KubernetesConfiguration/extensions/flux",
                   "2025-03-01").json()["properties"]["provisioningState"]


def test_flux_configuration_put_while_microsoft_flux_installs(az, arm, cluster, emulator):
    """`k8s-extension create --no-wait`, then the configuration PUT at once: accepted; reconciled once the
    extension is ready."""
    emulator.set_operation_seconds(INSTALL_SECONDS)
    try:
        az(f"k8s-extension create {cluster.args} -n flux --extension-type microsoft.flux --no-wait", check=True)
        body = {"properties": {"scope": "cluster", "namespace": "early", "sourceKind": "GitRepository",
                               "gitRepository": {"url": "https://github.com/org/repo",
                                                 "repositoryRef": {"branch": "main"}},
                               "kustomizations": {"infra": {"path": "./infrastructure"}}}}
        result = _rest(az, "put", _config_url(cluster, "early"), body)
        assert result.exit_code == 0, result.stderr
        assert result.json["properties"]["provisioningState"] == "Creating"
        assert _extension_state(arm, cluster) == "Creating"  # the case under test: it was still installing
        shown = _settled(az, cluster, "early")
    finally:
        emulator.set_operation_seconds(emulator.operation_seconds)
    assert shown["provisioningState"] == "Succeeded", shown
    extension = az(f"k8s-extension show {cluster.args} -n flux").json
    assert extension["provisioningState"] == "Succeeded"


def test_flux_configuration_fails_naming_the_extension_when_its_install_fails(az, arm, cluster, emulator):
    emulator.fail_next_extension_install("microsoft.flux", code="HelmInstallFailed", message="helm timed out")
    emulator.set_operation_seconds(INSTALL_SECONDS)
    try:
        az(f"k8s-extension create {cluster.args} -n flux --extension-type microsoft.flux --no-wait", check=True)
        body = {"properties": {"sourceKind": "GitRepository", "gitRepository": {
            "url": "https://github.com/org/repo", "repositoryRef": {"branch": "main"}}}}
        result = _rest(az, "put", _config_url(cluster, "doomed"), body)
        assert result.exit_code == 0, result.stderr
        assert _extension_state(arm, cluster) == "Creating"
        shown = _settled(az, cluster, "doomed")
    finally:
        emulator.set_operation_seconds(emulator.operation_seconds)
    assert shown["provisioningState"] == "Failed"
    assert "'microsoft.flux' extension 'flux'" in shown["errorMessage"] and "helm timed out" in shown["errorMessage"]


def test_oci_tls_material_and_verification_keys_are_answered_redacted(az, cluster, emulator):
    az(f"k8s-extension create {cluster.args} -n flux --extension-type microsoft.flux", check=True)
    secret_values = {"caCertificate": "Q0EtQ0VSVA==", "clientCertificate": "Q0xJRU5U", "privateKey": "S0VZ"}
    body = {"properties": {"sourceKind": "OCIRepository", "ociRepository": {
        "url": "oci://ghcr.io/org/manifests", "repositoryRef": {"tag": "v1"}, "tlsConfig": secret_values,
        "verify": {"provider": "cosign", "verificationConfig": {"cosign.pub": "UFVCLUtFWQ=="}}}}}
    put = _rest(az, "put", _config_url(cluster, "oci"), body)
    assert put.exit_code == 0, put.stderr
    got = _rest(az, "get", _config_url(cluster, "oci"))
    for result in (put, got):
        oci = result.json["properties"]["ociRepository"]
        assert oci["tlsConfig"] == {k: "<redacted>" for k in secret_values}
        assert oci["verify"]["verificationConfig"] == {"cosign.pub": "<redacted>"}
        assert not any(v in result.stdout for v in list(secret_values.values()) + ["UFVCLUtFWQ=="])
