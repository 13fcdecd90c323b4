"""An @FILE az could not read (issue 8 item 4), with the real az: az keeps the text '@PATH' as typed; we refuse it
(exit 1) naming the option and the file, send nothing, and echo no secret. A file az did read may hold a value
that begins with '@'."""
import pytest
from flux_helpers import sent

from azext_k8s_configuration.flux.options import AT_FILE_OPTIONS, option_name

MISSING = "/path/that/does/not/exist"
COORDINATES = "-g no-such-rg -c no-such-cluster -t connectedClusters"  # nothing may be sent: no cluster needed


def assert_refused(result, *named):
    assert result.exit_code == 1, result.stderr
    assert "Traceback" not in result.stderr
    error = result.stderr[result.stderr.index("ERROR: "):]
    for text in named:
        assert text in error, error
    assert result.requests == [], result.requests


def _flux_argument(key):
    form = AT_FILE_OPTIONS[key][0]
    if form == "pairs":
        return f"{option_name(key)} cosign.pub=@{MISSING}"
    return f"{option_name(key)} @{MISSING}"


@pytest.mark.parametrize("key", sorted(AT_FILE_OPTIONS))
def test_flux_create_refuses_an_unread_file(az, key):
    name = "" if key == "name" else "-n cfg"
    result = az(f"k8s-configuration flux create {COORDINATES} {name} -u https://github.com/org/repo "
                f"{_flux_argument(key)}", check=False)
    assert_refused(result, option_name(key), f"'{MISSING}'", "does not exist")


@pytest.mark.parametrize("key", ["https_key", "https_user", "ssh_private_key", "known_hosts", "https_ca_cert",
                                 "bucket_secret_key", "sp_client_secret", "tls_private_key", "verification_config"])
def test_flux_update_refuses_an_unread_file(az, key):
    result = az(f"k8s-configuration flux update {COORDINATES} -n cfg {_flux_argument(key)}", check=False)
    assert_refused(result, option_name(key), f"'{MISSING}'")


def test_the_issues_command(az, cluster):
    # the issue's case: the key was sent as "@/path/..." and the command exited 0
    result = az(f"k8s-configuration flux create {cluster.args} -n cfg -u https://github.com/org/repo --branch main "
                f"--https-user git --https-key @{MISSING}", check=False)
    assert_refused(result, "--https-key", MISSING)
    assert "an @FILE that holds it" in result.stderr


def test_the_equals_form_and_the_file_twin(az):
    result = az(f"k8s-configuration flux create {COORDINATES} -n cfg -u ssh://git@github.com/org/repo "
                f"--ssh-private-key=@{MISSING}", check=False)
    assert_refused(result, "--ssh-private-key", MISSING, "--ssh-private-key-file")


def test_a_directory(az, tmp_path):
    result = az(f"k8s-configuration flux create {COORDINATES} -n cfg -u https://github.com/org/repo "
                f"--https-ca-cert @{tmp_path}", check=False)
    assert_refused(result, "--https-ca-cert", str(tmp_path), "is a directory")


def test_a_secret_that_begins_with_at_goes_through_a_file(az, cluster, tmp_path):
    token = tmp_path / "token"
    token.write_text("@t0ken-that-begins-with-at\n")
    result = az(f"k8s-configuration flux create {cluster.args} -n cfg -u https://github.com/org/repo --branch main "
                f"--https-user git --https-key @{token}", check=False)
    assert result.exit_code == 0, result.stderr
    [put] = sent(result.requests, "PUT", "/fluxConfigurations/cfg")  # the log redacts it; unit tests check bytes
    assert "httpsKey" in put["body"]["properties"]["configurationProtectedSettings"]
    assert "t0ken-that-begins-with-at" not in result.stdout + result.stderr


def test_standard_input_may_hold_a_value_that_begins_with_at(az, cluster):
    result = az(f"k8s-configuration flux create {cluster.args} -n cfg -u https://github.com/org/repo --branch main "
                "--https-user git --https-key @-", input="@stdin-t0ken\n", check=False)
    assert result.exit_code == 0, result.stderr
    [put] = sent(result.requests, "PUT", "/fluxConfigurations/cfg")
    assert "httpsKey" in put["body"]["properties"]["configurationProtectedSettings"]


# ----------------------------------------------------------------------- k8s-extension

EXTENSION = [
    ("--extension-type", f"@{MISSING}"),
    ("--release-namespace", f"@{MISSING}"),
    ("--scope namespace --target-namespace", f"@{MISSING}"),
    ("--auto-upgrade false --version", f"@{MISSING}"),
    ("--release-train", f"@{MISSING}"),
    ("--config", f"@{MISSING}"),
    ("--config-protected", f"password=@{MISSING}"),
]


@pytest.mark.parametrize("option, value", EXTENSION, ids=[e[0].split()[-1] for e in EXTENSION])
def test_extension_create_refuses_an_unread_file(az, option, value):
    extension_type = "" if option == "--extension-type" else "--extension-type microsoft.flux"
    result = az(f"k8s-extension create {COORDINATES} -n flux {extension_type} {option} {value}", check=False)
    long_names = {"--config": "--configuration-settings", "--config-protected": "--configuration-protected-settings"}
    assert_refused(result, long_names.get(option, option.split()[-1]), MISSING)


def test_extension_update_protected_setting_names_the_key_and_hides_the_others(az):
    secret = "hunter2-d0-not-print"
    result = az(f"k8s-extension update {COORDINATES} -n flux --yes --config-protected token={secret} "
                f"password=@{MISSING}", check=False)
    assert_refused(result, "--config-protected (setting 'password')", MISSING,  # named as typed (issue 14)
                   "--configuration-protected-settings-file")
    assert secret not in result.stderr + result.stdout
