"""A value az left as '@PATH' because it could not read PATH (REFERENCE.md §11, issue 8): refused, naming the
option and the file, before anything is sent; a value that begins with '@' because a file held it is accepted."""
import inspect
import sys

import pytest
from azure.cli.core.azclierror import InvalidArgumentValueError

from azext_k8s_configuration.extensions import model as extension_model
from azext_k8s_configuration.flux.model import build_create_spec, check_update_options
from azext_k8s_configuration.flux.options import AT_FILE_OPTIONS, option_name
from azext_k8s_configuration.flux.sources import kinds
from azext_k8s_configuration.validation.at_files import refuse_unread_files

MISSING = "/path/that/does/not/exist"
HTTPS = "https://github.com/org/repo"


@pytest.fixture(autouse=True)
def az_command_line(monkeypatch):
    """az's own command line, as `az` leaves it in sys.argv (the rule reads it to tell typed from read)."""
    monkeypatch.setattr(sys, "argv", ["az", "k8s-configuration", "flux", "create"])


def refused(call, *args, **kwargs):
    with pytest.raises(InvalidArgumentValueError) as raised:
        call(*args, **kwargs)
    return raised.value.error_msg, " ".join(raised.value.recommendations)


# ----------------------------------------------------------------------- the rule itself

def test_missing_file_names_the_option_and_the_path():
    message, recommendation = refused(refuse_unread_files, [("--https-key", "@" + MISSING, "value", None)],
                                      raw_args=["--https-key", "@" + MISSING])
    assert message.startswith("--https-key is '@/path/that/does/not/exist': az could not read the file "
                              "'/path/that/does/not/exist' (it does not exist)")
    assert "Nothing was sent" in message
    assert "an @FILE that holds it" in recommendation


def test_the_file_twin_is_recommended_when_there_is_one():
    _, recommendation = refused(refuse_unread_files, [("--https-ca-cert", "@ca.pem", "value", "--https-ca-cert-file")],
                                raw_args=["--https-ca-cert", "@ca.pem"])
    assert "--https-ca-cert-file or an @FILE that holds it" in recommendation


def test_a_directory_is_said_to_be_one(tmp_path):
    message, _ = refused(refuse_unread_files, [("--known-hosts", f"@{tmp_path}", "value", None)],
                         raw_args=["--known-hosts", f"@{tmp_path}"])
    assert "(it is a directory)" in message


def test_the_equals_form_is_checked():
    # `--https-key=@/missing`: az expands the part after the first '=', and leaves it when it cannot read it
    refused(refuse_unread_files, [("--https-key", "@" + MISSING, "value", None)],
            raw_args=["--https-key=@" + MISSING])


def test_a_value_read_from_a_file_may_begin_with_at(tmp_path):
    # A secret that truly begins with '@', held in a file az did read: it is not on the command line as typed.
    secret_file = tmp_path / "token"
    secret_file.write_text("@n0t-a-path-but-a-secret\n")
    refuse_unread_files([("--https-key", "@n0t-a-path-but-a-secret", "value", None)],
                        raw_args=["--https-user", "git", "--https-key", f"@{secret_file}"])


def test_stdin_may_hold_a_value_beginning_with_at():
    refuse_unread_files([("--https-key", "@from-stdin", "value", None)], raw_args=["--https-key", "@-"])


def test_without_any_readable_file_on_the_command_line_the_value_was_typed():
    # az run from Python (the command line is not in sys.argv), or nothing az could read: refuse.
    refused(refuse_unread_files, [("--https-key", "@" + MISSING, "value", None)], raw_args=[])


def test_a_failed_read_beside_a_good_one_is_still_refused(tmp_path):
    good = tmp_path / "user"
    good.write_text("git")
    message, _ = refused(refuse_unread_files, [("--https-user", "git", "value", None),
                                               ("--https-key", "@" + MISSING, "value", None)],
                         raw_args=["--https-user", f"@{good}", "--https-key", "@" + MISSING])
    assert message.startswith("--https-key ")


@pytest.mark.parametrize("value", ["git@github.com:org/repo", "user@example.com", "@", "", "abc", None])
def test_values_az_would_not_expand_pass(value):
    refuse_unread_files([("--x", value, "value", None)], raw_args=["--x", str(value)])


def test_pairs_check_whole_tokens_and_values():
    message, recommendation = refused(
        refuse_unread_files, [("--configuration-protected-settings", [["a=1", "key=@" + MISSING]], "pairs",
                               "--configuration-protected-settings-file")],
        raw_args=["--config-protected", "a=1", "key=@" + MISSING])
    assert message.startswith("--configuration-protected-settings (setting 'key') is '@/path/that/does/not/exist'")
    assert "--configuration-protected-settings-file" in recommendation
    refused(refuse_unread_files, [("--configuration-protected-settings", [["@settings.txt"]], "pairs", None)],
            raw_args=["--config-protected", "@settings.txt"])


def test_tokens_check_whole_tokens_only():
    refused(refuse_unread_files, [("--configuration-settings", [["@settings.txt"]], "tokens", None)],
            raw_args=["--config", "@settings.txt"])
    # a plain setting's value may begin with '@' (a cron schedule, say): not checked
    refuse_unread_files([("--configuration-settings", [["schedule=@daily"]], "tokens", None)],
                        raw_args=["--config", "schedule=@daily"])


