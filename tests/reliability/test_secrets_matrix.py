"""Secrets matrix: every way to hand the CLI a secret × {normal, --debug, service error, invalid input}:
--ssh-private-key(-file), --https-key, --bucket-secret-key, --account-key, --sas-token, --sp-client-secret,
--tls-private-key, and k8s-extension's --configuration-protected-settings(-file).

The secret — raw, base64, or (for keys) any line of the PEM body — must never appear in stdout or stderr.
One exception, outside any extension's reach: under --debug az core echoes its own argv
("cli.knack.cli: Command arguments: [...]") before the extension is loaded, so an inline secret shows there.
The -file variants put only a path on the command line, so for them there is no exception at all.
"""
import base64
import json

import keygen
import pytest
from reliability_helpers import REPO, calls

SSH_URL = "ssh://git@github.com/fluxcd/flux2-kustomize-helm-example.git"
K = "-k name=apps path=./apps prune=true"
ARGV_ECHO = "Command arguments:"
REFUSED = {"error": {"code": "InvalidRequestContent", "message": "The request content was refused (test)."}}


def b64(data):
    return base64.b64encode(data if isinstance(data, bytes) else data.encode()).decode()


@pytest.fixture(scope="module")
def ssh_pem():
    return keygen.private_key_variants()["good"]["rsa-pkcs8"].decode()


def secret_forms(secret):
    """Every form the secret could leak in: itself, its base64, and each long line of a PEM body."""
    forms = {secret, b64(secret)}
    forms |= {line for line in secret.splitlines() if len(line) >= 40 and not line.startswith("-----")}
    return forms


def visible(result, inline):
    text = result.stdout + "\n" + result.stderr
    if inline:
        text = "\n".join(line for line in text.splitlines() if ARGV_ECHO not in line)
    return text


def assert_never_shown(result, secret, inline):
    text = visible(result, inline)
    leaked = [form[:24] + "..." for form in secret_forms(secret) if form in text]
    assert not leaked, "secret shown ({}):\n{}".format(", ".join(leaked), text[-3000:])


# variant -> (secret factory, argument builder, inline?, the "invalid input" extra that makes it fail locally)
def _ssh_inline(secret, _tmp):
    return f"-u {SSH_URL} --branch main --ssh-private-key {b64(secret)}"


def _ssh_file(secret, tmp):
    path = tmp / "id_rsa"
    path.write_text(secret)
    return f"-u {SSH_URL} --branch main --ssh-private-key-file {path}"


def _https_key(secret, _tmp):
    return f"-u {REPO} --branch main --https-user git --https-key {secret}"


def _protected_inline(secret, _tmp):
    return f"--config-protected token={secret}"


def _protected_file(secret, tmp):
    path = tmp / "protected.json"
    path.write_text(json.dumps({"token": secret}))
    return f"--config-protected-file {path}"


def _bucket_secret_key(secret, _tmp):
    return (f"--kind bucket -u https://s3.example.com --bucket-name manifests --bucket-access-key AKIAEXAMPLE "
            f"--bucket-secret-key {secret}")


BLOB = "--kind azblob -u https://account.blob.core.windows.net --container-name manifests"


def _account_key(secret, _tmp):
    return f"{BLOB} --account-key {secret}"


def _sas_token(secret, _tmp):
    return f"{BLOB} --sas-token sv=2022-11-02&sig={secret}"


def _sp_client_secret(secret, _tmp):
    return (f"{BLOB} --sp-client-id 11111111-1111-1111-1111-111111111111 "
            f"--sp-tenant-id 22222222-2222-2222-2222-222222222222 --sp-client-secret {secret}")


def _tls_private_key(secret, _tmp):
    root, _ = keygen.certificate_chain()
    return (f"--kind oci -u oci://ghcr.io/org/manifests --tag v1.0.0 --tls-client-certificate {b64(root)} "
            f"--tls-private-key {b64(secret)}")


VARIANTS = {
    # name: (kind, builder, inline, invalid-input extra)
    "ssh-private-key": ("flux", _ssh_inline, True, "--https-user git"),  # https user on an ssh URL
    "ssh-private-key-file": ("flux", _ssh_file, False, "--known-hosts bm90LWtub3duLWhvc3Rz"),  # bad known_hosts
    "https-key": ("flux", _https_key, True, "--local-auth-ref my-secret"),  # exclusive with inline credentials
    "bucket-secret-key": ("flux", _bucket_secret_key, True, "--local-auth-ref my-secret"),
    "account-key": ("flux", _account_key, True, "--sas-token c2FzLXRva2Vu"),  # one way to authenticate only
    "sas-token": ("flux", _sas_token, True, "--account-key YWNjb3VudC1rZXk="),
    "sp-client-secret": ("flux", _sp_client_secret, True, "--account-key YWNjb3VudC1rZXk="),
    "tls-private-key": ("flux", _tls_private_key, True, "--kind git"),  # options of another kind: refused
    "config-protected": ("extension", _protected_inline, True, "--version 1.0.0 --auto-upgrade true"),
    "config-protected-file": ("extension", _protected_file, False, "--config-protected other=x"),
}
MODES = ["normal", "debug", "service-error", "invalid-input"]


def secret_for(variant, ssh_pem):
    if variant.startswith("ssh") or variant == "tls-private-key":
        return ssh_pem
    if variant == "account-key":
        return b64("storage-account-key-0123456789")
    if variant == "https-key":
        return "ghp_" + "Tok3nValue" * 4
    return "pr0tected-Setting-Value-" + variant


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_secret_never_shown(az, emulator, make_cluster, tmp_path, ssh_pem, variant, mode):
    kind, build, inline, invalid = VARIANTS[variant]
    secret = secret_for(variant, ssh_pem)
    cluster = make_cluster()
    args = build(secret, tmp_path)
    if kind == "flux":
        command = f"k8s-configuration flux create {cluster.args} -n sec-{mode} {args} {K}"
        target = r"/fluxConfigurations/sec-"
    else:
        command = f"k8s-extension create {cluster.args} -n flux --extension-type microsoft.flux {args}"
        target = r"/extensions/flux$"
    if mode in ("debug", "service-error"):
        command += " --debug"  # the error path is checked with --debug too: the most verbose it gets
    if mode == "invalid-input":
        command += " " + invalid
    if mode == "service-error":
        emulator.add_faults({"method": "PUT", "path": target, "status": 400, "count": 0, "body": REFUSED})

    result = az(command, check=False)

    if mode in ("normal", "debug"):
        assert result.exit_code == 0, result.stderr
        assert len(calls(result, "PUT", target)) == 1
    elif mode == "service-error":
        assert result.exit_code != 0 and "(InvalidRequestContent)" in result.stderr
    else:
        assert result.exit_code != 0 and "ERROR:" in result.stderr
        assert calls(result, "PUT", target) == []  # refused before anything was sent
    if mode in ("debug", "service-error"):
        assert "<redacted>" in result.stderr  # the request body was logged, with the secret masked
    assert_never_shown(result, secret, inline)
