"""What `flux validate` reports it checked (issue 14, item 8): the source as given (the reference in words), each
kustomization with its settings, one row per check — the local rules, then fetching and building, 'not run' when
they were not done — and the table, one row per kustomization, the same shape online and offline."""
import pytest

from azext_k8s_configuration.flux.kustomization_args import Kustomization
from azext_k8s_configuration.flux.validate_checks import describe
from azext_k8s_configuration.flux.validate_handlers import _Plan, _run
from azext_k8s_configuration.flux.validate_output import validate_table
from azext_k8s_configuration.flux.validate_source import reference
from azext_k8s_configuration.source_build.report import (
    ERROR,
    KubeObject,
    KustomizationResult,
    Problem,
    Report,
    SourceResult,
)

INFRA = Kustomization(name="infra", path="./infrastructure", prune=True)
APPS = Kustomization(name="apps", path="./apps", depends_on=["infra"], timeout=300)


def plan(kind="git", values=None, kustomizations=(INFRA, APPS), name=None, default_k=False, stored_name=None,
         given=("url", "branch")):
    values = {"url": "https://example.org/repo.git", "branch": "main"} if values is None else values
    return _Plan(kind, values, list(kustomizations), stored_name=stored_name, given=given, name=name,
                 namespace="default", scope="cluster", default_k=default_k)


def checks(result):
    return {row["check"]: (row["result"], row["details"]) for row in result["checks"]}


def offline(p):
    return describe(_run(p, offline=True).to_dict(), p)


@pytest.mark.parametrize("kind,values,words", [
    ("git", {"branch": "main"}, "branch 'main'"),
    ("git", {"tag": "v1.2.0"}, "tag 'v1.2.0'"),
    ("git", {"semver": ">=1.0.0"}, "semver range '>=1.0.0'"),
    ("git", {"branch": "main", "commit": "0ba6f0d3"}, "branch 'main' and commit '0ba6f0d3'"),
    ("git", {}, "the default branch"),
    ("oci", {"digest": "sha256:abc"}, "digest 'sha256:abc'"),
    ("oci", {}, "the tag 'latest'"),
    ("bucket", {"bucket_name": "my-bucket"}, "bucket 'my-bucket'"),
    ("azblob", {"container_name": "flux"}, "container 'flux'"),
])
def test_the_reference_as_given_in_words(kind, values, words):
    assert reference(kind, values) == words


def test_offline_reports_the_source_and_every_kustomization_not_built():
    result = offline(plan())
    assert result["valid"] is True
    assert (result["source"]["kind"], result["source"]["url"], result["source"]["reference"]) == \
        ("git", "https://example.org/repo.git", "branch 'main'")
    assert "revision" not in result["source"]
    infra, apps = result["kustomizations"]
    assert (infra["name"], infra["path"], infra["built"], infra["builder"]) == \
        ("infra", "./infrastructure", False, "not built: --offline")
    assert infra["settings"]["prune"] is True and infra["settings"]["timeoutInSeconds"] == 600  # create's default
    assert apps["settings"]["dependsOn"] == ["infra"] and apps["settings"]["timeoutInSeconds"] == 300


def test_offline_checks_say_which_local_rules_ran_and_what_was_not_run():
    rows = checks(offline(plan(name="cfg")))
    assert list(rows) == ["configuration name", "namespace and scope", "source options", "kustomization 'infra'",
                          "kustomization 'apps'", "fetch the source", "build the kustomizations"]
    assert rows["configuration name"] == ("passed", "--name 'cfg', and 'cfg-<kustomization>' within Flux's 63 "
                                                    "characters")
    assert rows["namespace and scope"] == ("passed", "--namespace 'default', --scope cluster")
    assert rows["source options"][0] == "passed" and rows["source options"][1].startswith("--kind git: --url, "
                                                                                           "--branch — each value")
    assert rows["kustomization 'infra'"] == ("passed", "the name (once only); path, prune: each key known, each "
                                                       "value valid")
    assert rows["kustomization 'apps'"][1].endswith("depends_on infra: each names a kustomization given, not "
                                                    "itself, and no cycle")
    assert rows["fetch the source"] == ("not run", "--offline: only the local rules were checked.")
    assert rows["build the kustomizations"][0] == "not run"