def test_a_secret_is_never_echoed_beyond_the_typed_path():
    secret = "s3cr3t-token-value"
    message, recommendation = refused(
        refuse_unread_files, [("--configuration-protected-settings", [[f"other={secret}", "key=@" + MISSING]],
                               "pairs", None)],
        raw_args=["--config-protected", f"other={secret}", "key=@" + MISSING])
    assert secret not in message + recommendation


# ----------------------------------------------------------------------- flux create / update: every option

def _bad_value(key):
    form = AT_FILE_OPTIONS[key][0]
    return {"value": "@" + MISSING, "tokens": ["@" + MISSING], "pairs": ["cosign.pub=@" + MISSING]}[form]


def test_the_table_names_real_options():
    create_parameters = set(inspect.signature(build_create_spec).parameters)
    assert set(AT_FILE_OPTIONS) <= create_parameters | kinds.all_option_keys()


@pytest.mark.parametrize("key", sorted(AT_FILE_OPTIONS))
def test_flux_create_refuses_an_unread_file_for(key):
    options = {"name": "cfg", "url": HTTPS, key: _bad_value(key)}
    message, _ = refused(build_create_spec, **options)
    assert message.startswith(option_name(key)) and MISSING in message


@pytest.mark.parametrize("key", sorted(AT_FILE_OPTIONS))
def test_flux_update_refuses_an_unread_file_before_reading_the_configuration(key):
    message, _ = refused(check_update_options, **{key: _bad_value(key)})
    assert message.startswith(option_name(key)) and MISSING in message


def test_file_twins_are_recommended_for_flux():
    _, recommendation = refused(build_create_spec, name="c", url="ssh://git@github.com/o/r",
                                ssh_private_key="@id_rsa")
    assert "--ssh-private-key-file" in recommendation


@pytest.mark.parametrize("key", ["branch", "tag"])
def test_git_refs_may_begin_with_at(key):
    # git allows a branch or tag named '@something': not mistaken for a failed file read
    spec = build_create_spec(name="c", url=HTTPS, **{key: "@release"})
    assert spec.body["properties"]["gitRepository"]["repositoryRef"] == {key: "@release"}


def test_kustomization_values_are_left_alone():
    spec = build_create_spec(name="c", url=HTTPS, branch="main",
                             kustomization=[["name=apps", "substitute=schedule:@daily"]])
    assert spec.body["properties"]["kustomizations"]["apps"]["postBuild"]["substitute"] == {"schedule": "@daily"}


def test_a_key_read_from_a_file_that_begins_with_at_reaches_the_usual_checks(tmp_path, monkeypatch):
    token_file = tmp_path / "token"
    token_file.write_text("@secret-token")
    monkeypatch.setattr(sys, "argv", ["az", "k8s-configuration", "flux", "create", "--https-key", f"@{token_file}"])
    spec = build_create_spec(name="c", url=HTTPS, branch="main", https_user="git", https_key="@secret-token")
    assert "httpsKey" in spec.body["properties"]["configurationProtectedSettings"]


# ----------------------------------------------------------------------- k8s-extension create / update

EXTENSION_BAD = [
    ("extension_type", "@" + MISSING, "--extension-type"),
    ("release_namespace", "@" + MISSING, "--release-namespace"),
    ("target_namespace", "@" + MISSING, "--target-namespace"),
    ("version", "@" + MISSING, "--version"),
    ("release_train", "@" + MISSING, "--release-train"),
    ("configuration_settings", [["@" + MISSING]], "--configuration-settings"),
    ("configuration_protected_settings", [["key=@" + MISSING]], "--configuration-protected-settings (setting 'key')"),
    ("configuration_protected_settings", [["@" + MISSING]], "--configuration-protected-settings"),
]


@pytest.mark.parametrize("key, value, named", EXTENSION_BAD, ids=[f"{b[0]}-{i}" for i, b in enumerate(EXTENSION_BAD)])
def test_extension_create_refuses_an_unread_file(key, value, named):
    options = {"extension_type": "microsoft.flux", key: value}
    message, _ = refused(extension_model.build_create_spec, **options)
    assert message.startswith(f"{named} is '@{MISSING}'")


@pytest.mark.parametrize("key, value, named", [b for b in EXTENSION_BAD if b[0] != "extension_type"
                                               and not b[0].endswith("namespace")])
def test_extension_update_refuses_an_unread_file(key, value, named):
    message, _ = refused(extension_model.build_changes, **{key: value})
    assert message.startswith(f"{named} is '@{MISSING}'")


def test_extension_protected_setting_read_from_a_file_may_begin_with_at(tmp_path, monkeypatch):
    secret_file = tmp_path / "password"
    secret_file.write_text("@hunter2")
    monkeypatch.setattr(sys, "argv", ["az", "k8s-extension", "create", "--config-protected",
                                      f"password=@{secret_file}"])
    spec = extension_model.build_create_spec("microsoft.dapr", configuration_protected_settings=[["password=@hunter2"]])
    assert spec.configuration_protected_settings == {"password": "@hunter2"}
