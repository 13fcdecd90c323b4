import base64

import keygen
import pytest
from azure.cli.core.azclierror import (
    ArgumentUsageError,
    AzCLIError,
    FileOperationError,
    InvalidArgumentValueError,
    MutuallyExclusiveArgumentError,
    RequiredArgumentMissingError,
)
from wire_checks import assert_not_in_error, assert_secrets_only_protected, valid_create

from azext_k8s_configuration.flux.model import (
    DEFAULT_BRANCH_WARNING,
    DEFAULT_KUSTOMIZATION_WARNING,
    HTTPS_WITHOUT_AUTH_WARNING,
    VALIDATION_IGNORED_WARNING,
    build_create_spec,
)
from azext_k8s_configuration.flux.sources.git import HTTP_WITH_AUTH_WARNING, HTTP_WITHOUT_AUTH_WARNING

HTTPS = "https://github.com/fluxcd/flux2-kustomize-helm-example"
SSH = "ssh://git@github.com/org/repo"
TOKEN = "ghp_s3cretTokenValue1234"
KNOWN_HOSTS = f"github.com {keygen.public_openssh('ed25519')}\n"


def create(**opts):
    opts.setdefault("name", "gitops-demo")
    spec = build_create_spec(**opts)
    valid_create(spec.body)
    return spec


def test_tutorial_command_body_exactly():
    spec = create(namespace="gitops-demo", scope="cluster", url=HTTPS, branch="main",
                  kustomization=[["name=infra", "path=./infrastructure", "prune=true"],
                                 ["name=apps", "path=./apps/staging", "prune=true", 'dependsOn=["infra"]']])
    assert spec.warnings == [HTTPS_WITHOUT_AUTH_WARNING]
    assert spec.body == {"properties": {
        "scope": "cluster", "namespace": "gitops-demo", "sourceKind": "GitRepository", "suspend": False,
        "gitRepository": {"url": HTTPS, "timeoutInSeconds": 600, "syncIntervalInSeconds": 600,
                          "repositoryRef": {"branch": "main"}},
        "kustomizations": {
            "infra": {"path": "./infrastructure", "dependsOn": [], "timeoutInSeconds": 600,
                      "syncIntervalInSeconds": 600, "prune": True, "force": False},
            "apps": {"path": "./apps/staging", "dependsOn": ["infra"], "timeoutInSeconds": 600,
                     "syncIntervalInSeconds": 600, "prune": True, "force": False}}}}


def test_warnings_in_documented_order():
    spec = create(url=HTTPS, kustomization=[["name=a", "validation=server"]])
    assert spec.warnings == [HTTPS_WITHOUT_AUTH_WARNING, DEFAULT_BRANCH_WARNING, VALIDATION_IGNORED_WARNING]
    spec = create(url=HTTPS)
    assert spec.warnings == [HTTPS_WITHOUT_AUTH_WARNING, DEFAULT_BRANCH_WARNING, DEFAULT_KUSTOMIZATION_WARNING]


def test_defaults():
    spec = create(url=HTTPS)
    props = spec.body["properties"]
    assert props["scope"] == "cluster" and props["namespace"] == "default" and props["suspend"] is False
    assert props["gitRepository"]["repositoryRef"] == {"branch": "master"}
    assert props["kustomizations"] == {"kustomization-1": {
        "path": "", "dependsOn": [], "timeoutInSeconds": 600, "syncIntervalInSeconds": 600, "prune": False,
        "force": False}}
    assert "configurationProtectedSettings" not in props


def test_all_kustomization_fields_on_the_wire():
    spec = create(url=HTTPS, branch="main", kustomization=[
        ["name=a", "path=./a", "timeout=1h", "sync_interval=2m", "retry_interval=30s", "prune=true", "force=true",
         "disable_health_check=true"]])
    assert spec.body["properties"]["kustomizations"]["a"] == {
        "path": "./a", "dependsOn": [], "timeoutInSeconds": 3600, "syncIntervalInSeconds": 120,
        "retryIntervalInSeconds": 30, "prune": True, "force": True, "wait": False}


def test_source_options():
    spec = create(url=HTTPS, tag="v1.0.0", timeout="1m30s", sync_interval="1h", suspend=True, scope="namespace",
                  namespace="team-a")
    props = spec.body["properties"]
    assert props["gitRepository"]["timeoutInSeconds"] == 90 and props["gitRepository"]["syncIntervalInSeconds"] == 3600
    assert props["gitRepository"]["repositoryRef"] == {"tag": "v1.0.0"}
    assert props["suspend"] is True and props["scope"] == "namespace" and props["namespace"] == "team-a"


