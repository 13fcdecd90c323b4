"""flux apply -f with Flux's own manifests (REFERENCE.md §12): what `flux create source git --export`,
`flux create kustomization --export` and a bootstrap repository write; every mapped field, every refusal; and
flux export --format flux read back to the same configuration."""
import os

import pytest
import yaml
from azure.cli.core.azclierror import InvalidArgumentValueError
from declarative_helpers import read_text, stored

from azext_k8s_configuration.declarative import desired
from azext_k8s_configuration.declarative.flux_export import manifests
from azext_k8s_configuration.declarative.plan import comparable
from azext_k8s_configuration.flux.model import build_create_spec

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures", "flux")


def fixture(*names):
    return "".join(open(os.path.join(FIXTURES, name), encoding="utf-8").read() for name in names)


def props_of(text, ignore_unsupported=False, **options):
    config = read_text(text, ignore_unsupported)
    return desired.build(config, options.pop("name", None), options, None).body["properties"], config


def test_flux_create_exports_map_field_by_field():
    props, config = props_of(fixture("source_git_export.yaml", "kustomization_export.yaml"))
    assert config.name == "podinfo" and props["namespace"] == "flux-system"
    assert props["gitRepository"] == {"url": "https://github.com/stefanprodan/podinfo",
                                      "repositoryRef": {"branch": "master"}, "syncIntervalInSeconds": 60,
                                      "timeoutInSeconds": 600}
    assert props["kustomizations"] == {"podinfo": {
        "path": "./kustomize", "dependsOn": [], "timeoutInSeconds": 180, "syncIntervalInSeconds": 300,
        "retryIntervalInSeconds": 120, "prune": True, "force": False, "wait": True}}


def test_a_bootstrap_cluster_directory_keeps_the_source_and_its_kustomization_and_skips_the_rest():
    text = fixture("bootstrap_cluster.yaml")
    props, config = props_of(text)
    assert config.name == "flux-system"
    assert props["gitRepository"]["url"] == "ssh://git@github.com/org/fleet-infra"
    assert props["gitRepository"]["localAuthRef"] == "flux-system"
    assert list(props["kustomizations"]) == ["flux-system"]
    assert props["kustomizations"]["flux-system"]["path"] == "./clusters/my-cluster"
    notes = " ".join(config.notes)
    assert "Secret 'flux-system' skipped" in notes
    assert "1 CustomResourceDefinition" in notes and "2 Deployment" in notes and "1 Namespace" in notes
    assert "c2VjcmV0" not in notes and "secret-key-material" not in notes


def test_oci_and_bucket_sources():
    oci = """
apiVersion: source.toolkit.fluxcd.io/v1beta2
kind: OCIRepository
metadata: {name: app, namespace: apps}
spec:
  url: oci://ghcr.io/org/manifests/app
  ref: {semver: ">=1.0.0"}
  interval: 5m
  timeout: 1m
  layerSelector: {mediaType: application/vnd.cncf.flux.content.v1.tar+gzip, operation: copy}
  serviceAccountName: puller
  insecure: true
  provider: generic
  verify:
    provider: cosign
    matchOIDCIdentity: [{issuer: "^https://token.actions.githubusercontent.com$", subject: "^https://github.com/org/.*$"}]
---
apiVersion: kustomize.toolkit.fluxcd.io/v1beta2
kind: Kustomization
metadata: {name: app-deploy, namespace: apps}
spec:
  sourceRef: {kind: OCIRepository, name: app}
  interval: 10m
  path: ./
  postBuild:
    substitute: {env: prod}
    substituteFrom: [{kind: ConfigMap, name: vars}]
"""
    props, _ = props_of(oci)
    block = props["ociRepository"]
    assert block["repositoryRef"] == {"semver": ">=1.0.0"} and block["insecure"] is True
    assert block["layerSelector"] == {"mediaType": "application/vnd.cncf.flux.content.v1.tar+gzip",
                                      "operation": "copy"}
    assert block["serviceAccountName"] == "puller" and block["verify"]["provider"] == "cosign"
    assert block["verify"]["matchOidcIdentity"][0]["subject"] == "^https://github.com/org/.*$"
    assert props["kustomizations"]["deploy"]["postBuild"] == {
        "substitute": {"env": "prod"}, "substituteFrom": [{"kind": "ConfigMap", "name": "vars"}]}

    bucket = """
apiVersion: source.toolkit.fluxcd.io/v1
kind: Bucket
metadata: {name: store, namespace: flux-system}
spec: {bucketName: manifests, endpoint: minio.example.com:9000, insecure: true, secretRef: {name: minio-creds},
       interval: 2m, provider: generic}
"""
    props, _ = props_of(bucket)
    assert props["bucket"] == {"url": "http://minio.example.com:9000", "bucketName": "manifests", "insecure": True,
                               "localAuthRef": "minio-creds", "timeoutInSeconds": 600, "syncIntervalInSeconds": 120}


