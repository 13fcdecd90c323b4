"""k8s-extension input rules (REFERENCE.md §8): each rule's good and bad side, settings parsing, flux warnings."""
import json

import pytest
from azure.cli.core.azclierror import (
    ArgumentUsageError,
    FileOperationError,
    InvalidArgumentValueError,
    MutuallyExclusiveArgumentError,
    RequiredArgumentMissingError,
)

from azext_k8s_configuration.arm import redaction
from azext_k8s_configuration.extensions import flux_settings, model
from azext_k8s_configuration.extensions.settings import parse_pairs, read_settings_file


def spec(**kwargs):
    kwargs.setdefault("extension_type", "microsoft.flux")
    return model.build_create_spec(**kwargs)


# --- scope and namespaces ---------------------------------------------------------------------------

def test_no_scope_is_left_to_the_extension_type():
    assert spec().scope is None


def test_target_namespace_with_namespace_scope():
    s = spec(scope="namespace", target_namespace="team-a")
    assert (s.scope, s.target_namespace) == ("namespace", "team-a")


@pytest.mark.parametrize("scope", [None, "cluster"])
def test_target_namespace_needs_namespace_scope(scope):
    with pytest.raises(ArgumentUsageError, match=r"--target-namespace can only be used with --scope namespace\.") \
            as raised:
        spec(scope=scope, target_namespace="team-a")
    assert raised.value.recommendations


def test_namespace_scope_needs_target_namespace():
    with pytest.raises(RequiredArgumentMissingError, match="--target-namespace"):
        spec(scope="namespace")


def test_release_namespace_with_cluster_scope_or_implied():
    assert spec(scope="cluster", release_namespace="flux-system").release_namespace == "flux-system"
    implied = spec(release_namespace="flux-system")
    assert implied.scope == "cluster"


def test_release_namespace_refused_with_namespace_scope():
    with pytest.raises(ArgumentUsageError, match=r"--release-namespace can only be used with --scope cluster\."):
        spec(scope="namespace", target_namespace="a", release_namespace="b")


@pytest.mark.parametrize("option", ["release_namespace", "target_namespace"])
def test_namespaces_must_be_rfc1123_labels(option):
    kwargs = {option: "Bad_Namespace", "scope": "namespace" if option == "target_namespace" else "cluster"}
    with pytest.raises(InvalidArgumentValueError, match="--" + option.replace("_", "-")):
        spec(**kwargs)


def test_extension_type_must_not_be_empty():
    with pytest.raises(RequiredArgumentMissingError, match="--extension-type"):
        spec(extension_type="  ")


# --- version and auto-upgrade -----------------------------------------------------------------------

def test_version_with_auto_upgrade_off():
    s = spec(version="1.2.3", auto_upgrade_minor_version=False)
    assert (s.version, s.auto_upgrade_minor_version) == ("1.2.3", False)


@pytest.mark.parametrize("auto_upgrade", [None, True])
def test_version_needs_auto_upgrade_off(auto_upgrade):
    with pytest.raises(ArgumentUsageError, match="--version can only be used with --auto-upgrade-minor-version false"):
        spec(version="1.2.3", auto_upgrade_minor_version=auto_upgrade)


def test_update_version_checked_against_the_existing_extension():
    changes = model.build_changes(version="1.2.3")
    with pytest.raises(ArgumentUsageError, match="--version"):
        model.check_changes(changes, "microsoft.flux", current_auto_upgrade=True)
    with pytest.raises(ArgumentUsageError, match="--version"):
        model.check_changes(model.build_changes(version="1.2.3"), "microsoft.flux", current_auto_upgrade=None)
    model.check_changes(model.build_changes(version="1.2.3"), "microsoft.flux", current_auto_upgrade=False)
    model.check_changes(model.build_changes(version="1.2.3", auto_upgrade_minor_version=False), "x", True)


def test_update_version_with_auto_upgrade_true_is_refused_at_once():
    with pytest.raises(ArgumentUsageError):
        model.build_changes(version="1.2.3", auto_upgrade_minor_version=True)


def test_update_needs_something_to_change():
    with pytest.raises(RequiredArgumentMissingError, match="Nothing to update.*--configuration-settings"):
        model.build_changes()


# --- settings -----------------------------------------------------------------------------------------

