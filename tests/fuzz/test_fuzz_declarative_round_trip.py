"""The declarative round trip (REFERENCE.md §12), for random valid configurations of every source kind:
stored -> flux export (azure) -> flux apply on the same cluster is `unchanged` (nothing sent), and
stored -> flux export --format flux -> flux apply gives the same configuration (the kinds and fields Flux's
manifests carry: no inline credentials)."""
import yaml
from declarative_helpers import plan_for, read_text, stored
from hypothesis import assume, given
from hypothesis import strategies as st
from props import counted, outcome

from azext_k8s_configuration.declarative import desired
from azext_k8s_configuration.declarative.export import azure_document
from azext_k8s_configuration.declarative.flux_export import manifests
from azext_k8s_configuration.declarative.plan import comparable
from azext_k8s_configuration.flux.model import build_create_spec
from azext_k8s_configuration.validation.durations import format_duration

GUID = "11111111-2222-3333-4444-555555555555"
NAMES = ("infra", "apps", "db", "monitoring")


def _maybe(strategy):
    return st.one_of(st.none(), strategy)


DURATION = st.integers(min_value=1, max_value=200000).map(format_duration)


@st.composite
def kustomizations(draw):
    names = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=4, unique=True))
    groups = []
    for i, name in enumerate(names):
        tokens = [f"name={name}"]
        for key, strategy in (("path", st.sampled_from(["", "./apps", "clusters/prod"])),
                              ("prune", st.sampled_from(["true", "false"])),
                              ("force", st.sampled_from(["true", "false"])),
                              ("disable_health_check", st.sampled_from(["true", "false"])),
                              ("timeout", DURATION), ("sync_interval", DURATION), ("retry_interval", DURATION),
                              ("substitute", st.sampled_from(["env:prod", "a:1,b:two"])),
                              ("substitute_from", st.sampled_from(["ConfigMap:vars", "Secret:s:optional"]))):
            value = draw(_maybe(strategy))
            if value is not None:
                tokens.append(f"{key}={value}")
        depends = draw(st.lists(st.sampled_from(names[:i]), unique=True)) if i else []
        if depends:
            tokens.append("depends_on=" + ",".join(depends))
        groups.append(tokens)
    return groups


COMMON = dict(name=st.sampled_from(["cfg", "team.app-1"]), namespace=st.sampled_from(["default", "team-a"]),
              scope=st.sampled_from(["cluster", "namespace"]), suspend=st.booleans(),
              timeout=_maybe(DURATION), sync_interval=_maybe(DURATION), kustomization=kustomizations())
GIT = st.fixed_dictionaries(dict(
    COMMON, kind=st.just("git"),
    url=st.sampled_from(["https://github.com/org/repo", "ssh://git@github.com/org/repo", "git@github.com:o/r"]),
    branch=_maybe(st.sampled_from(["main", "release/1.x"])), tag=_maybe(st.just("v1.0.0")),
    semver=_maybe(st.just(">=1.0.0 <2.0.0")), commit=_maybe(st.just("0123456789abcdef0123456789abcdef01234567")),
    local_auth_ref=_maybe(st.just("git-creds")), provider=_maybe(st.sampled_from(["github", "generic"])),
    https_user=_maybe(st.just("git")), https_key=_maybe(st.just("t0ken"))))
OCI = st.fixed_dictionaries(dict(
    COMMON, kind=st.just("oci"), url=st.just("oci://ghcr.io/org/app"),
    tag=_maybe(st.just("1.0")), semver=_maybe(st.just(">=1")), digest=_maybe(st.just("sha256:" + "b" * 64)),
    oci_media_type=_maybe(st.just("application/vnd.cncf.flux.content.v1.tar+gzip")),
    oci_operation=_maybe(st.sampled_from(["extract", "copy"])), service_account_name=_maybe(st.just("puller")),
    oci_insecure=_maybe(st.booleans()), verification_provider=_maybe(st.just("cosign")),
    match_oidc_identity=_maybe(st.just('[{"issuer": "^a$", "subject": "^b$"}]'))))
BUCKET = st.fixed_dictionaries(dict(
    COMMON, kind=st.just("bucket"), url=st.sampled_from(["https://s3.example.com", "http://minio.local:9000"]),
    bucket_name=st.just("manifests"), bucket_insecure=_maybe(st.booleans()),
    local_auth_ref=_maybe(st.just("creds")), bucket_access_key=_maybe(st.just("AK")),
    bucket_secret_key=_maybe(st.just("SK"))))
AZBLOB = st.fixed_dictionaries(dict(
    COMMON, kind=st.just("azblob"), url=st.just("https://acct.blob.core.windows.net"), container_name=st.just("c"),
    account_key=_maybe(st.just("key")), sas_token=_maybe(st.just("sv=1&sig=x")), mi_client_id=_maybe(st.just(GUID)),
    sp_client_id=_maybe(st.just(GUID)), sp_tenant_id=_maybe(st.just(GUID)), sp_client_secret=_maybe(st.just("s")),
    local_auth_ref=_maybe(st.just("creds"))))


def _valid(options):
    options = {key: value for key, value in options.items() if value is not None}
    spec, error = outcome(build_create_spec, **options)
    assume(error is None)
    return spec


@given(st.one_of(GIT, OCI, BUCKET, AZBLOB))
@counted
def test_export_then_apply_on_the_same_cluster_is_unchanged(options):
    spec = _valid(options)
    resource = stored(spec.body, spec.name)
    document, _ = azure_document(resource)
    plan = plan_for(yaml.safe_dump(document, sort_keys=False), resource)
    assert plan.action == "unchanged", plan.changes
    assert plan.body is None


_FLUX_CARRIES = ("known_hosts", "https_user", "https_key", "bucket_access_key", "bucket_secret_key")


@given(st.one_of(GIT, OCI, BUCKET))
@counted
def test_export_flux_then_apply_gives_the_same_configuration(options):
    assume(not any(options.get(key) for key in _FLUX_CARRIES))
    assume(not str(options.get("url")).startswith(("ssh://", "git@")) or options.get("local_auth_ref"))
    # a Flux Bucket's endpoint has no scheme: plain http is its insecure: true, https its insecure: false
    assume(options["kind"] != "bucket" or options["url"].startswith("http:") == bool(options["bucket_insecure"]))
    spec = _valid(options)
    resource = stored(spec.body, spec.name)
    text, _ = manifests(resource)
    config = read_text(text)
    rebuilt = desired.build(config, None, {}, None).body["properties"]
    expected = dict(spec.body["properties"], scope="cluster")  # scope is not a Flux field (see README)
    assert comparable(rebuilt) == comparable(expected)
    assert rebuilt["namespace"] == spec.namespace