def test_unsupported_fields_are_refused_with_document_and_line_or_dropped():
    text = fixture("source_git_export.yaml") + """---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata: {name: podinfo, namespace: flux-system}
spec:
  sourceRef: {kind: GitRepository, name: podinfo}
  interval: 5m
  targetNamespace: default
  patches:
    - patch: "x"
"""
    text = text.replace("  url: https://github.com/stefanprodan/podinfo",
                        "  url: https://github.com/stefanprodan/podinfo\n  recurseSubmodules: true")
    with pytest.raises(InvalidArgumentValueError) as error:
        read_text(text)
    message = str(error.value)
    lines = text.splitlines()

    def line_of(word):
        return next(i for i, line in enumerate(lines, start=1) if word in line)
    assert f"document 1, line {line_of('recurseSubmodules')}" in message and "recurseSubmodules" in message
    assert f"document 2, line {line_of('targetNamespace')}" in message and "targetNamespace" in message
    assert "spec.patches" in message
    config = read_text(text, ignore_unsupported=True)
    assert sum("Dropped" in note for note in config.notes) == 3


@pytest.mark.parametrize("text, expected", [
    (fixture("source_git_export.yaml") * 2, "several sources"),
    (fixture("kustomization_export.yaml"), "no GitRepository"),
    (fixture("source_git_export.yaml", "kustomization_export.yaml").replace("name: podinfo\n  timeout",
                                                                            "name: other\n  timeout"),
     "reconciles GitRepository 'flux-system/other'"),
    (fixture("source_git_export.yaml").replace("v1\nkind: GitRepository", "v1beta1\nkind: GitRepository"),
     "apiVersion 'source.toolkit.fluxcd.io/v1beta1'"),
])
def test_bad_manifests_are_refused(text, expected):
    with pytest.raises(InvalidArgumentValueError) as error:
        read_text(text)
    assert expected in str(error.value)


def test_a_duration_that_is_not_go_s_is_refused_naming_the_field():
    text = fixture("source_git_export.yaml").replace("interval: 1m0s", "interval: 1d")
    with pytest.raises(InvalidArgumentValueError) as error:
        props_of(text)
    assert "--sync-interval" in str(error.value) and "spec.interval" in str(error.value)


def test_a_name_arm_refuses_is_refused():
    text = fixture("source_git_export.yaml").replace("name: podinfo", "name: PodInfo_1")
    with pytest.raises(InvalidArgumentValueError) as error:
        props_of(text)
    assert "--name" in str(error.value)


@pytest.mark.parametrize("options", [
    dict(url="https://github.com/org/repo", branch="main", local_auth_ref="creds", sync_interval="2m"),
    dict(url="https://github.com/org/repo", tag="v1.2.3", provider="github", suspend=True),
    dict(kind="oci", url="oci://ghcr.io/org/app", digest="sha256:" + "a" * 64, oci_media_type="x/y",
         oci_operation="extract"),
    dict(kind="bucket", url="https://s3.example.com", bucket_name="bkt", local_auth_ref="creds",
         bucket_insecure=False),
])
def test_export_flux_reads_back_to_the_same_configuration(options):
    body = build_create_spec(name="cfg", namespace="team", kustomization=[
        ["name=infra", "path=./infra", "prune=true", "retry_interval=1m"],
        ["name=apps", "path=./apps", "depends_on=infra", "substitute=env:prod"]], **options).body
    text, _ = manifests(stored(body, "cfg"))
    documents = list(yaml.safe_load_all(text))
    assert [d["metadata"]["name"] for d in documents[1:]] == ["cfg-infra", "cfg-apps"]
    assert documents[2]["spec"]["dependsOn"] == [{"name": "cfg-infra"}]
    props, config = props_of(text)
    assert config.name == "cfg"
    assert comparable(props) == comparable(body["properties"])


def test_a_source_alone_is_a_configuration_without_kustomizations():
    props, _ = props_of(fixture("source_git_export.yaml"))
    assert props["kustomizations"] == {}


@pytest.mark.parametrize("ref, shown", [("tag: 1.10", "1.1"), ("branch: yes", "True")])
def test_an_unquoted_number_or_boolean_where_flux_takes_text_is_refused_with_its_line(ref, shown):
    """YAML reads `tag: 1.10` as the number 1.1: sent as text it would name another tag. Quoting it is asked for."""
    text = ("apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata: {name: app, namespace: apps}\n"
            f"spec:\n  url: https://example.com/repo\n  interval: 10m\n  ref:\n    {ref}\n")
    with pytest.raises(InvalidArgumentValueError, match=r"f\.yaml, document 1, line \d+: 'ref\.\w+' is .*not text"
                       ) as raised:
        read_text(text)
    assert "Quote the value" in raised.value.recommendations[0]
    assert shown in str(raised.value)


@pytest.mark.parametrize("text, problem", [("interval: 2024-13-01\n", "month must be in 1..12"),
                                           ("url: !secret x\n", "could not determine a constructor")])
def test_a_value_yaml_cannot_build_is_a_typed_error_with_its_line(text, problem):
    from azext_k8s_configuration.declarative import documents
    with pytest.raises(InvalidArgumentValueError, match=r"f\.yaml, document 1, line 1: not a value") as raised:
        documents.parse(text, "f.yaml")
    assert problem in str(raised.value)
