import pytest
from azure.cli.core.azclierror import InvalidArgumentValueError

from azext_k8s_configuration.validation.names import (
    validate_combined_length,
    validate_configuration_name,
    validate_kustomization_name,
    validate_namespace,
)

GOOD_NAMES = ["a", "0", "gitops-demo", "cluster-config", "a.b", "a-b.c-d", "1abc9", "x" * 63, "a" + "-" * 61 + "z"]


@pytest.mark.parametrize("name", GOOD_NAMES)
@pytest.mark.parametrize("validate", [validate_configuration_name, validate_kustomization_name])
def test_good_object_names(validate, name):
    assert validate(name) == name


@pytest.mark.parametrize("name, rule", [
    ("", "empty"), (None, "empty"), ("x" * 64, "at most 63"), ("Gitops", "uppercase"), ("ABC", "uppercase"),
    ("a_b", "'_'"), ("a b", "' '"), ("a/b", "'/'"), ("é", "'é'"), ("-abc", "start and end"),
    ("abc-", "start and end"), (".abc", "start and end"), ("abc.", "start and end"), ("-", "start and end"),
    ("a\n", "'\\n'"),
])
@pytest.mark.parametrize("validate, option", [
    (validate_configuration_name, "--name"), (validate_kustomization_name, "--kustomization-name")])
def test_bad_object_names_say_which_rule(validate, option, name, rule):
    with pytest.raises(InvalidArgumentValueError) as err:
        validate(name)
    assert option in err.value.error_msg
    assert rule in err.value.error_msg
    assert err.value.recommendations


@pytest.mark.parametrize("name", ["default", "gitops-demo", "a", "x" * 63, "flux-system", "ns1"])
def test_good_namespaces(name):
    assert validate_namespace(name) == name


@pytest.mark.parametrize("name, rule", [
    ("a.b", "'.'"), ("", "empty"), ("x" * 64, "at most 63"), ("Default", "uppercase"), ("-ns", "start and end"),
    ("ns-", "start and end"), ("n_s", "'_'"),
])
def test_bad_namespaces(name, rule):
    with pytest.raises(InvalidArgumentValueError) as err:
        validate_namespace(name)
    assert "--namespace" in err.value.error_msg and rule in err.value.error_msg


def test_option_name_is_configurable():
    with pytest.raises(InvalidArgumentValueError, match="^-k name 'A'"):
        validate_kustomization_name("A", option="-k name")


def test_combined_length_limit():
    validate_combined_length("c" * 31, "k" * 31)  # 31 + 1 + 31 = 63
    with pytest.raises(InvalidArgumentValueError) as err:
        validate_combined_length("c" * 31, "k" * 32)
    assert "64 characters" in err.value.error_msg and "by 1 characters" in err.value.recommendations[0]
    assert "c" * 31 + "-" + "k" * 32 in err.value.error_msg
