"""az k8s-extension with the real az against the emulator: lifecycle, the tutorial's commands, rules, secrets."""
import json
import time

import pytest
from flux_helpers import assert_golden, assert_json_golden, sent, warnings

FLUX_IMAGE_CONTROLLERS = ("--config image-automation-controller.enabled=true "
                          "image-reflector-controller.enabled=true")


def create_flux(az, cluster, extra="", check=True):
    return az(f"k8s-extension create {cluster.args} --name flux --extension-type microsoft.flux {extra}",
              check=check)


def extension_puts(result):
    return [r for r in sent(result.requests, "PUT", "/extensions/")]


# --- lifecycle --------------------------------------------------------------------------------------------

def test_create_show_list_update_delete(az, cluster):
    created = create_flux(az, cluster, "--release-namespace flux-system")
    out = created.json
    assert out["name"] == "flux" and out["extensionType"] == "microsoft.flux"
    assert out["provisioningState"] == "Succeeded"
    assert out["resourceGroup"] == cluster.rg
    assert out["scope"]["cluster"]["releaseNamespace"] == "flux-system"
    assert "properties" not in out
    (put,) = extension_puts(created)
    assert put["body"] == {"properties": {"extensionType": "microsoft.flux",
                                          "scope": {"cluster": {"releaseNamespace": "flux-system"}}},
                           "identity": {"type": "SystemAssigned"}}

    shown = az(f"k8s-extension show {cluster.args} -n flux").json
    assert shown["id"] == out["id"]
    state = az(f"k8s-extension show {cluster.args} -n flux --query provisioningState -o tsv")
    assert state.stdout.strip() == "Succeeded"

    listed = az(f"k8s-extension list {cluster.args}").json
    assert [e["name"] for e in listed] == ["flux"]

    updated = az(f"k8s-extension update {cluster.args} -n flux --release-train Preview")
    assert updated.json["releaseTrain"] == "Preview"
    (patch,) = sent(updated.requests, "PATCH", "/extensions/flux")
    assert patch["body"] == {"properties": {"releaseTrain": "Preview"}}

    deleted = az(f"k8s-extension delete {cluster.args} -n flux --yes")
    assert deleted.stdout.strip() == ""
    (delete,) = sent(deleted.requests, "DELETE", "/extensions/flux")
    assert "forceDelete" not in delete["query"]
    missing = az(f"k8s-extension show {cluster.args} -n flux", check=False)
    assert missing.exit_code == 3
    assert "Extension 'flux' not found on cluster" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_aks_extension_has_no_identity(az, make_cluster):
    aks = make_cluster("managedClusters")
    created = create_flux(az, aks)
    (put,) = extension_puts(created)
    assert "identity" not in put["body"]


@pytest.mark.parametrize("cluster_type", ["provisionedClusters", "appliances"])
def test_other_cluster_types(az, make_cluster, cluster_type):
    other = make_cluster(cluster_type)
    created = az(f"k8s-extension create {other.args} -n ext1 --extension-type microsoft.azuremonitor.containers")
    assert created.json["name"] == "ext1"
    (put,) = extension_puts(created)
    assert put["body"]["identity"] == {"type": "SystemAssigned"}


def test_namespace_scope(az, cluster):
    created = az(f"k8s-extension create {cluster.args} -n dapr --extension-type microsoft.dapr "
                 "--scope namespace --target-namespace team-a")
    assert created.json["scope"]["namespace"]["targetNamespace"] == "team-a"


def test_settings_file_and_pinned_version(az, cluster, tmp_path):
    settings = tmp_path / "settings.json"
    settings.write_text(json.dumps({"helm-controller.enabled": "false"}))
    created = create_flux(az, cluster, f"--config-file {settings} --auto-upgrade false --version 1.8.2")
    out = created.json
    assert out["configurationSettings"] == {"helm-controller.enabled": "false"}
    assert out["autoUpgradeMinorVersion"] is False
    (put,) = extension_puts(created)
    assert put["body"]["properties"]["version"] == "1.8.2"


def test_no_wait_returns_after_acceptance(az, cluster, emulator):
    emulator.set_operation_seconds(3)
    try:
        result = create_flux(az, cluster, "--no-wait")
        assert result.stdout.strip() == ""
        assert not [r for r in result.requests if "/operations/" in r["path"].lower()
                    or "asyncoperation" in r["path"].lower()]
        state = az(f"k8s-extension show {cluster.args} -n flux --query provisioningState -o tsv").stdout.strip()
        assert state in ("Creating", "Succeeded")
    finally:
        emulator.set_operation_seconds(0.2)


