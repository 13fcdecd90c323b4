"""flux apply -f, the shape `flux show` prints (and the nested ARM shape): every member to the create spec, every
refusal, and the plan against a stored configuration (REFERENCE.md §12)."""
import json

import pytest
import yaml
from azure.cli.core.azclierror import InvalidArgumentValueError, RequiredArgumentMissingError, ValidationError
from declarative_helpers import CLUSTER, plan_for, read_text, shown, stored

from azext_k8s_configuration.declarative import desired
from azext_k8s_configuration.declarative.export import azure_document
from azext_k8s_configuration.declarative.plan import comparable
from azext_k8s_configuration.flux.model import build_create_spec

URL = "https://github.com/fluxcd/flux2-kustomize-helm-example"


def tutorial_body(**extra):
    return build_create_spec(name="gitops-demo", namespace="gitops-demo", url=URL, branch="main", kustomization=[
        ["name=infra", "path=./infrastructure", "prune=true"],
        ["name=apps", "path=./apps/staging", "prune=true", "dependsOn=[\"infra\"]"]], **extra).body


def same(body, other):
    """The same configuration after the service's normalisation (e.g. wait: true filled in)."""
    return comparable(body["properties"]) == comparable(other["properties"])


def spec_of(text, **options):
    return desired.build(read_text(text), options.pop("name", None), options, options.pop("kustomization", None))


def test_show_output_reads_back_to_the_create_body():
    body = tutorial_body()
    text = yaml.safe_dump(shown(stored(body)))
    assert same(spec_of(text).body, body)
    assert spec_of(text).body["properties"]["kustomizations"]["apps"]["wait"] is True  # as shown


def test_nested_arm_shape_with_wire_names_is_accepted():
    body = tutorial_body(https_ca_cert=None)
    resource = stored(body)
    resource["properties"]["gitRepository"]["httpsCACert"] = None
    assert same(spec_of(json.dumps(resource)).body, body)


def test_every_member_maps_to_its_option():
    text = """
name: full
scope: namespace
namespace: team-a
sourceKind: GitRepository
suspend: true
waitForReconciliation: true
reconciliationWaitDuration: PT1H30M
gitRepository:
  url: https://dev.azure.com/org/p/_git/repo
  repositoryRef: {branch: main, commit: 0123456789abcdef0123456789abcdef01234567}
  timeoutInSeconds: 300
  syncIntervalInSeconds: 3725
  provider: Azure
kustomizations:
  apps:
    name: apps
    path: ./apps
    dependsOn: [infra]
    timeoutInSeconds: 60
    syncIntervalInSeconds: 120
    retryIntervalInSeconds: 30
    prune: true
    force: true
    wait: false
    postBuild:
      substitute: {cluster_env: prod}
      substituteFrom: [{kind: ConfigMap, name: vars, optional: true}]
  infra: {path: ./infra}
"""
    props = spec_of(text).body["properties"]
    assert props["scope"] == "namespace" and props["namespace"] == "team-a" and props["suspend"] is True
    assert props["waitForReconciliation"] is True and props["reconciliationWaitDuration"] == "PT1H30M"
    git = props["gitRepository"]
    assert git == {"url": "https://dev.azure.com/org/p/_git/repo", "provider": "Azure",
                   "repositoryRef": {"branch": "main", "commit": "0123456789abcdef0123456789abcdef01234567"},
                   "timeoutInSeconds": 300, "syncIntervalInSeconds": 3725}
    apps = props["kustomizations"]["apps"]
    assert apps == {"path": "./apps", "dependsOn": ["infra"], "timeoutInSeconds": 60, "syncIntervalInSeconds": 120,
                    "retryIntervalInSeconds": 30, "prune": True, "force": True, "wait": False,
                    "postBuild": {"substitute": {"cluster_env": "prod"},
                                  "substituteFrom": [{"kind": "ConfigMap", "name": "vars", "optional": True}]}}


