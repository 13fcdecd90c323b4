"""The -k parser and the flux model: typed errors or results whose bodies validate against the spec."""
import copy
import string

import keygen
from hypothesis import given
from hypothesis import strategies as st
from props import counted, outcome
from sample_resources import EXISTING
from spec_schema import validate_against_spec
from wire_checks import assert_not_in_error, assert_secrets_only_protected

from azext_k8s_configuration.flux import kustomization_args as kargs
from azext_k8s_configuration.flux import payload
from azext_k8s_configuration.flux.model import (
    build_create_spec,
    build_update_patch,
    kustomization_create_patch,
    kustomization_delete_patch,
    kustomization_update_patch,
)
from azext_k8s_configuration.validation.dependencies import find_cycle
from k8s_configuration_emulator.rp import merge_patch  # as the service applies a PATCH

TOKEN = "fuzzTokenValue-9f8e7d"
SSH_KEY = keygen.b64(keygen.private_key_variants()["good"]["ed25519-openssh"])
KNOWN_HOSTS = keygen.b64(f"github.com {keygen.public_openssh('ed25519')}\n")
CA = keygen.b64(keygen.certificate_chain()[0])

KNAMES = st.sampled_from(["a", "b", "c", "infra", "apps", "Bad", "", "x" * 60, "a.b", "-x"])
ALL_ALIASES = [alias for aliases in kargs.KEYS.values() for alias in aliases] + ["DependsOn", "PRUNE", "bogus", ""]
VALUES = st.one_of(
    st.sampled_from(["true", "false", "TRUE", "yes", "", "10m", "1h30m", "1.5h", "0s", "./apps", "none", "server",
                     "a", "a,b", "[a,b]", '["a","b"]', "[infra]", "infra,apps", "c,,a", "[", "]"]),
    st.text(string.printable, max_size=12))
TOKEN_STRATEGY = st.one_of(
    st.builds(lambda k, v: f"{k}={v}", st.sampled_from(ALL_ALIASES), VALUES),
    st.builds(lambda n: f"name={n}", KNAMES),
    st.text(max_size=15))
GROUPS = st.lists(st.lists(TOKEN_STRATEGY, min_size=1, max_size=6), max_size=4)
GOOD_GROUPS = st.lists(
    st.builds(lambda name, extra: [f"name={name}"] + extra, st.sampled_from(["a", "b", "c", "d"]),
              st.lists(st.builds(lambda k, v: f"{k}={v}",
                                 st.sampled_from(["path", "prune", "dependsOn", "timeout", "interval", "force",
                                                  "retryInterval", "disable_health_check", "validation"]),
                                 st.sampled_from(["true", "false", "./x", "a", "b,c", "[d]", "5m", "1h", "none"])),
                       max_size=3, unique_by=lambda t: t.split("=")[0])),
    max_size=4, unique_by=lambda g: g[0])


@given(GROUPS | GOOD_GROUPS, st.sampled_from([None, "gitops-demo", "c" * 50]))
@counted
def test_kustomization_parser(groups, config_name):
    result, _ = outcome(kargs.parse_kustomization_args, groups, config_name)
    if result is not None:
        kustomizations, warnings = result
        names = [k.name for k in kustomizations]
        assert len(names) == len(set(names)) == len(groups)
        graph = {k.name: k.depends_on or [] for k in kustomizations}
        assert find_cycle(graph) is None
        assert all(d in graph and d != name for name, deps in graph.items() for d in deps)
        assert set(warnings) <= {kargs.VALIDATION_IGNORED_WARNING}


NAME_LISTS = st.lists(st.sampled_from(["a", "b", "infra", "apps", "x.y"]), max_size=4)


@given(st.text(max_size=30) | st.lists(st.text(max_size=5), max_size=4) | NAME_LISTS
       | NAME_LISTS.map(",".join) | NAME_LISTS.map(lambda n: "[" + ",".join(n) + "]")
       | NAME_LISTS.map(lambda n: "[" + ",".join(f'"{x}"' for x in n) + "]"))