def test_settings_pairs_from_repeated_options():
    s = spec(configuration_settings=[["image-automation-controller.enabled=true",
                                      "image-reflector-controller.enabled=true"], ["multiTenancy.enforce=false"]])
    assert s.configuration_settings == {"image-automation-controller.enabled": "true",
                                        "image-reflector-controller.enabled": "true",
                                        "multiTenancy.enforce": "false"}


def test_values_may_hold_equals_signs_and_be_empty():
    assert parse_pairs([["a=b=c", "empty="]], "--config") == {"a": "b=c", "empty": ""}


@pytest.mark.parametrize("token", ["novalue", "=value", " =x"])
def test_malformed_pair_is_named(token):
    with pytest.raises(InvalidArgumentValueError, match=f"--configuration-settings: '{token}' is not a KEY=VALUE"):
        spec(configuration_settings=[[token]])


def test_malformed_protected_pair_is_not_echoed():
    with pytest.raises(InvalidArgumentValueError) as raised:
        spec(configuration_protected_settings=[["ok=1", "s3cretvalue"]])
    assert "s3cretvalue" not in str(raised.value)
    assert "item 2" in str(raised.value)


def test_duplicate_key_with_different_values_is_refused():
    with pytest.raises(InvalidArgumentValueError, match="'a' is given twice"):
        parse_pairs([["a=1"], ["a=2"]], "--config")
    assert parse_pairs([["a=1", "a=1"]], "--config") == {"a": "1"}


def test_duplicate_protected_key_does_not_echo_values():
    with pytest.raises(InvalidArgumentValueError) as raised:
        parse_pairs([["k=topsecret1", "k=topsecret2"]], "--config-protected", secret=True)
    assert "topsecret" not in str(raised.value)


def test_protected_values_are_registered_for_redaction():
    spec(configuration_protected_settings=[["token=very-secret-token"]])
    assert redaction.scrub("body has very-secret-token in it") == "body has <redacted> in it"


def test_settings_file(write_file):
    path = write_file("settings.json", json.dumps({"a": "1", "b.c": "x"}))
    assert spec(configuration_settings_file=path).configuration_settings == {"a": "1", "b.c": "x"}


def test_protected_settings_file_is_registered_for_redaction(write_file):
    path = write_file("p.json", json.dumps({"key": "file-secret-value"}))
    s = spec(configuration_protected_settings_file=path)
    assert s.configuration_protected_settings == {"key": "file-secret-value"}
    assert "file-secret-value" not in redaction.scrub("x file-secret-value")


def test_settings_and_file_twin_are_exclusive(write_file):
    path = write_file("s.json", "{}")
    with pytest.raises(MutuallyExclusiveArgumentError,
                       match="--configuration-settings and --configuration-settings-file"):
        spec(configuration_settings=[["a=1"]], configuration_settings_file=path)
    with pytest.raises(MutuallyExclusiveArgumentError, match="--configuration-protected-settings and"):
        spec(configuration_protected_settings=[["a=1"]], configuration_protected_settings_file=path)


@pytest.mark.parametrize("content, message", [
    ('["a", "b"]', "holds a JSON list, not an object"),
    ('"text"', "holds a JSON str, not an object"),
    ('{"a": 1, "b": true, "c": "ok"}', "the value of 'a', 'b' is not a string"),
    ('{"a": {"nested": "x"}}', "the value of 'a' is not a string"),
    ('{"a": "1",}', "is not valid JSON"),
    ("\xff\xfe garbage", "is not"),
])
def test_bad_settings_files(write_file, content, message):
    path = write_file("bad.json", content.encode("latin-1"))
    with pytest.raises(InvalidArgumentValueError, match=message) as raised:
        read_settings_file(path, "--configuration-settings-file")
    assert "--configuration-settings-file" in str(raised.value)
    assert raised.value.recommendations


def test_missing_and_empty_settings_files(tmp_path, write_file):
    with pytest.raises(FileOperationError, match="--config-file: file '.*nope.json' does not exist"):
        read_settings_file(str(tmp_path / "nope.json"), "--config-file")
    with pytest.raises(InvalidArgumentValueError, match="is empty"):
        read_settings_file(write_file("empty.json", ""), "--config-file")