def test_update_and_delete_no_wait(az, cluster, emulator):
    create_flux(az, cluster)
    emulator.set_operation_seconds(3)
    try:
        updated = az(f"k8s-extension update {cluster.args} -n flux --release-train Preview --no-wait")
        assert updated.stdout.strip() == ""
        assert len(sent(updated.requests, "PATCH", "/extensions/flux")) == 1
        assert not [r for r in updated.requests if "/operations/" in r["path"].lower()]
        az(f"k8s-extension show {cluster.args} -n flux")  # readable while the update runs
    finally:
        emulator.set_operation_seconds(0.2)
    deadline = time.time() + 30
    while az(f"k8s-extension show {cluster.args} -n flux --query provisioningState -o tsv").stdout.strip() \
            != "Succeeded" and time.time() < deadline:
        time.sleep(0.5)
    deleted = az(f"k8s-extension delete {cluster.args} -n flux --yes --no-wait")
    assert deleted.stdout.strip() == ""
    assert len(sent(deleted.requests, "DELETE", "/extensions/flux")) == 1
    assert not [r for r in deleted.requests if "/operations/" in r["path"].lower()]


def test_delete_force_and_missing(az, cluster):
    create_flux(az, cluster)
    forced = az(f"k8s-extension delete {cluster.args} -n flux --force --yes")
    (delete,) = sent(forced.requests, "DELETE", "/extensions/flux")
    assert "forceDelete=true" in delete["query"]
    again = az(f"k8s-extension delete {cluster.args} -n flux --force false --yes")
    assert again.exit_code == 0
    assert "Extension 'flux' does not exist on cluster" in again.stderr
    assert sent(again.requests, "DELETE", "/extensions/") == []
    create_flux(az, cluster)  # --force takes true/false as flux delete does
    forced = az(f"k8s-extension delete {cluster.args} -n flux --force true --yes")
    (delete,) = sent(forced.requests, "DELETE", "/extensions/flux")
    assert "forceDelete=true" in delete["query"]


def test_delete_without_yes_and_without_a_terminal_refuses(az, cluster):
    create_flux(az, cluster)
    result = az(f"k8s-extension delete {cluster.args} -n flux", check=False)
    assert result.exit_code != 0
    assert "--yes" in result.stderr
    assert sent(result.requests, "DELETE", "/extensions/") == []


def test_failed_install_surfaces_the_service_message(az, cluster, emulator):
    emulator.fail_next_extension_install("microsoft.flux", code="HelmInstallFailed",
                                         message="Helm installation failed: timed out waiting for the condition")
    result = create_flux(az, cluster, check=False)
    assert result.exit_code != 0
    assert "(HelmInstallFailed)" in result.stderr
    assert "Helm installation failed: timed out waiting for the condition" in result.stderr
    assert f"az k8s-extension delete {cluster.args} -n flux --yes" in result.stderr
    assert "Traceback" not in result.stderr
    shown = az(f"k8s-extension show {cluster.args} -n flux").json
    assert shown["provisioningState"] == "Failed"
    assert shown["errorInfo"]["message"] == "Helm installation failed: timed out waiting for the condition"


# --- the tutorial ---------------------------------------------------------------------------------------

def test_tutorial_image_controllers_on_a_new_cluster(az, cluster):
    created = create_flux(az, cluster, FLUX_IMAGE_CONTROLLERS)
    assert created.json["configurationSettings"] == {"image-automation-controller.enabled": "true",
                                                     "image-reflector-controller.enabled": "true"}
    assert warnings(created.stderr) == []
    running = {status["code"] for status in created.json["statuses"]}
    assert {"image-automation-controller", "image-reflector-controller", "source-controller"} <= running


def test_tutorial_image_controllers_on_flux_installed_by_flux_create(az, cluster):
    az(f"k8s-configuration flux create {cluster.args} -n cfg --namespace cfg -u https://github.com/org/repo "
       "--branch main -k name=infra path=./infra")
    result = create_flux(az, cluster, FLUX_IMAGE_CONTROLLERS)
    assert result.exit_code == 0
    assert "Extension 'flux' (microsoft.flux) already exists on cluster" in result.stderr
    assert "updating its settings instead" in result.stderr
    assert extension_puts(result) == []
    (patch,) = sent(result.requests, "PATCH", "/extensions/flux")
    assert patch["body"] == {"properties": {"configurationSettings": {
        "image-automation-controller.enabled": "true", "image-reflector-controller.enabled": "true"}}}
    out = result.json
    assert out["configurationSettings"]["image-automation-controller.enabled"] == "true"
    shown = az(f"k8s-extension show {cluster.args} -n flux").json
    assert shown["configurationSettings"]["image-reflector-controller.enabled"] == "true"
    running = {status["code"] for status in shown["statuses"]}
    assert {"image-automation-controller", "image-reflector-controller"} <= running


