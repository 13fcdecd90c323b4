import pytest
from azure.cli.core.azclierror import ArgumentUsageError, InvalidArgumentValueError, RequiredArgumentMissingError

from azext_k8s_configuration.flux.kustomization_args import (
    KEYS,
    VALIDATION_IGNORED_WARNING,
    Kustomization,
    parse_bool,
    parse_depends_on,
    parse_kustomization_args,
    parse_one,
)
from azext_k8s_configuration.flux.kustomization_settings import keys_text


def parse(*groups, config_name=None, existing_graph=None):
    return parse_kustomization_args([list(g) for g in groups], config_name=config_name,
                                    existing_graph=existing_graph)


def test_tutorial_example():
    ks, warnings = parse(["name=infra", "path=./infrastructure", "prune=true"],
                         ["name=apps", "path=./apps/staging", "prune=true", 'dependsOn=["infra"]'],
                         config_name="gitops-demo")
    assert warnings == []
    assert ks == [Kustomization(name="infra", path="./infrastructure", prune=True),
                  Kustomization(name="apps", path="./apps/staging", prune=True, depends_on=["infra"])]


@pytest.mark.parametrize("token", [
    'dependsOn=["infra"]',      # single-quoted in the shell
    "dependsOn=[infra]",        # bash removed the inner quotes of dependsOn=["infra"] / \["infra"\]
    "depends_on=infra",
    "depends=infra",
    "dependencies=infra",
    "depends-on=infra",
    "DependsOn=infra",
    "dependsOn=['infra']",
    "dependsOn= infra ",
    'dependsOn=[ "infra" ]',
    'dependsOn=\\["infra"\\]',      # the escaped form, when the shell passes it on literally
    'dependsOn=[\\"infra\\"]',      # quotes escaped for cmd.exe / PowerShell
])
def test_depends_on_spellings_and_quoting(token):
    ks, _ = parse(["name=infra"], ["name=apps", token])
    assert ks[1].depends_on == ["infra"]


@pytest.mark.parametrize("value, expected", [
    ("a", ["a"]), ("a,b", ["a", "b"]), ("a, b", ["a", "b"]), ("[a,b]", ["a", "b"]),
    ('["a","b"]', ["a", "b"]), ("['a','b']", ["a", "b"]), ("", []), ("[]", []), ("a,a", ["a"]),
    (["a", "b"], ["a", "b"]), ("[a]", ["a"]), ('["a",1]', ["a", "1"]),
])
def test_parse_depends_on(value, expected):
    assert parse_depends_on(value, "--depends-on") == expected


@pytest.mark.parametrize("value", ["a,,b", ",a", "a,", "[a,,b]", "A", "a b", "a;b", "[[a]]"])
def test_bad_depends_on(value):
    with pytest.raises(InvalidArgumentValueError) as err:
        parse_depends_on(value, "--kustomization depends_on")
    assert "--kustomization depends_on" in err.value.error_msg


@pytest.mark.parametrize("token, field, value", [
    ("sync_interval=1h", "sync_interval", 3600), ("syncInterval=5m", "sync_interval", 300),
    ("interval=30s", "sync_interval", 30), ("timeout=2m", "timeout", 120),
    ("retry_interval=1m", "retry_interval", 60), ("retryInterval=90s", "retry_interval", 90),
    ("prune=true", "prune", True), ("prune=FALSE", "prune", False), ("prune=True", "prune", True),
    ("force=true", "force", True), ("force=fAlSe", "force", False),
    ("disable_health_check=true", "wait", False), ("disable-health-check=false", "wait", True),
    ("path=./apps/staging", "path", "./apps/staging"), ("path=", "path", ""),
    ("path=a=b", "path", "a=b"), ("PATH=./x", "path", "./x"),
])
def test_keys_and_aliases(token, field, value):
    kustomization = parse_one(["name=k", token])
    assert getattr(kustomization, field) == value


@pytest.mark.parametrize("value", ["yes", "1", "no", "", "t", "truee"])
@pytest.mark.parametrize("key", ["prune", "force", "disable_health_check"])
def test_bad_booleans(key, value):
    with pytest.raises(InvalidArgumentValueError) as err:
        parse_one(["name=k", f"{key}={value}"])
    assert f"--kustomization (name=k) {key} '{value}'" in err.value.error_msg
    assert "true or false" in err.value.recommendations[0]