def test_read_only_members_are_ignored():
    resource = stored(tutorial_body())
    printed = shown(resource)
    printed.update(resourceGroup="rg", statuses=[{"name": "x"}], complianceState="Compliant",
                   repositoryPublicKey="AAAA", sourceSyncedCommitId="abc", errorMessage="boom")
    assert same(spec_of(yaml.safe_dump(printed)).body, tutorial_body())


@pytest.mark.parametrize("text, member, nearest", [
    ("name: a\ngitRepository: {url: " + URL + ", brnach: main}\n", "gitRepository.brnach", None),
    ("name: a\nsuspended: true\ngitRepository: {url: " + URL + "}\n", "suspended", "suspend"),
    ("name: a\ngitRepository: {url: " + URL + ", repositoryRef: {brnch: main}}\n", "repositoryRef.brnch", "branch"),
    ("name: a\ngitRepository: {url: " + URL + "}\nkustomizations: {k: {pth: ./x}}\n", "kustomizations.k.pth", "path"),
])
def test_an_unknown_member_is_refused_naming_it_and_its_nearest_name(text, member, nearest):
    with pytest.raises(InvalidArgumentValueError) as error:
        read_text(text)
    assert member in str(error.value) and "line" in str(error.value)
    if nearest:
        assert f"Did you mean '{nearest}'" in str(error.value)


@pytest.mark.parametrize("text, member", [
    ("name: a\nconfigurationProtectedSettings: {httpsKey: c2VjcmV0}\ngitRepository: {url: " + URL + "}\n",
     "configurationProtectedSettings.httpsKey"),
    ("name: a\nsourceKind: AzureBlob\nazureBlob: {url: https://a.blob.core.windows.net, containerName: c, "
     "accountKey: s3cret}\n", "azureBlob.accountKey"),
])
def test_a_secret_in_the_file_is_refused_and_not_echoed(text, member):
    with pytest.raises(InvalidArgumentValueError) as error:
        read_text(text)
    assert member in str(error.value) and "secret" in str(error.value)
    assert "s3cret" not in str(error.value) and "c2VjcmV0" not in str(error.value)


@pytest.mark.parametrize("text, expected", [
    ("name: a\ngitRepository: {url: " + URL + "}\nbucket: {url: https://s3.example.com, bucketName: b}\n",
     "exactly one source"),
    ("name: a\nsourceKind: Helm\n", "sourceKind 'Helm'"),
    ("name: a\ngitRepository: [1]\n", "must be an object"),
    ("name: a\nkustomizations: {k: {name: other}}\ngitRepository: {url: " + URL + "}\n", "has name 'other'"),
    ("name: a\nreconciliationWaitDuration: 30m\ngitRepository: {url: " + URL + "}\n", "ISO 8601"),
    ("name: a\n---\nname: b\n", "applies one"),
    ("name: [a\n", "not valid YAML"),
    ("- a\n- b\n", "must be an object"),
    ("name: a\nname: b\n", "given twice"),
])
def test_bad_files_are_refused(text, expected):
    with pytest.raises(InvalidArgumentValueError) as error:
        read_text(text)
    assert expected in str(error.value)


@pytest.mark.parametrize("text, options, expected", [
    ("name: Bad_Name\ngitRepository: {url: " + URL + "}\n", {}, "--name"),
    ("name: a\ngitRepository: {url: " + URL + ", timeoutInSeconds: 0}\n", {}, "gitRepository.timeoutInSeconds"),
    ("name: a\ngitRepository: {url: " + URL + "}\nkustomizations: {k: {syncIntervalInSeconds: 10x}}\n", {},
     "kustomizations"),
    ("name: a\ngitRepository: {url: " + URL + ", httpsUser: git}\n", {}, "--https-key"),
    ("name: a\ngitRepository: {url: " + URL + "}\nkustomizations: {k: {dependsOn: [nope]}}\n", {}, "nope"),
])
def test_the_create_rules_refuse_what_create_refuses(text, options, expected):
    with pytest.raises((InvalidArgumentValueError, RequiredArgumentMissingError, ValidationError)) as error:
        spec_of(text, **options)
    assert expected in str(error.value)