def test_bad_protected_file_does_not_echo_values(write_file):
    path = write_file("p.json", json.dumps({"pw": "hunter2-secret", "n": 5}))
    with pytest.raises(InvalidArgumentValueError) as raised:
        read_settings_file(path, "--configuration-protected-settings-file", secret=True)
    assert "hunter2-secret" not in str(raised.value)
    assert "'n'" in str(raised.value)


# --- microsoft.flux settings ------------------------------------------------------------------------

@pytest.mark.parametrize("key", [
    "image-automation-controller.enabled", "image-reflector-controller.enabled", "source-controller.enabled",
    "kustomize-controller.enabled", "helm-controller.enabled", "notification-controller.enabled",
    "useKubeletIdentity", "multiTenancy.enforce", "workloadIdentity.enable", "workloadIdentity.azureClientId",
    "helm-controller.detectDrift", "kustomize-controller.resources.limits.memory",
    "source-controller.resources.requests.cpu", "fluxconfig-agent.tolerations[0].key",
])
def test_known_flux_settings(key):
    assert flux_settings.is_known(key)


def test_unknown_flux_key_is_one_line_naming_the_nearest_known_key():
    # Issue 8: one line per unknown key, not a ~900-character list of every known key; the key is still sent.
    s = spec(configuration_settings=[["image-automation-controler.enabled=true",
                                      "image-reflector-controller.enabled=true"]])
    assert s.warnings == [
        "Unknown microsoft.flux setting 'image-automation-controler.enabled' (did you mean "
        "'image-automation-controller.enabled'?); it is sent as given and the service decides."]
    assert "\n" not in s.warnings[0] and len(s.warnings[0]) < 200
    assert s.configuration_settings == {"image-automation-controler.enabled": "true",
                                        "image-reflector-controller.enabled": "true"}


@pytest.mark.parametrize("key, nearest", [
    ("image-automaton-controller.enabled", "image-automation-controller.enabled"),
    ("helm-controller.detectdrift", "helm-controller.detectDrift"),
    ("workloadIdentity.enabled", "workloadIdentity.enable"),
    ("kustomize-controller.requeue-dependencies", "kustomize-controller.requeue-dependency"),
    ("source-controler.resources.limits.cpu", "source-controller.resources.limits.cpu"),
    ("fluxconfig-agnt.tolerations[0].key", "fluxconfig-agent.tolerations[0].key"),
])
def test_nearest_known_key(key, nearest):
    assert flux_settings.nearest_known_key(key) == nearest
    assert flux_settings.is_known(nearest)


def test_one_warning_per_unknown_key():
    warnings = spec(configuration_settings=[["typo.one=1", "image-automation-controller.enabled=true",
                                             "typo.two=2"]]).warnings
    assert [w.split("'")[1] for w in warnings] == ["typo.one", "typo.two"]


def test_unknown_key_without_a_close_match_has_no_guess():
    (warning,) = spec(configuration_settings=[["completely.different=1"]]).warnings
    assert warning == ("Unknown microsoft.flux setting 'completely.different'; it is sent as given and the "
                       "service decides.")


def test_flux_type_is_matched_case_insensitively_and_other_types_are_not_checked():
    assert spec(extension_type="Microsoft.Flux", configuration_settings=[["typo=1"]]).warnings
    assert spec(extension_type="microsoft.dapr", configuration_settings=[["anything=1"]]).warnings == []


def test_update_warns_for_flux_only():
    changes = model.check_changes(model.build_changes(configuration_settings=[["typo.enabled=true"]]),
                                  "microsoft.flux", True)
    assert "typo.enabled" in changes.warnings[0]
    assert model.check_changes(model.build_changes(configuration_settings=[["x=1"]]), "other", True).warnings == []


def test_protected_flux_warning_names_keys_only():
    s = spec(configuration_protected_settings=[["unknown.secret=value-not-shown"]])
    assert "protected setting 'unknown.secret'" in s.warnings[0] and "value-not-shown" not in s.warnings[0]


# --- an existing extension's placement ----------------------------------------------------------------

def test_create_over_existing_keeps_placement():
    existing = {"cluster": {"releaseNamespace": "flux-system"}}
    model.check_same_placement(spec(), existing, "flux")
    model.check_same_placement(spec(release_namespace="flux-system"), existing, "flux")
    with pytest.raises(InvalidArgumentValueError, match="already exists with --release-namespace flux-system"):
        model.check_same_placement(spec(release_namespace="other"), existing, "flux")
    with pytest.raises(InvalidArgumentValueError, match="already exists with --scope cluster"):
        model.check_same_placement(spec(scope="namespace", target_namespace="x"), existing, "flux")