def test_durations_as_go_reads_them_reach_the_wire_in_seconds():
    spec = create(url=HTTPS, branch="main", timeout="1.5h", sync_interval="30s1m",
                  kustomization=[["name=a", "path=./a", "timeout=2000ms", "sync_interval=0.25h",
                                  "retry_interval=1.5m"]])
    props = spec.body["properties"]
    assert props["gitRepository"]["timeoutInSeconds"] == 5400 and props["gitRepository"]["syncIntervalInSeconds"] == 90
    kustomization = props["kustomizations"]["a"]
    assert (kustomization["timeoutInSeconds"], kustomization["syncIntervalInSeconds"],
            kustomization["retryIntervalInSeconds"]) == (2, 900, 90)


@pytest.mark.parametrize("refs, wire", [
    ({"branch": "main"}, {"branch": "main"}), ({"tag": "v1"}, {"tag": "v1"}),
    ({"semver": ">=1.0.0 <2.0.0"}, {"semver": ">=1.0.0 <2.0.0"}),
    ({"commit": "abc123", "branch": "main"}, {"branch": "main", "commit": "abc123"}),
    # The tutorial's bare commit (issue 8): Flux checks it out; no branch is sent or assumed.
    ({"commit": "363a6a8fe6a7f13e05d34c163b0ef02a777da20a"}, {"commit": "363a6a8fe6a7f13e05d34c163b0ef02a777da20a"}),
])
def test_good_refs(refs, wire):
    spec = create(url=HTTPS, **refs)
    assert spec.body["properties"]["gitRepository"]["repositoryRef"] == wire
    assert DEFAULT_BRANCH_WARNING not in spec.warnings


@pytest.mark.parametrize("refs, error, fragment", [
    ({"tag": "v1", "semver": "1.x"}, MutuallyExclusiveArgumentError, "--tag and --semver"),
    ({"branch": "main", "tag": "v1"}, MutuallyExclusiveArgumentError, "--branch and --tag"),
    ({"branch": "main", "semver": "1.x"}, MutuallyExclusiveArgumentError, "--branch and --semver"),
    ({"commit": "abc", "tag": "v1"}, MutuallyExclusiveArgumentError, "--tag and --commit"),
    ({"commit": "abc", "semver": "1.x"}, MutuallyExclusiveArgumentError, "--semver and --commit"),
    ({"branch": ""}, InvalidArgumentValueError, "--branch must not be empty"),
    ({"branch": "main", "tag": "v1", "semver": "1.x", "commit": "abc"}, MutuallyExclusiveArgumentError,
     "--branch and --tag and --semver and --commit"),
])
def test_bad_ref_combinations(refs, error, fragment):
    with pytest.raises(error) as err:
        build_create_spec(name="c", url=HTTPS, **refs)
    assert fragment in err.value.error_msg and err.value.recommendations


# ----------------------------------------------------------------------- auth variants

def _ssh_key_b64(keys, label="ed25519-openssh"):
    return keygen.b64(keys["good"][label])


def test_ssh_with_flux_generated_key():
    spec = create(url=SSH, branch="main")
    props = spec.body["properties"]
    assert "configurationProtectedSettings" not in props and HTTPS_WITHOUT_AUTH_WARNING not in spec.warnings


@pytest.mark.parametrize("label", ["rsa-pkcs1", "ecdsa-sec1", "ed25519-openssh", "dsa-pkcs8"])
def test_ssh_private_key_inline(keys, label):
    key_b64 = _ssh_key_b64(keys, label)
    spec = create(url="git@github.com:org/repo.git", branch="main", ssh_private_key=key_b64)
    assert spec.body["properties"]["configurationProtectedSettings"] == {"sshPrivateKey": key_b64}
    assert_secrets_only_protected(spec.body, keys["good"][label], key_b64)
    assert key_b64 not in repr(spec)


def test_ssh_private_key_file(keys, write_file):
    pem = keys["good"]["rsa-openssh"]
    spec = create(url=SSH, branch="main", ssh_private_key_file=write_file("id_rsa", pem))
    sent = spec.body["properties"]["configurationProtectedSettings"]["sshPrivateKey"]
    assert base64.b64decode(sent) == pem
    assert_secrets_only_protected(spec.body, pem)