@counted
def test_depends_on_values(value):
    result, _ = outcome(kargs.parse_depends_on, value, "--depends-on")
    if result is not None:
        assert len(result) == len(set(result))


def _maybe(*values):
    """Mostly None (not given): a command line sets only a few options at once."""
    return st.sampled_from((None,) * (3 * len(values)) + values)


CREATE_OPTIONS = st.fixed_dictionaries({
    "name": st.sampled_from(["gitops-demo", "gitops-demo", "gitops-demo", "Bad", "c" * 50, None]),
    "scope": _maybe("cluster", "namespace", "Cluster", "tenant"),
    "namespace": _maybe("default", "gitops-demo", "Bad_NS"),
    "kind": _maybe("git", "GIT", "bucket", "svn"),
    "url": st.sampled_from(["https://github.com/org/repo", "http://gitea/org/repo", "ssh://git@github.com/org/repo",
                            "git@github.com:org/repo", "https://github.com/org/repo", "ssh://git@github.com/org/repo",
                            f"https://u:{TOKEN}@github.com/o/r", "ftp://x", "", None]),
    "branch": _maybe("main", ""), "tag": _maybe("v1"), "semver": _maybe(">=1.0.0"), "commit": _maybe("abc123"),
    "timeout": _maybe("10m", "1.5h", "90s"), "sync_interval": _maybe("1h", "10", "5m"),
    "ssh_private_key": _maybe(SSH_KEY, "garbage", TOKEN), "ssh_private_key_file": _maybe("/nonexistent/key"),
    "known_hosts": _maybe(KNOWN_HOSTS, "@@"), "https_user": _maybe("git", ""), "https_key": _maybe(TOKEN),
    "https_ca_cert": _maybe(CA, "bm90IGEgY2VydA=="), "local_auth_ref": _maybe("git-secret", "Bad Secret"),
    "provider": _maybe("azure", "GitHub", "generic", "gitlab"),
    "kustomization": st.none() | GOOD_GROUPS.filter(bool) | GOOD_GROUPS | GROUPS,
    "suspend": st.booleans(),
})


@given(CREATE_OPTIONS)
@counted
def test_create_spec(options):
    options = {key: value for key, value in options.items() if value is not None}
    spec, err = outcome(build_create_spec, **options)
    if spec is not None:
        validate_against_spec(spec.body, "FluxConfiguration")
        assert_secrets_only_protected(spec.body, TOKEN, SSH_KEY)
        assert TOKEN not in repr(spec) and SSH_KEY not in repr(spec)
    else:
        assert_not_in_error(err, TOKEN)


@st.composite
def plausible_create(draw):
    """Options a user would plausibly combine (mostly valid): transport first, then matching auth."""
    ssh = draw(st.booleans())
    options = {"name": draw(st.sampled_from(["gitops-demo", "c", "team-a.config"])),
               "url": draw(st.sampled_from(["ssh://git@github.com/org/repo", "git@github.com:org/repo"] if ssh
                                           else ["https://github.com/org/repo", "http://gitea/org/repo"])),
               "scope": draw(st.sampled_from(["cluster", "namespace"])),
               "namespace": draw(st.sampled_from(["default", "gitops-demo", "flux-system"])),
               "suspend": draw(st.booleans()),
               "timeout": draw(st.sampled_from(["10m", "1h30m", "45s", "2h"])),
               "sync_interval": draw(st.sampled_from(["10m", "1m", "3h2m1s"])),
               "kustomization": draw(st.none() | GOOD_GROUPS.filter(bool))}
    ref = draw(st.sampled_from([{}, {"branch": "main"}, {"tag": "v1.2.3"}, {"semver": ">=1.0.0"},
                                {"branch": "main", "commit": "0123abcd"}, {"commit": "0123abcd"}]))
    options.update(ref)
    if ssh:
        auth = draw(st.sampled_from([{}, {"ssh_private_key": SSH_KEY}, {"known_hosts": KNOWN_HOSTS},
                                     {"ssh_private_key": SSH_KEY, "known_hosts": KNOWN_HOSTS},
                                     {"local_auth_ref": "git-secret", "known_hosts": KNOWN_HOSTS}]))
    else:
        auth = draw(st.sampled_from([{}, {"https_user": "git", "https_key": TOKEN}, {"local_auth_ref": "s"},
                                     {"provider": "azure"}, {"provider": "github", "local_auth_ref": "app"},
                                     {"provider": "generic", "https_user": "git", "https_key": TOKEN}]))
        if options["url"].startswith("https://") and draw(st.booleans()):
            auth = dict(auth, https_ca_cert=CA)
    options.update(auth)
    return options


