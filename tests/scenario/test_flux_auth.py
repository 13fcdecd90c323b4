"""Every authentication variant of the tutorial: what is sent, what is shown, and that secrets never leak."""
import base64

import keygen
import pytest
from flux_helpers import sent

SSH_URL = "ssh://git@github.com/fluxcd/flux2-kustomize-helm-example.git"
HTTPS_URL = "https://github.com/fluxcd/flux2-kustomize-helm-example"
K = "-k name=apps path=./apps prune=true"


def b64(data):
    return base64.b64encode(data if isinstance(data, bytes) else data.encode()).decode()


@pytest.fixture(scope="module")
def ssh_key():
    return keygen.private_key_variants()["good"]["ed25519-openssh"]


@pytest.fixture(scope="module")
def known_hosts():
    return f"github.com {keygen.public_openssh('ecdsa')}\n"


@pytest.fixture(scope="module")
def ca_pem():
    root, _ = keygen.certificate_chain()
    return root


def created_body(result, name):
    puts = sent(result.requests, "PUT", f"/fluxConfigurations/{name}")
    assert len(puts) == 1, result.stderr
    return puts[0]["body"]["properties"]


def assert_secret_absent(result, *secrets):
    """The secret, raw or base64, appears nowhere but in az core's own argv echo under --debug
    ("Command arguments: [...]", printed before any extension code runs)."""
    text = "\n".join(line for line in (result.stdout + "\n" + result.stderr).splitlines()
                     if "cli.knack.cli: Command arguments:" not in line)
    for secret in secrets:
        for form in {secret, b64(secret)}:
            assert form not in text


def test_ssh_with_a_flux_generated_key_shows_the_public_key(az, cluster):
    result = az(f"k8s-configuration flux create {cluster.args} -n ssh-gen -u {SSH_URL} --branch main {K}", check=False)
    assert result.exit_code == 0, result.stderr
    assert result.json["repositoryPublicKey"]
    body = created_body(result, "ssh-gen")
    assert "configurationProtectedSettings" not in body


@pytest.mark.parametrize("debug", ["", "--debug"])
def test_ssh_with_an_inline_key_and_known_hosts(az, cluster, ssh_key, known_hosts, debug):
    result = az(f"k8s-configuration flux create {cluster.args} -n ssh-inline -u {SSH_URL} --branch main {K} "
                f"--ssh-private-key {b64(ssh_key)} --known-hosts {b64(known_hosts)} {debug}", check=False)
    assert result.exit_code == 0, result.stderr
    body = created_body(result, "ssh-inline")
    assert body["gitRepository"]["sshKnownHosts"] == b64(known_hosts)
    assert body["configurationProtectedSettings"]["sshPrivateKey"] == "<redacted>"  # the emulator's log redacts
    assert_secret_absent(result, ssh_key.decode())
    assert not result.json.get("configurationProtectedSettings")


def test_ssh_with_key_and_known_hosts_files(az, cluster, tmp_path, ssh_key, known_hosts):
    key_file = tmp_path / "id_ed25519"
    key_file.write_bytes(ssh_key.rstrip(b"\n"))  # no trailing newline: the CLI adds it
    hosts_file = tmp_path / "known_hosts"
    hosts_file.write_text(known_hosts)
    result = az(f"k8s-configuration flux create {cluster.args} -n ssh-files -u {SSH_URL} --branch main {K} "
                f"--ssh-private-key-file {key_file} --known-hosts-file {hosts_file} --debug", check=False)
    assert result.exit_code == 0, result.stderr
    body = created_body(result, "ssh-files")
    assert body["gitRepository"]["sshKnownHosts"] == b64(known_hosts)
    assert "sshPrivateKey" in body["configurationProtectedSettings"]
    # The key never went through argv here, so it must be absent everywhere, even from az's argv echo.
    for form in (ssh_key.decode(), b64(ssh_key), b64(ssh_key.rstrip(b"\n"))):
        assert form not in result.stdout + result.stderr


@pytest.mark.parametrize("debug", ["", "--debug"])
def test_https_user_and_key(az, cluster, debug):
    token = "ghp_s3cretPersonalAccessToken0123456789"
    result = az(f"k8s-configuration flux create {cluster.args} -n https-auth -u {HTTPS_URL} --branch main {K} "
                f"--https-user flux-bot --https-key {token} {debug}", check=False)
    assert result.exit_code == 0, result.stderr
    body = created_body(result, "https-auth")
    assert body["gitRepository"]["httpsUser"] == "flux-bot"
    assert "httpsKey" in body["configurationProtectedSettings"]
    assert "https url is being used without https auth params" not in result.stderr
    assert_secret_absent(result, token)


def test_https_key_from_a_file_with_at_syntax_is_absent_even_from_debug_output(az, cluster, tmp_path):
    token = "ghp_fromAFileT0ken0123456789abcdefgh"
    token_file = tmp_path / "token.txt"
    token_file.write_text(token + "\n")
    result = az(f"k8s-configuration flux create {cluster.args} -n https-at -u {HTTPS_URL} --branch main {K} "
                f"--https-user flux-bot --https-key @{token_file} --debug", check=False)
    assert result.exit_code == 0, result.stderr
    assert "httpsKey" in created_body(result, "https-at")["configurationProtectedSettings"]
    for form in (token, b64(token)):
        assert form not in result.stdout + result.stderr


def test_https_ca_cert_inline_and_file(az, cluster, tmp_path, ca_pem):
    inline = az(f"k8s-configuration flux create {cluster.args} -n ca-inline -u {HTTPS_URL} --branch main {K} "
                f"--https-ca-cert {b64(ca_pem)}", check=False)
    assert inline.exit_code == 0, inline.stderr
    assert created_body(inline, "ca-inline")["gitRepository"]["httpsCACert"] == b64(ca_pem)
    cert_file = tmp_path / "ca.pem"
    cert_file.write_bytes(ca_pem)
    from_file = az(f"k8s-configuration flux create {cluster.args} -n ca-file -u {HTTPS_URL} --branch main {K} "
                   f"--https-ca-cert-file {cert_file}", check=False)
    assert from_file.exit_code == 0, from_file.stderr
    assert created_body(from_file, "ca-file")["gitRepository"]["httpsCACert"] == b64(ca_pem)


def test_local_auth_ref(az, cluster):
    result = az(f"k8s-configuration flux create {cluster.args} -n local-ref -u {SSH_URL} --branch main {K} "
                "--local-auth-ref my-git-secret", check=False)
    assert result.exit_code == 0, result.stderr
    body = created_body(result, "local-ref")
    assert body["gitRepository"]["localAuthRef"] == "my-git-secret"
    assert "configurationProtectedSettings" not in body


def test_a_refused_secret_is_not_echoed_in_the_error(az, cluster):
    token = "ghp_n0tAllowedWithSsh0123456789abcdef"
    result = az(f"k8s-configuration flux create {cluster.args} -n bad -u {SSH_URL} --branch main {K} "
                f"--https-user bot --https-key {token}", check=False)
    assert result.exit_code != 0
    assert "--https-user" in result.stderr or "--https-key" in result.stderr
    assert_secret_absent(result, token)
    assert result.requests == []