def test_tutorial_delete_on_arc_and_aks(az, cluster, make_cluster):
    aks = make_cluster("managedClusters")
    for target in (cluster, aks):
        create_flux(az, target)
        az(f"k8s-extension delete -g {target.rg} -c {target.name} -n flux -t {target.cluster_type} --yes")
        assert az(f"k8s-extension list {target.args}").json == []


def test_same_name_other_type_is_refused(az, cluster):
    az(f"k8s-extension create {cluster.args} -n flux --extension-type microsoft.dapr")
    result = create_flux(az, cluster, check=False)
    assert result.exit_code != 0
    assert "already exists on cluster" in result.stderr and "'microsoft.dapr'" in result.stderr
    assert sent(result.requests, "PATCH", "/extensions/") == [] and extension_puts(result) == []


def test_same_type_under_another_name_is_explained(az, cluster):
    az(f"k8s-extension create {cluster.args} -n my-flux --extension-type microsoft.flux")
    result = create_flux(az, cluster, FLUX_IMAGE_CONTROLLERS, check=False)
    assert result.exit_code != 0
    assert "already installed on the cluster as 'my-flux'" in result.stderr  # the service's message
    assert "A cluster holds one extension of each type" in result.stderr
    assert "Another operation is in progress" not in result.stderr


# --- rules: each refused before anything is sent ----------------------------------------------------------

@pytest.mark.parametrize("args, message", [
    ("--target-namespace team-a", "--target-namespace can only be used with --scope namespace."),
    ("--scope cluster --target-namespace team-a", "--target-namespace can only be used with --scope namespace."),
    ("--scope namespace", "--scope namespace needs --target-namespace"),
    ("--scope namespace --target-namespace a --release-namespace b",
     "--release-namespace can only be used with --scope cluster."),
    ("--version 1.2.3", "--version can only be used with --auto-upgrade-minor-version false"),
    ("--version 1.2.3 --auto-upgrade true", "--version can only be used with --auto-upgrade-minor-version false"),
    # options are named as typed (issue 14)
    ("--config novalue", "--config: 'novalue' is not a KEY=VALUE pair."),
    ("--configuration-settings novalue", "--configuration-settings: 'novalue' is not a KEY=VALUE pair."),
    ("--config a=1 --config-file settings.json", "--config and --config-file cannot be used together."),
    ("--config-protected a=1 --config-protected-file settings.json",
     "--config-protected and --config-protected-file cannot be used together."),
    ("--configuration-protected-settings a=1 --configuration-protected-settings-file settings.json",
     "--configuration-protected-settings and --configuration-protected-settings-file cannot be used together."),
    ("--config-file does-not-exist.json", "does not exist"),
    ("--release-namespace Bad_NS", "--release-namespace"),
])
def test_rules(az, cluster, tmp_path, monkeypatch, args, message):
    (tmp_path / "settings.json").write_text("{}")
    monkeypatch.chdir(tmp_path)
    result = create_flux(az, cluster, args, check=False)
    assert result.exit_code not in (0, 3), result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert [r for r in result.requests if "/extensions" in r["path"].lower()] == []


@pytest.mark.parametrize("content, message", [
    ("[1, 2]", "holds a JSON list, not an object"),
    ('{"a": 1}', "the value of 'a' is not a string"),
    ("{not json", "is not valid JSON"),
])
def test_bad_settings_files(az, cluster, tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content)
    result = create_flux(az, cluster, f"--config-file {path}", check=False)
    assert result.exit_code != 0 and message in result.stderr
    assert "--config-file" in result.stderr and "--configuration-settings-file" not in result.stderr  # as typed


def test_unknown_flux_setting_is_one_line_and_still_sent(az, cluster):
    result = create_flux(az, cluster, "--config image-automation-controler.enabled=true")
    assert result.exit_code == 0
    (warning,) = warnings(result.stderr)
    assert warning == ("Unknown microsoft.flux setting 'image-automation-controler.enabled' (did you mean "
                       "'image-automation-controller.enabled'?); it is sent as given and the service decides.")
    (put,) = extension_puts(result)
    assert put["body"]["properties"]["configurationSettings"] == {"image-automation-controler.enabled": "true"}