def test_known_hosts_inline_and_file(keys, write_file):
    encoded = keygen.b64(KNOWN_HOSTS)
    inline = create(url=SSH, branch="main", known_hosts=encoded, ssh_private_key=_ssh_key_b64(keys))
    from_file = create(url=SSH, branch="main", known_hosts_file=write_file("kh", KNOWN_HOSTS))
    for spec in (inline, from_file):
        assert spec.body["properties"]["gitRepository"]["sshKnownHosts"] == encoded


def test_https_user_and_key():
    spec = create(url="https://dev.azure.com/org/p/_git/repo", branch="main", https_user="git", https_key=TOKEN)
    props = spec.body["properties"]
    assert props["gitRepository"]["httpsUser"] == "git"
    assert props["configurationProtectedSettings"] == {"httpsKey": keygen.b64(TOKEN)}
    assert HTTPS_WITHOUT_AUTH_WARNING not in spec.warnings
    assert_secrets_only_protected(spec.body, TOKEN)
    assert TOKEN not in repr(spec) and keygen.b64(TOKEN) not in repr(spec)


def test_https_ca_cert_inline_and_file(ca_chain, write_file):
    pem = ca_chain[0] + ca_chain[1]
    for spec in (create(url=HTTPS, branch="main", https_ca_cert=keygen.b64(pem), https_user="u", https_key=TOKEN),
                 create(url=HTTPS, branch="main", https_ca_cert_file=write_file("ca.pem", pem))):
        assert base64.b64decode(spec.body["properties"]["gitRepository"]["httpsCACert"]) == pem


@pytest.mark.parametrize("url", [HTTPS, SSH])
def test_local_auth_ref(url):
    spec = create(url=url, branch="main", local_auth_ref="git-credentials")
    assert spec.body["properties"]["gitRepository"]["localAuthRef"] == "git-credentials"
    assert HTTPS_WITHOUT_AUTH_WARNING not in spec.warnings
    assert "configurationProtectedSettings" not in spec.body["properties"]


@pytest.mark.parametrize("provider, wire, warns", [
    ("azure", "Azure", False), ("AZURE", "Azure", False), ("github", "GitHub", False), ("generic", "Generic", True)])
def test_provider(provider, wire, warns):
    spec = create(url="https://dev.azure.com/org/p/_git/repo", branch="main", provider=provider)
    assert spec.body["properties"]["gitRepository"]["provider"] == wire
    assert (HTTPS_WITHOUT_AUTH_WARNING in spec.warnings) is warns


@pytest.mark.parametrize("auth, expected", [
    ({}, HTTP_WITHOUT_AUTH_WARNING),
    ({"https_user": "git", "https_key": TOKEN}, HTTP_WITH_AUTH_WARNING),
    ({"local_auth_ref": "repo-creds"}, HTTP_WITH_AUTH_WARNING)])
def test_a_plain_http_url_warns_that_it_is_unencrypted_not_the_https_warning(auth, expected):
    warnings = create(url="http://gitea.local/org/repo", branch="main", **auth).warnings
    assert warnings == [expected, DEFAULT_KUSTOMIZATION_WARNING]
    assert "plain http://" in expected and "unencrypted" in expected and "https url" not in expected
    assert TOKEN not in " ".join(warnings)


# ----------------------------------------------------------------------- refusals

