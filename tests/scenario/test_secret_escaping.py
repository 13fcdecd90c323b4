"""Secrets holding JSON-special or non-ASCII characters stay out of --debug output too (they are escaped
inside the logged request body, so matching the raw value alone is not enough)."""
import json


def test_protected_setting_with_braces_quotes_and_accents(az, cluster, tmp_path):
    secret = 'p{a"ss}wörd-λ-1234'
    settings = tmp_path / "protected.json"
    settings.write_text(json.dumps({"token": secret}), encoding="utf-8")
    result = az(f"k8s-extension create {cluster.args} -n demo --extension-type microsoft.flux "
                f"--config-protected-file {settings} --debug", check=False)
    assert result.exit_code == 0, result.stderr
    text = result.stdout + result.stderr
    for form in (secret, json.dumps(secret)[1:-1], json.dumps(secret, ensure_ascii=False)[1:-1]):
        assert form not in text
    assert "configurationProtectedSettings" in text  # the body was logged, redacted


def test_service_principal_secret_with_escapes(az, cluster):
    secret = 'pa\\ss"wörd-5678'
    result = az(["k8s-configuration", "flux", "create", *cluster.args.split(), "-n", "blob", "--kind", "azblob",
                 "-u", "https://account.blob.core.windows.net", "--container-name", "c",
                 "--sp-client-id", "00000000-0000-0000-0000-000000000001", "--sp-tenant-id",
                 "00000000-0000-0000-0000-000000000002", "--sp-client-secret", secret, "--debug",
                 "-k", "name=apps", "path=./apps"], check=False)
    assert result.exit_code == 0, result.stderr
    visible = "\n".join(line for line in (result.stdout + result.stderr).splitlines()
                        if "cli.knack.cli: Command arguments:" not in line)
    for form in (secret, json.dumps(secret)[1:-1], json.dumps(secret, ensure_ascii=False)[1:-1]):
        assert form not in visible
    assert "clientSecret" in visible  # the body was logged, redacted