def test_a_mistyped_setting_is_removed_by_update(az, cluster):
    typo, meant = "image-automation-controler.enabled", "image-automation-controller.enabled"
    create_flux(az, cluster, f"--config {typo}=true")
    fixed = az(f"k8s-extension update {cluster.args} -n flux --remove-config {typo} --config {meant}=true")
    assert warnings(fixed.stderr) == []
    (patch,) = sent(fixed.requests, "PATCH", "/extensions/flux")
    assert patch["body"] == {"properties": {"configurationSettings": {meant: "true", typo: None}}}
    shown = az(f"k8s-extension show {cluster.args} -n flux").json
    assert shown["configurationSettings"] == {meant: "true"}
    assert "image-automation-controller" in {status["code"] for status in shown["statuses"]}

    again = az(f"k8s-extension update {cluster.args} -n flux --remove-config {typo}")
    assert warnings(again.stderr) == [
        f"Extension 'flux' has no setting '{typo}' (did you mean '{meant}'?); nothing to remove for it.",
        f"Extension 'flux' on cluster '{cluster.name}': nothing to change."]
    assert sent(again.requests, "PATCH", "/extensions/") == []

    both = az(f"k8s-extension update {cluster.args} -n flux --config {meant}=false --remove-config {meant}",
              check=False)
    assert both.exit_code == 1 and both.requests == []
    assert "--config and --remove-config both name" in both.stderr  # as typed
    on_create = create_flux(az, cluster, f"--remove-config {typo}", check=False)
    assert on_create.exit_code == 2 and on_create.requests == []


def test_update_rules(az, cluster):
    create_flux(az, cluster)
    nothing = az(f"k8s-extension update {cluster.args} -n flux", check=False)
    assert nothing.exit_code != 0 and "Nothing to update" in nothing.stderr
    version = az(f"k8s-extension update {cluster.args} -n flux --version 1.0.0", check=False)
    assert version.exit_code != 0 and "--version can only be used with" in version.stderr
    assert sent(version.requests, "PATCH", "/extensions/") == []
    missing = az(f"k8s-extension update {cluster.args} -n nope --release-train Stable", check=False)
    assert missing.exit_code == 3 and "Extension 'nope' not found" in missing.stderr


def test_update_protected_settings_needs_yes_without_a_terminal(az, cluster):
    create_flux(az, cluster)
    refused = az(f"k8s-extension update {cluster.args} -n flux --config-protected token=abcd1234", check=False)
    assert refused.exit_code != 0 and "--yes" in refused.stderr
    assert sent(refused.requests, "PATCH", "/extensions/") == []
    done = az(f"k8s-extension update {cluster.args} -n flux --config-protected token=abcd1234 --yes")
    (patch,) = sent(done.requests, "PATCH", "/extensions/flux")
    # The emulator's request log masks protected values; the keys show what was sent.
    assert list(patch["body"]["properties"]) == ["configurationProtectedSettings"]
    assert list(patch["body"]["properties"]["configurationProtectedSettings"]) == ["token"]
    removed = az(f"k8s-extension update {cluster.args} -n flux --remove-config-protected token --yes")
    (patch,) = sent(removed.requests, "PATCH", "/extensions/flux")
    assert patch["body"] == {"properties": {"configurationProtectedSettings": {"token": None}}}


# --- secrets -----------------------------------------------------------------------------------------------

def _outside_command_echo(stderr):
    """stderr without az core's own 'Command arguments:' echo line (no extension can reach it)."""
    return "\n".join(line for line in stderr.splitlines() if "Command arguments:" not in line)


def test_protected_settings_never_shown_even_with_debug(az, cluster, tmp_path):
    inline_secret = "inline-S3cret-value-0001"
    file_secret = "file-S3cret-value-0002"
    created = create_flux(az, cluster, f"--config-protected token={inline_secret} --debug")
    protected_file = tmp_path / "protected.json"
    protected_file.write_text(json.dumps({"other": file_secret}))
    updated = az(f"k8s-extension update {cluster.args} -n flux --config-protected-file {protected_file} --yes "
                 "--debug")
    shown = az(f"k8s-extension show {cluster.args} -n flux --debug")
    for result in (created, updated, shown):
        for secret in (inline_secret, file_secret):
            assert secret not in result.stdout
            assert secret not in _outside_command_echo(result.stderr)
    assert "<redacted>" in created.stderr and "<redacted>" in updated.stderr
    assert not created.json.get("configurationProtectedSettings")


# --- output ------------------------------------------------------------------------------------------------

def test_table_output(az, cluster):
    create_flux(az, cluster, "--release-train Stable")
    shown = az(f"k8s-extension show {cluster.args} -n flux -o table").stdout
    listed = az(f"k8s-extension list {cluster.args} -o table").stdout
    assert listed.splitlines()[0].split() == ["Name", "ExtensionType", "Version", "ProvisioningState",
                                              "ReleaseTrain", "AutoUpgrade"]
    assert_golden("k8s_extension_show.txt", shown)
    assert_golden("k8s_extension_list.txt", listed)
    assert_json_golden("k8s_extension_show.json", az(f"k8s-extension show {cluster.args} -n flux").json, cluster)
    assert_json_golden("k8s_extension_list.json", az(f"k8s-extension list {cluster.args}").json, cluster)
