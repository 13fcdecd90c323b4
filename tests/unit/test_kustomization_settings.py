"""The table of kustomization settings (flux/kustomization_settings.py) agrees with what derives from it: the model's
fields, the wire (payload), what az prints (arm/output_schema.py), -k and the flux kustomization options."""
from dataclasses import fields

import pytest

from azext_k8s_configuration.arm.output_schema import MODELS
from azext_k8s_configuration.flux import kustomization_settings as table
from azext_k8s_configuration.flux.kustomization_args import Kustomization, parse_one, parse_setting
from azext_k8s_configuration.flux.kustomization_patches import kustomization_from_options
from azext_k8s_configuration.flux.payload import kustomization_body, read_existing


def test_every_field_of_the_model_has_one_row():
    assert sorted(table.BY_FIELD) == sorted(f.name for f in fields(Kustomization))
    assert len(table.BY_FIELD) == len(table.SETTINGS) == len(table.BY_KEY)


def test_every_output_path_is_one_az_prints():
    for setting in table.SETTINGS:
        if setting.output is None:
            continue
        model = "KustomizationDefinition"
        for part in setting.output:
            members = {name: kind for name, _, kind in MODELS[model]}
            assert part in members, setting
            model = members[part]


def test_the_defaults_are_what_a_new_kustomization_gets():
    assert kustomization_body(Kustomization(name="apps"), full=True) == {
        "path": "", "dependsOn": [], "timeoutInSeconds": 600, "syncIntervalInSeconds": 600, "prune": False,
        "force": False}
    assert table.BY_KEY["timeout"].default == table.BY_KEY["sync_interval"].default == table.DEFAULT_INTERVAL_SECONDS


EXAMPLES = {"path": "./apps", "prune": "true", "depends_on": "infra,db", "timeout": "5m", "sync_interval": "1h",
            "retry_interval": "30s", "force": "false", "disable_health_check": "true", "substitute": "a:1,b:2",
            "substitute_from": "ConfigMap:vars,Secret:creds:optional"}


def test_every_option_has_an_example_here():
    assert sorted(EXAMPLES) == sorted(setting.key for setting in table.OPTIONS)


@pytest.mark.parametrize("key", sorted(EXAMPLES))
def test_an_option_and_its_k_key_give_the_same_kustomization(key):
    from_option = kustomization_from_options("apps", {key: EXAMPLES[key]})
    from_k = parse_one(["name=apps", f"{key}={EXAMPLES[key]}"])
    assert from_option == from_k
    assert from_option.given()  # the value reached its field


@pytest.mark.parametrize("key", sorted(EXAMPLES))
def test_a_setting_goes_to_the_wire_and_reads_back(key):
    kustomization = parse_one(["name=apps", f"{key}={EXAMPLES[key]}"])
    body = kustomization_body(kustomization, full=False)
    stored = read_existing({"name": "c", "properties": {"kustomizations": {"apps": body}}}).kustomizations["apps"]
    assert stored.given() == kustomization.given()


def test_disable_health_check_is_the_opposite_of_wait():
    setting = table.BY_KEY["disable_health_check"]
    assert setting.field == "wait" and setting.inverted and setting.flux_field == "wait" == setting.output[0]
    assert parse_setting(setting, "true", "--disable-health-check") is False


def test_the_help_lists_every_advertised_key_once():
    text = table.keys_text()
    for setting in table.SETTINGS:
        assert (setting.key in text) == setting.advertised