@pytest.mark.parametrize("key", ["timeout", "sync_interval", "interval", "retry_interval"])
@pytest.mark.parametrize("value", ["10", "1d", "1.5", ""])
def test_bad_durations_name_the_key(key, value):
    with pytest.raises(InvalidArgumentValueError) as err:
        parse_one(["name=k", f"{key}={value}"])
    assert "--kustomization" in err.value.error_msg and "not a valid duration" in err.value.error_msg


def test_parse_bool_passes_bools():
    assert parse_bool(True, "--x") is True and parse_bool(False, "--x") is False


@pytest.mark.parametrize("value", ["none", "client", "server", "Server"])
def test_validation_key_accepted_with_one_warning(value):
    ks, warnings = parse(["name=a", f"validation={value}"], ["name=b", "validation=none"])
    assert warnings == [VALIDATION_IGNORED_WARNING]
    assert "validation" not in ks[0].given()


def test_bad_validation_value():
    with pytest.raises(InvalidArgumentValueError, match=r"--kustomization \(name=a\) validation 'strict'"):
        parse_one(["name=a", "validation=strict"])


def test_unknown_key_lists_valid_keys_and_suggests():
    with pytest.raises(InvalidArgumentValueError) as err:
        parse_one(["name=a", "prun=true"])
    assert "unknown key 'prun'" in err.value.error_msg and "Did you mean 'prune'" in err.value.error_msg
    for key in ("name", "path", "prune", "depends_on", "dependsOn", "timeout", "sync_interval", "retry_interval",
                "force", "disable_health_check", "substitute", "substitute_from"):
        assert key in err.value.recommendations[0]
    # the keys help lists, no other ('validation' is accepted and ignored: advertised by neither)
    assert err.value.recommendations[0] == f"Valid keys: {keys_text()}."
    assert "validation" not in err.value.recommendations[0]


def test_unknown_key_without_suggestion():
    with pytest.raises(InvalidArgumentValueError) as err:
        parse_one(["name=a", "zzzzzz=1"])
    assert "Did you mean" not in err.value.error_msg


@pytest.mark.parametrize("token", ["prune", "infra", "", "name"])
def test_token_without_equals_is_usage_error(token):
    with pytest.raises(ArgumentUsageError) as err:
        parse_one(["name=a", token])
    assert "KEY=VALUE" in err.value.error_msg and "Valid keys" in err.value.recommendations[0]


@pytest.mark.parametrize("tokens", [["prune=true", "dependsOn=x", "depends=y"],
                                    ["name=a", "depends_on=b", "dependsOn=c"],
                                    ["name=a", "interval=1m", "sync_interval=2m"], ["name=a", "name=b"]])
def test_duplicate_keys_in_one_group(tokens):
    with pytest.raises(InvalidArgumentValueError, match="given twice"):
        parse_one(tokens)


def test_name_required():
    with pytest.raises(RequiredArgumentMissingError) as err:
        parse_one(["path=./x", "prune=true"])
    assert "needs a name" in err.value.error_msg and "path=./x" in err.value.error_msg


@pytest.mark.parametrize("name", ["Infra", "in_fra", "-infra", "x" * 64, ""])
def test_bad_names(name):
    with pytest.raises(InvalidArgumentValueError) as err:
        parse_one([f"name={name}"])
    assert "--kustomization name" in err.value.error_msg


def test_duplicate_names_refused_never_dropped():
    with pytest.raises(InvalidArgumentValueError) as err:
        parse(["name=apps", "path=./a"], ["name=infra"], ["name=apps", "path=./b"])
    assert "'apps' is given more than once" in err.value.error_msg


def test_depends_on_unknown():
    with pytest.raises(InvalidArgumentValueError) as err:
        parse(["name=apps", "dependsOn=infra"])
    assert "'apps' depends on 'infra'" in err.value.error_msg and "known: apps" in err.value.error_msg


def test_depends_on_self():
    with pytest.raises(InvalidArgumentValueError, match="'apps' depends on itself"):
        parse(["name=apps", "dependsOn=apps"])