def _bad_cases(keys, ca_pem, kh_file):
    key = _ssh_key_b64(keys)
    return [
        (dict(url=None), RequiredArgumentMissingError, "--url is required"),
        (dict(url="ftp://h/r"), InvalidArgumentValueError, "--url 'ftp://h/r' is not a git URL"),
        (dict(url=f"https://user:{TOKEN}@github.com/o/r"), InvalidArgumentValueError, "must not contain credentials"),
        (dict(url=HTTPS, ssh_private_key=key), ArgumentUsageError, "--ssh-private-key needs an SSH repository URL"),
        (dict(url=HTTPS, known_hosts=keygen.b64(KNOWN_HOSTS)), ArgumentUsageError, "--known-hosts needs an SSH"),
        (dict(url=HTTPS, known_hosts_file=kh_file), ArgumentUsageError, "--known-hosts-file needs an SSH"),
        (dict(url=SSH, https_user="u", https_key=TOKEN), ArgumentUsageError, "--https-user needs an http(s)"),
        (dict(url=HTTPS, https_user="u"), RequiredArgumentMissingError, "--https-user needs --https-key"),
        (dict(url=HTTPS, https_key=TOKEN), RequiredArgumentMissingError, "--https-key needs --https-user"),
        (dict(url=HTTPS, https_user="", https_key=TOKEN), InvalidArgumentValueError, "--https-user must not be empty"),
        (dict(url="http://h/r", https_ca_cert=keygen.b64(ca_pem)), ArgumentUsageError,
         "--https-ca-cert needs an https://"),
        (dict(url=SSH, https_ca_cert=keygen.b64(ca_pem)), ArgumentUsageError, "--https-ca-cert needs an https://"),
        (dict(url=SSH, ssh_private_key=key, local_auth_ref="s"), MutuallyExclusiveArgumentError,
         "--local-auth-ref cannot be combined with --ssh-private-key"),
        (dict(url=HTTPS, https_user="u", https_key=TOKEN, local_auth_ref="s"), MutuallyExclusiveArgumentError,
         "--local-auth-ref cannot be combined with --https-user, --https-key"),
        (dict(url=SSH, ssh_private_key=key, ssh_private_key_file="/x"), MutuallyExclusiveArgumentError,
         "--ssh-private-key and --ssh-private-key-file"),
        (dict(url=SSH, known_hosts="x", known_hosts_file="/x"), MutuallyExclusiveArgumentError,
         "--known-hosts and --known-hosts-file"),
        (dict(url=HTTPS, https_ca_cert="x", https_ca_cert_file="/x"), MutuallyExclusiveArgumentError,
         "--https-ca-cert and --https-ca-cert-file"),
        (dict(url=SSH, ssh_private_key_file="/does/not/exist"), FileOperationError, "/does/not/exist"),
        (dict(url=SSH, ssh_private_key=keygen.b64(keys["encrypted"]["rsa-pkcs8-encrypted"])),
         InvalidArgumentValueError, "passphrase"),
        (dict(url=HTTPS, local_auth_ref="Bad_Secret"), InvalidArgumentValueError, "--local-auth-ref 'Bad_Secret'"),
        (dict(url=HTTPS, provider="gitlab"), InvalidArgumentValueError, "--provider 'gitlab'"),
        (dict(url=HTTPS, provider="azure", https_user="u", https_key=TOKEN), MutuallyExclusiveArgumentError,
         "--provider azure"),
        (dict(url=HTTPS, provider="azure", local_auth_ref="s"), MutuallyExclusiveArgumentError, "--provider azure"),
        (dict(url=SSH, provider="github"), ArgumentUsageError, "--provider github needs an https://"),
        (dict(url=HTTPS, timeout="1.5d"), InvalidArgumentValueError, "--timeout '1.5d' is not a valid duration"),
        (dict(url=HTTPS, sync_interval="10"), InvalidArgumentValueError, "--sync-interval '10'"),
        (dict(url=HTTPS, scope="tenant"), InvalidArgumentValueError, "--scope 'tenant'"),
        (dict(url=HTTPS, namespace="Bad.NS"), InvalidArgumentValueError, "--namespace 'Bad.NS'"),
        (dict(url=HTTPS, kind="svn"), InvalidArgumentValueError, "--kind 'svn' is not valid"),
        (dict(url=HTTPS, kind="bucket"), ArgumentUsageError, "--branch does not apply to --kind bucket"),
        (dict(url=HTTPS, name="Gitops"), InvalidArgumentValueError, "--name 'Gitops'"),
        (dict(url=HTTPS, name=None), RequiredArgumentMissingError, "--name is required"),
        (dict(url=HTTPS, name="c" * 48), InvalidArgumentValueError, "kustomization-1"),
        (dict(url=HTTPS, kustomization=[["name=a", "dependsOn=b"]]), InvalidArgumentValueError, "depends on 'b'"),
    ]


def test_every_refusal_is_typed_names_the_option_and_hides_secrets(keys, ca_chain, write_file):
    kh_file = write_file("kh", KNOWN_HOSTS)
    secret_key = keys["good"]["ed25519-openssh"]
    for opts, error, fragment in _bad_cases(keys, ca_chain[0], kh_file):
        opts.setdefault("name", "gitops-demo")
        opts.setdefault("branch", "main")
        with pytest.raises(AzCLIError) as err:
            build_create_spec(**opts)
        assert type(err.value) is error, (opts, err.value.error_msg)
        assert fragment in err.value.error_msg, (fragment, err.value.error_msg)
        assert err.value.recommendations, opts
        assert_not_in_error(err.value, TOKEN, secret_key)


def test_file_twins_are_read_only_once_valid(write_file):
    with pytest.raises(InvalidArgumentValueError, match="--known-hosts-file: line 1"):
        build_create_spec(name="c", url=SSH, branch="main", known_hosts_file=write_file("kh", "nonsense\n"))