def test_scope_of_wire_blocks():
    assert model.scope_of(None) == (None, None, None)
    assert model.scope_of({"namespace": {"targetNamespace": "t"}}) == ("namespace", None, "t")
    assert model.scope_of({"cluster": {}}) == ("cluster", None, None)


# --- update: removing stored settings ----------------------------------------------------------------

def test_removed_keys_from_repeated_options_each_once():
    changes = model.build_changes(remove_configuration_settings=[["a", "b"], ["a", " c "]])
    assert changes.removed_settings == ["a", "b", "c"] and not changes.is_empty()
    assert model.build_changes(remove_configuration_protected_settings=[["t"]]).removed_protected_settings == ["t"]


@pytest.mark.parametrize("option, kwarg", [("--remove-configuration-settings", "remove_configuration_settings"),
                                           ("--remove-configuration-protected-settings",
                                            "remove_configuration_protected_settings")])
def test_a_removed_key_is_a_key_only(option, kwarg):
    with pytest.raises(InvalidArgumentValueError, match=f"{option}: 'token=...' \\(item 2\\) is not a setting key"
                       ) as refused:
        model.build_changes(**{kwarg: [["a", "token=S3cret-value"]]})
    assert "S3cret-value" not in str(refused.value)
    assert option.replace("remove-", "") + " KEY=VALUE" in refused.value.recommendations[0]
    with pytest.raises(InvalidArgumentValueError, match=f"{option}: ' ' \\(item 1\\) is not a setting key"):
        model.build_changes(**{kwarg: [[" "]]})


@pytest.mark.parametrize("kwargs, message", [
    (dict(configuration_settings=[["a=1", "b=2"]], remove_configuration_settings=[["b"]]),
     "--configuration-settings and --remove-configuration-settings both name 'b'."),
    (dict(configuration_protected_settings=[["t=x1234"]], remove_configuration_protected_settings=[["t"]]),
     "--configuration-protected-settings and --remove-configuration-protected-settings both name 't'."),
])
def test_a_key_both_set_and_removed_is_refused(kwargs, message):
    with pytest.raises(MutuallyExclusiveArgumentError) as refused:
        model.build_changes(**kwargs)
    assert str(refused.value) == message


def test_a_key_set_in_the_file_twin_and_removed_names_the_file_option(write_file):
    path = write_file("settings.json", json.dumps({"b": "2"}))
    with pytest.raises(MutuallyExclusiveArgumentError, match="--configuration-settings-file and "
                                                             "--remove-configuration-settings both name 'b'"):
        model.build_changes(configuration_settings_file=path, remove_configuration_settings=[["b"]])


def test_a_protected_key_may_be_removed_while_a_plain_key_of_that_name_is_set():
    changes = model.build_changes(configuration_settings=[["t=1"]], remove_configuration_protected_settings=[["t"]])
    assert changes.configuration_settings == {"t": "1"} and changes.removed_protected_settings == ["t"]


def test_removing_keys_the_extension_does_not_hold_warns_and_leaves_them_out():
    changes = model.build_changes(remove_configuration_settings=[["image-automation-controler.enabled", "zzz"]])
    model.drop_absent_removals(changes, {"image-automation-controller.enabled": "true"}, "flux")
    assert changes.removed_settings is None and changes.is_empty()
    assert changes.warnings == [
        "Extension 'flux' has no setting 'image-automation-controler.enabled' (did you mean "
        "'image-automation-controller.enabled'?); nothing to remove for it.",
        "Extension 'flux' has no setting 'zzz'; nothing to remove for it."]
    kept = model.build_changes(remove_configuration_settings=[["a", "b"]])
    model.drop_absent_removals(kept, {"a": "1"}, "flux")
    assert kept.removed_settings == ["a"] and len(kept.warnings) == 1


def test_removing_flux_keys_gives_no_unknown_setting_warning():
    changes = model.build_changes(remove_configuration_settings=[["image-automation-controler.enabled"]])
    assert model.check_changes(changes, "microsoft.flux", True).warnings == []