@pytest.mark.parametrize("groups, cycle", [
    ([["name=a", "dependsOn=b"], ["name=b", "dependsOn=a"]], "a -> b -> a"),
    ([["name=a", "dependsOn=b"], ["name=b", "dependsOn=c"], ["name=c", "dependsOn=a"]], "a -> b -> c -> a"),
    ([["name=x"], ["name=b", "dependsOn=c,x"], ["name=c", "dependsOn=b"]], "b -> c -> b"),
])
def test_cycle_is_named(groups, cycle):
    with pytest.raises(InvalidArgumentValueError) as err:
        parse(*groups)
    assert cycle in err.value.error_msg and err.value.recommendations


def test_diamond_is_not_a_cycle():
    ks, _ = parse(["name=a"], ["name=b", "dependsOn=a"], ["name=c", "dependsOn=a"], ["name=d", "dependsOn=b,c"])
    assert [k.name for k in ks] == ["a", "b", "c", "d"]


def test_dependencies_checked_against_existing_set():
    ks, _ = parse(["name=apps", "dependsOn=infra"], existing_graph={"infra": []})
    assert ks[0].depends_on == ["infra"]
    with pytest.raises(InvalidArgumentValueError, match="apps -> infra -> apps"):
        parse(["name=apps", "dependsOn=infra"], existing_graph={"infra": ["apps"], "apps": []})


def test_upsert_without_depends_on_keeps_existing_edges():
    with pytest.raises(InvalidArgumentValueError, match="a -> b -> c -> a"):
        parse(["name=c", "dependsOn=a"], existing_graph={"a": ["b"], "b": ["c"]})


def test_a_stored_cycle_the_command_does_not_touch_is_a_warning_not_a_refusal():
    # written by another tool: refusing would block every -k change until someone repairs it elsewhere
    ks, warnings = parse(["name=c", "dependsOn=a"], existing_graph={"a": ["b"], "b": ["a"]})
    assert [k.name for k in ks] == ["c"]
    [warning] = warnings
    assert "a -> b -> a" in warning and "-k a --depends-on \"\"" in warning


def test_in_cluster_name_limit():
    parse(["name=" + "k" * 31], config_name="c" * 31)
    with pytest.raises(InvalidArgumentValueError) as err:
        parse(["name=" + "k" * 32], config_name="c" * 31)
    assert "64 characters" in err.value.error_msg


def test_none_and_empty_groups():
    assert parse_kustomization_args(None) == ([], [])
    assert parse_kustomization_args([]) == ([], [])


def test_given_lists_only_set_fields():
    assert parse_one(["name=a", "prune=false"]).given() == {"prune": False}


def test_help_text_explains_quoting():
    # what users read: `flux create -h` (the -k keys and how to quote them in a shell)
    from azext_k8s_configuration._help import helps
    text = " ".join(helps["k8s-configuration flux create"].split())
    assert "in bash quote the bracket forms ('dependsOn=[\"infra\"]')" in text
    assert "`depends_on=infra` and `depends_on=infra,db` are shell-safe" in text
    for key in KEYS:
        if key != "validation":  # accepted and ignored, not advertised
            assert key in text, key


@pytest.mark.parametrize("tokens, example", [
    (["name=apps", "timeout=1d"], "--kustomization name=apps timeout=10m"),
    (["name=apps", "sync_interval=0s"], "--kustomization name=apps sync_interval=10m"),
    (["name=apps", "retry_interval=9999999h"], "--kustomization name=apps retry_interval=24h"),
    (["name=apps", "substitute=no-colon"], "--kustomization name=apps substitute=cluster_env:prod,replicas:2"),
    (["name=apps", "substitute_from=Pod:x"],
     "--kustomization name=apps substitute_from=ConfigMap:cluster-vars,Secret:db-creds:optional"),
    (["name="], "--kustomization name=cluster-config"),
])
def test_the_example_in_a_hint_about_a_key_runs_as_written(tokens, example):
    """The message says which -k is meant; the hint's example is what the user would type."""
    with pytest.raises(InvalidArgumentValueError) as err:
        parse_one(tokens)
    assert "--kustomization" in err.value.error_msg
    assert f"e.g. {example}" in err.value.recommendations[0]