def test_a_file_without_a_name_needs_name():
    with pytest.raises(RequiredArgumentMissingError):
        spec_of("gitRepository: {url: " + URL + "}\n")
    assert spec_of("gitRepository: {url: " + URL + "}\n", name="given").name == "given"


def test_options_override_the_file_and_k_merges_by_name():
    text = yaml.safe_dump(shown(stored(tutorial_body())))
    spec = spec_of(text, branch="release", kustomization=[["name=apps", "prune=false"], ["name=extra", "path=./x"]])
    props = spec.body["properties"]
    assert props["gitRepository"]["repositoryRef"] == {"branch": "release"}
    assert props["kustomizations"]["apps"]["prune"] is False
    assert props["kustomizations"]["apps"]["path"] == "./apps/staging"  # kept from the file
    assert props["kustomizations"]["extra"]["path"] == "./x"


# --------------------------------------------------------------------------- the plan

def test_equal_after_normalisation_is_unchanged():
    resource = stored(tutorial_body())
    document, _ = azure_document(resource)
    # order of keys and of dependsOn, durations as any Go duration would say them: still unchanged
    assert plan_for(yaml.safe_dump(document), resource).action == "unchanged"


def test_absent_is_create_with_the_create_body():
    text = yaml.safe_dump(shown(stored(tutorial_body())))
    plan = plan_for(text)
    assert plan.action == "create" and plan.method == "PUT" and same(plan.body, tutorial_body())
    assert plan.cluster == CLUSTER


def test_the_patch_holds_only_what_changed_and_removes_what_the_file_left_out():
    resource = stored(tutorial_body())
    document, _ = azure_document(resource)
    document["gitRepository"]["repositoryRef"] = {"tag": "v1.0.0"}
    document["kustomizations"].pop("apps")
    document["kustomizations"]["infra"]["retryIntervalInSeconds"] = 60
    plan = plan_for(yaml.safe_dump(document), resource)
    assert plan.method == "PATCH"
    assert plan.body == {"properties": {
        "gitRepository": {"repositoryRef": {"branch": None, "tag": "v1.0.0"}},
        "kustomizations": {"infra": {"retryIntervalInSeconds": 60}, "apps": None}}}
    assert {"path": "gitRepository.repositoryRef.branch", "from": "main", "to": None} in plan.changes
    from spec_schema import validate_against_spec
    validate_against_spec(plan.body, "FluxConfigurationPatch")


def test_a_source_kind_change_is_a_put():
    resource = stored(tutorial_body())
    text = "name: gitops-demo\nnamespace: gitops-demo\nsourceKind: OCIRepository\n" \
           "ociRepository: {url: oci://ghcr.io/org/app, repositoryRef: {tag: v1}}\n"
    plan = plan_for(text, resource)
    assert plan.action == "update" and plan.method == "PUT"
    assert plan.body["properties"]["sourceKind"] == "OCIRepository"


def test_namespace_cannot_change():
    resource = stored(tutorial_body())
    document, _ = azure_document(resource)
    document["namespace"] = "other"
    with pytest.raises(ValidationError) as error:
        plan_for(yaml.safe_dump(document), resource)
    assert "cannot be changed" in str(error.value)


def test_secrets_given_are_sent_and_planned_as_secret_and_kept_when_not_given():
    body = build_create_spec(name="priv", url=URL, branch="main", https_user="git", https_key="s3cret-token",
                             kustomization=[["name=k"]]).body
    resource = stored(body, "priv")
    document, _ = azure_document(resource)
    text = yaml.safe_dump(document)
    assert plan_for(text, resource).action == "unchanged"  # the stored key is kept: nothing to send
    plan = plan_for(text, resource, options={"https_key": "n3w-token"})
    assert plan.method == "PATCH"
    assert plan.body["properties"] == {"configurationProtectedSettings": {"httpsKey": "bjN3LXRva2Vu"}}
    assert plan.changes == [{"path": "configurationProtectedSettings.httpsKey", "from": None, "to": "(secret)"}]
    assert "n3w" not in json.dumps(plan.as_dict()) and "bjN3" not in json.dumps(plan.as_dict())
    with pytest.raises(RequiredArgumentMissingError) as error:  # a new cluster: the secret must be given
        plan_for(text)
    assert "--https-key" in str(error.value) and "gitRepository.httpsUser" in str(error.value)


