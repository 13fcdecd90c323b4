"""--kind bucket / azblob / oci (REFERENCE.md §7) through the real az: bodies, secrets, foreign options."""
import pytest
from flux_helpers import sent

K = "-k name=apps path=./apps prune=true"


def created(result, name):
    [put] = sent(result.requests, "PUT", f"/fluxConfigurations/{name}")
    return put["body"]["properties"]


def visible(result):
    return "\n".join(line for line in (result.stdout + "\n" + result.stderr).splitlines()
                     if "cli.knack.cli: Command arguments:" not in line)


@pytest.mark.parametrize("debug", ["", "--debug"])
def test_bucket_with_keys(az, cluster, debug):
    secret = "bucketS3cretKey0123456789abcdef"
    result = az(f"k8s-configuration flux create {cluster.args} -n bucket-src --kind bucket "
                f"-u https://s3.example.com --bucket-name manifests --bucket-access-key AKIAEXAMPLE "
                f"--bucket-secret-key {secret} {K} {debug}", check=False)
    assert result.exit_code == 0, result.stderr
    body = created(result, "bucket-src")
    assert body["sourceKind"] == "Bucket"
    assert body["bucket"]["bucketName"] == "manifests" and body["bucket"]["accessKey"] == "AKIAEXAMPLE"
    assert "bucketSecretKey" in body["configurationProtectedSettings"]
    assert result.json["sourceKind"] == "Bucket"
    assert secret not in visible(result)


def test_azure_blob_with_account_key(az, cluster):
    key = "c3RvcmFnZUFjY291bnRLZXkwMTIzNDU2Nzg5"
    result = az(f"k8s-configuration flux create {cluster.args} -n blob-src --kind azblob "
                f"-u https://account.blob.core.windows.net --container-name manifests --account-key {key} {K} "
                "--debug", check=False)
    assert result.exit_code == 0, result.stderr
    body = created(result, "blob-src")
    assert body["sourceKind"] == "AzureBlob" and body["azureBlob"]["containerName"] == "manifests"
    assert body["azureBlob"]["accountKey"] == "<redacted>"  # the emulator's request log redacts it too
    assert not (result.json.get("azureBlob") or {}).get("accountKey")
    assert key not in visible(result)


def test_oci_repository(az, cluster):
    result = az(f"k8s-configuration flux create {cluster.args} -n oci-src --kind oci "
                f"-u oci://ghcr.io/org/manifests --tag v1.2.3 --use-workload-identity {K}", check=False)
    assert result.exit_code == 0, result.stderr
    body = created(result, "oci-src")
    assert body["sourceKind"] == "OCIRepository"
    assert body["ociRepository"]["repositoryRef"] == {"tag": "v1.2.3"}
    assert body["ociRepository"]["useWorkloadIdentity"] is True


def test_options_of_another_kind_are_refused_by_name(az, cluster):
    result = az(f"k8s-configuration flux create {cluster.args} -n mixed -u https://github.com/org/repo "
                f"--branch main --bucket-name x {K}", check=False)
    assert result.exit_code != 0
    assert "--bucket-name" in result.stderr and "--kind git" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.requests == []


def test_an_on_off_flag_can_be_turned_off_again(az, cluster):
    az(f"k8s-configuration flux create {cluster.args} -n flags --kind bucket -u http://minio.local:9000 "
       f"--bucket-name manifests --local-auth-ref minio-creds --bucket-insecure {K}", check=True)
    result = az(f"k8s-configuration flux update {cluster.args} -n flags --bucket-insecure false", check=False)
    assert result.exit_code == 0, result.stderr
    [patch] = [r["body"] for r in sent(result.requests, "PATCH", "/fluxConfigurations/flags")]
    assert patch == {"properties": {"bucket": {"insecure": False}}}
    assert result.json["bucket"]["insecure"] is False