def test_without_a_name_its_rules_did_not_run_and_the_default_kustomization_is_named():
    rows = checks(offline(plan(kustomizations=[Kustomization(name="kustomization-1", path="")], default_k=True)))
    assert rows["configuration name"][0] == "not run" and "no --name given" in rows["configuration name"][1]
    assert rows["kustomization 'kustomization-1'"] == ("passed", "no -k given: the default kustomization (path: "
                                                                 "the repository's root)")


def test_another_kind_is_checked_locally_only_with_its_reference():
    p = plan("bucket", {"url": "https://s3.example", "bucket_name": "b"}, given=("url", "bucket_name"))
    result = describe(_run(p, offline=False).to_dict(), p)
    assert result["source"]["reference"] == "bucket 'b'"
    assert {k["builder"] for k in result["kustomizations"]} == {"not built: --kind bucket is not fetched from here"}
    assert checks(result)["fetch the source"][0] == "not run"


def online(kustomizations, source_problems=(), revision="main@sha1:1f4b050", problems=()):
    report = Report(SourceResult("git", "https://example.org/repo.git", "branch 'main'", revision=revision,
                                 problems=list(source_problems)), kustomizations, list(problems))
    return describe(report.to_dict(), plan())


def test_online_rows_say_what_the_fetch_and_builds_found():
    built = [KustomizationResult("infra", "./infrastructure", "kustomize", [KubeObject("v1", "Namespace", "a")]),
             KustomizationResult("apps", "./apps", "kustomize")]
    rows = checks(online(built))
    assert rows["fetch the source"] == ("passed", "branch 'main': main@sha1:1f4b050")
    assert rows["build the kustomizations"] == ("passed", "infra: 1 object(s), apps: 0 object(s)")
    failing = [built[0], KustomizationResult("apps", "./apps", "kustomize",
                                             problems=[Problem(ERROR, "yaml-error", "bad")])]
    assert checks(online(failing))["build the kustomizations"] == ("failed", "apps")
    between = checks(online(built, problems=[Problem(ERROR, "duplicate-object", "twice")]))
    assert between["build the kustomizations"] == ("failed", "between kustomizations")


def test_an_unreadable_source_fails_the_fetch_and_builds_nothing():
    not_built = [KustomizationResult.not_built("infra", "./infrastructure", "the source could not be read")]
    rows = checks(online(not_built, [Problem(ERROR, "unreachable", "Could not reach 127.0.0.1:9")], revision=None))
    assert rows["fetch the source"] == ("failed", "Could not reach 127.0.0.1:9")
    assert rows["build the kustomizations"] == ("not run", "the source was not fetched")


def test_a_stored_configuration_lists_what_was_given_again_and_its_settings_as_stored():
    stored = Kustomization(name="infra", path="./infrastructure", prune=True, timeout=600)
    p = plan(kustomizations=[stored], stored_name="cfg", given=("https_key",))
    result = describe(_run(p, offline=True).to_dict(), p)
    rows = checks(result)
    assert rows["stored configuration"][0] == "passed" and "'cfg' read from the cluster" in \
        rows["stored configuration"][1]
    assert rows["source options"] == ("passed", "--https-key given again: each value")
    assert result["kustomizations"][0]["settings"] == {"path": "./infrastructure", "prune": True,
                                                       "timeoutInSeconds": 600}  # as stored, no defaults added


def test_the_table_has_one_row_per_kustomization_not_built_ones_without_an_object_count():
    rows = validate_table(offline(plan()))
    assert [list(r.values()) for r in rows] == [
        ["infra", "./infrastructure", "-", 0, 0, "not built: --offline"],
        ["apps", "./apps", "-", 0, 0, "not built: --offline"]]
    built = validate_table(online([KustomizationResult("infra", "./infrastructure", "kustomize")]))
    assert [list(r.values()) for r in built] == [["infra", "./infrastructure", 0, 0, 0, "kustomize"]]