def test_kept_secrets_of_the_other_kinds():
    blob = build_create_spec(name="blob", kind="azblob", url="https://acct.blob.core.windows.net",
                             container_name="c", sas_token="sv=2020&sig=x", kustomization=[["name=k"]]).body
    resource = stored(blob, "blob")
    assert plan_for(yaml.safe_dump(azure_document(resource)[0]), resource).action == "unchanged"
    bucket = build_create_spec(name="b", kind="bucket", url="https://s3.example.com", bucket_name="bkt",
                               bucket_access_key="AK", bucket_secret_key="SK", kustomization=[["name=k"]]).body
    resource = stored(bucket, "b")
    assert plan_for(yaml.safe_dump(azure_document(resource)[0]), resource).action == "unchanged"


def test_a_file_listing_no_kustomization_means_none_and_a_file_without_the_member_gets_create_s_default():
    body = build_create_spec(name="bare", url=URL, branch="main", kustomization=[["name=k"]]).body
    body["properties"]["kustomizations"] = {}
    resource = stored(body, "bare")
    document, _ = azure_document(resource)
    assert document["kustomizations"] == {}
    assert plan_for(yaml.safe_dump(document), resource).action == "unchanged"
    del document["kustomizations"]
    spec = spec_of(yaml.safe_dump(document))
    assert list(spec.body["properties"]["kustomizations"]) == ["kustomization-1"]


def test_changes_name_members_as_flux_show_prints_them():
    from azext_k8s_configuration.declarative.plan import printed_path
    assert printed_path(("gitRepository", "httpsCACert")) == "gitRepository.httpsCaCert"
    assert printed_path(("kustomizations", "apps", "postBuild", "substitute", "env")) == \
        "kustomizations.apps.postBuild.substitute.env"
    assert printed_path(("ociRepository", "verify", "matchOidcIdentity")) == "ociRepository.verify.matchOidcIdentity"


def test_reading_files(tmp_path):
    from azext_k8s_configuration.declarative import documents
    with pytest.raises(InvalidArgumentValueError) as error:
        documents.load(str(tmp_path / "missing.yaml"))
    assert "--file" in str(error.value) and "missing.yaml" in str(error.value)
    empty = tmp_path / "empty.yaml"
    empty.write_text("---\n# nothing\n")
    with pytest.raises(InvalidArgumentValueError) as error:
        documents.load(str(empty))
    assert "no document" in str(error.value)
    tabbed = tmp_path / "c.json"
    tabbed.write_text(json.dumps({"name": "a", "gitRepository": {"url": URL}}, indent="\t"))
    [document] = documents.load(str(tabbed))
    assert document.data["gitRepository"]["url"] == URL and document.line(("gitRepository", "url")) == 4


def test_scope_and_namespace_left_out_of_the_file_keep_the_stored_ones():
    body = build_create_spec(name="ns", scope="namespace", namespace="team", url=URL, branch="main",
                             kustomization=[["name=k"]]).body
    resource = stored(body, "ns")
    document, _ = azure_document(resource)
    del document["scope"], document["namespace"]
    assert plan_for(yaml.safe_dump(document), resource).action == "unchanged"
    assert plan_for(yaml.safe_dump(document)).body["properties"]["scope"] == "cluster"  # new: create's default


def test_an_unquoted_number_where_the_api_takes_text_is_refused_with_its_line():
    from declarative_helpers import read_text
    text = ("name: app\nnamespace: apps\ngitRepository:\n  url: https://example.com/repo\n"
            "  repositoryRef:\n    tag: 1.10\n")
    with pytest.raises(InvalidArgumentValueError, match=r"line 6: 'gitRepository\.repositoryRef\.tag' is 1\.1, not "
                                                        r"text"):
        read_text(text)