@given(plausible_create())
@counted
def test_create_spec_plausible(options):
    spec, err = outcome(build_create_spec, **options)
    if spec is not None:
        validate_against_spec(spec.body, "FluxConfiguration")
        assert_secrets_only_protected(spec.body, TOKEN, SSH_KEY)
        # what is sent reads back as the same model
        stored = payload.read_existing(dict(spec.body, name=spec.name))
        assert {key: value for key, value in stored.source.items() if value is not None} == {
            key: value for key, value in spec.source.values.items() if key in stored.source}
        for kustomization in spec.kustomizations:
            assert payload.kustomization_body(stored.kustomizations[kustomization.name], full=False) == \
                spec.body["properties"]["kustomizations"][kustomization.name]
    else:
        assert_not_in_error(err, TOKEN)


UPDATE_OPTIONS = st.fixed_dictionaries({
    "scope": _maybe("cluster", "namespace"), "namespace": _maybe("gitops-demo", "other"), "kind": _maybe("git", "oci"),
    "url": _maybe("https://github.com/org/other", "ssh://git@github.com/org/repo", f"https://{TOKEN}@h/r"),
    "branch": _maybe("dev"), "tag": _maybe("v2"), "semver": _maybe("~1"), "commit": _maybe("def456"),
    "timeout": _maybe("3m", "x"), "sync_interval": _maybe("1h"),
    "ssh_private_key": _maybe(SSH_KEY), "known_hosts": _maybe(KNOWN_HOSTS), "https_user": _maybe("git"),
    "https_key": _maybe(TOKEN), "https_ca_cert": _maybe(CA), "local_auth_ref": _maybe("git-secret"),
    "provider": _maybe("azure", "generic"), "kustomization": st.none() | GOOD_GROUPS | GROUPS,
    "suspend": st.none() | st.booleans(),
})
PLAUSIBLE_UPDATE = st.one_of(
    st.fixed_dictionaries({"suspend": st.booleans()}),
    st.fixed_dictionaries({"sync_interval": st.sampled_from(["1m", "1h"]), "timeout": _maybe("2m")}),
    st.fixed_dictionaries({"tag": st.sampled_from(["v1", "v2.0.0"])}),
    st.fixed_dictionaries({"commit": st.just("abcdef1")}),
    st.fixed_dictionaries({"url": st.just("https://github.com/org/b"), "https_user": st.just("git"),
                           "https_key": st.just(TOKEN), "https_ca_cert": _maybe(CA)}),
    st.fixed_dictionaries({"url": st.just("ssh://git@github.com/org/b"), "ssh_private_key": _maybe(SSH_KEY),
                           "known_hosts": _maybe(KNOWN_HOSTS)}),
    st.fixed_dictionaries({"local_auth_ref": st.just("git-secret")}),
    st.fixed_dictionaries({"kustomization": GOOD_GROUPS.filter(bool)}),
    st.fixed_dictionaries({"kind": st.just("git"), "url": st.just("https://github.com/org/repo"),
                           "branch": _maybe("main")}),
)
EXISTING_VARIANTS = st.sampled_from(["as-is", "https-user", "local-auth", "bucket", "flattened"])


def _existing(variant):
    existing = copy.deepcopy(EXISTING)
    props = existing["properties"]
    if variant == "https-user":
        props["gitRepository"]["httpsUser"] = "git"
    elif variant == "local-auth":
        props["gitRepository"]["localAuthRef"] = "secret"
    elif variant == "bucket":
        props["sourceKind"], props["gitRepository"] = "Bucket", None
        props["bucket"] = {"url": "https://s3", "bucketName": "b"}
    elif variant == "flattened":
        existing = dict(props, name=existing["name"])
    return existing


@given(EXISTING_VARIANTS, UPDATE_OPTIONS | PLAUSIBLE_UPDATE)
@counted
def test_update_patch(variant, options):
    options = {key: value for key, value in options.items() if value is not None}
    existing = _existing(variant)
    spec, err = outcome(build_update_patch, copy.deepcopy(existing), **options)
    if spec is not None:
        validate_against_spec(spec.patch, "FluxConfigurationPatch")
        assert_secrets_only_protected(spec.patch, TOKEN, SSH_KEY)
        assert spec.patch["properties"]
        # the stored resource after ARM applies the patch is still a valid configuration, with one source
        props = existing.get("properties") or {k: v for k, v in existing.items() if k != "name"}
        after = merge_patch(props, spec.patch["properties"])
        validate_against_spec({"properties": after}, "FluxConfiguration", request=False)
        blocks = [b for b in ("gitRepository", "bucket", "azureBlob", "ociRepository") if after.get(b)]
        assert blocks == [{"GitRepository": "gitRepository", "Bucket": "bucket"}[after["sourceKind"]]]
        if after["sourceKind"] == "GitRepository":
            refs = after["gitRepository"].get("repositoryRef") or {}
            assert {k for k, v in refs.items() if v} in ({"branch"}, {"tag"}, {"semver"}, {"commit"},
                                                                 {"branch", "commit"})
    else:
        assert_not_in_error(err, TOKEN)


KUSTOMIZATION_OPTIONS = st.fixed_dictionaries({
    "kustomization_name": st.sampled_from(["new", "apps", "infra", "new", "apps", "Bad", "", None]),
    "path": _maybe("./x", ""), "depends_on": _maybe("infra", "apps", "new", "infra,apps", "[infra]", "", ",", ["apps"]),
    "timeout": _maybe("1m", "bad"), "sync_interval": _maybe("2m", "1d"), "retry_interval": _maybe("30s", "0s"),
    "prune": _maybe(True, False, "true", "nope"), "force": _maybe(True, "FALSE"),
    "disable_health_check": _maybe(True, False),
})


@given(st.sampled_from([kustomization_create_patch, kustomization_update_patch]), KUSTOMIZATION_OPTIONS)
@counted
def test_kustomization_patches(command, options):
    change, _ = outcome(command, copy.deepcopy(EXISTING), **options)
    if change is not None:
        validate_against_spec(change.patch, "FluxConfigurationPatch")


STORED_KUSTOMIZATIONS = st.dictionaries(
    st.sampled_from(["a", "b", "c", "d", "apps", "infra"]),
    st.lists(st.sampled_from(["a", "b", "c", "d", "apps", "infra"]), max_size=3, unique=True), max_size=6)


@given(st.sampled_from(["apps", "infra", "a", "b", "", None, "A"]), STORED_KUSTOMIZATIONS)
@counted
def test_kustomization_delete(name, stored):
    existing = copy.deepcopy(EXISTING)
    existing["properties"]["kustomizations"] = {k: {"path": "", "dependsOn": deps} for k, deps in stored.items()}
    change, _ = outcome(kustomization_delete_patch, existing, name)
    if change is not None:
        validate_against_spec(change.patch, "FluxConfigurationPatch")
        assert change.dependents == sorted(k for k, deps in stored.items() if name in deps and k != name)
        sent = change.patch["properties"]["kustomizations"]
        assert sent == {name: None, **{k: {"dependsOn": [d for d in stored[k] if d != name]}
                                       for k in change.dependents}}
