import copy

import keygen
import pytest
from azure.cli.core.azclierror import (
    ArgumentUsageError,
    InvalidArgumentValueError,
    MutuallyExclusiveArgumentError,
    RequiredArgumentMissingError,
    ValidationError,
)
from sample_resources import EXISTING
from wire_checks import assert_not_in_error, assert_secrets_only_protected, valid_patch

from azext_k8s_configuration.flux.model import (
    HTTPS_WITHOUT_AUTH_WARNING,
    VALIDATION_IGNORED_WARNING,
    build_update_patch,
)
from azext_k8s_configuration.flux.sources.git import HTTP_WITH_AUTH_WARNING, HTTP_WITHOUT_AUTH_WARNING

TOKEN = "glpat-VerySecretToken42"

def update(existing=None, **opts):
    spec = build_update_patch(copy.deepcopy(existing or EXISTING), **opts)
    valid_patch(spec.patch)
    return spec


def with_git(**git):
    existing = copy.deepcopy(EXISTING)
    existing["properties"]["gitRepository"].update(git)
    return existing


def test_only_changed_fields_are_sent():
    assert update(suspend=True).patch == {"properties": {"suspend": True}}
    assert update(sync_interval="1h").patch == {"properties": {"gitRepository": {"syncIntervalInSeconds": 3600}}}
    assert update(timeout="5m").patch == {"properties": {"gitRepository": {"timeoutInSeconds": 300}}}


def test_nothing_given_is_refused():
    with pytest.raises(RequiredArgumentMissingError, match="Nothing to update"):
        build_update_patch(EXISTING)


def test_switching_ref_nulls_the_old_one():
    assert update(tag="v2").patch == {"properties": {"gitRepository": {"repositoryRef": {"tag": "v2", "branch": None}}}}


def test_commit_alone_keeps_the_stored_branch():
    assert update(commit="abc123").patch == {
        "properties": {"gitRepository": {"repositoryRef": {"branch": "main", "commit": "abc123"}}}}


def test_commit_alone_replaces_a_stored_tag():
    # No stored branch: the bare commit is sent on its own (issue 8) and the tag it replaces is cleared.
    existing = with_git(repositoryRef={"tag": "v1"})
    assert update(existing, commit="abc123").patch == {
        "properties": {"gitRepository": {"repositoryRef": {"commit": "abc123", "tag": None}}}}


def test_commit_with_a_new_branch_on_update():
    assert update(branch="release", commit="abc123").patch == {
        "properties": {"gitRepository": {"repositoryRef": {"branch": "release", "commit": "abc123"}}}}


def test_bad_ref_combination_on_update():
    with pytest.raises(MutuallyExclusiveArgumentError):
        build_update_patch(EXISTING, tag="v1", semver="1.x")


def test_https_url_change_warns_without_auth():
    spec = update(url="https://github.com/org/other")
    assert spec.patch == {"properties": {"gitRepository": {"url": "https://github.com/org/other"}}}
    assert spec.warnings == [HTTPS_WITHOUT_AUTH_WARNING]


def test_a_plain_http_url_warns_that_it_is_unencrypted_and_so_do_credentials_given_for_one():
    assert update(url="http://gitea.local/org/repo").warnings == [HTTP_WITHOUT_AUTH_WARNING]
    assert update(with_git(httpsUser="git"), url="http://gitea.local/org/repo").warnings == [HTTP_WITH_AUTH_WARNING]
    stored_http = with_git(url="http://gitea.local/org/repo")
    assert update(stored_http, https_user="git", https_key="t0ken").warnings == [HTTP_WITH_AUTH_WARNING]
    assert update(stored_http, branch="other").warnings == []  # the URL is not what changes


def test_https_url_change_with_stored_user_does_not_warn():
    spec = update(with_git(httpsUser="git"), url="https://github.com/org/other")
    assert spec.warnings == []


def test_https_credentials_resent_only_when_given():
    spec = update(https_user="git", https_key=TOKEN)
    assert spec.patch["properties"]["configurationProtectedSettings"] == {"httpsKey": keygen.b64(TOKEN)}
    assert spec.patch["properties"]["gitRepository"] == {"httpsUser": "git"}
    assert_secrets_only_protected(spec.patch, TOKEN)
    assert "configurationProtectedSettings" not in update(suspend=False).patch["properties"]


def test_update_spec_repr_hides_the_patch():
    spec = update(https_user="git", https_key=TOKEN)
    assert TOKEN not in repr(spec) and keygen.b64(TOKEN) not in repr(spec)


def test_key_rotation_with_stored_user():
    spec = update(with_git(httpsUser="git"), https_key=TOKEN)
    assert spec.patch == {"properties": {"configurationProtectedSettings": {"httpsKey": keygen.b64(TOKEN)}}}


def test_key_without_any_user_refused():
    with pytest.raises(RequiredArgumentMissingError, match="--https-key needs --https-user") as err:
        build_update_patch(EXISTING, https_key=TOKEN)
    assert_not_in_error(err.value, TOKEN)


def test_user_without_key_refused():
    with pytest.raises(RequiredArgumentMissingError, match="--https-user needs --https-key"):
        build_update_patch(with_git(httpsUser="git"), https_user="other")


def test_switch_to_ssh_with_key(keys):
    key = keygen.b64(keys["good"]["ecdsa-openssh"])
    kh = keygen.b64(f"github.com {keygen.public_openssh('rsa')}\n")
    spec = update(with_git(httpsUser="git"), url="ssh://git@github.com/org/repo", ssh_private_key=key,
                  known_hosts=kh)
    props = spec.patch["properties"]
    assert props["gitRepository"] == {"url": "ssh://git@github.com/org/repo", "sshKnownHosts": kh, "httpsUser": None}
    assert props["configurationProtectedSettings"] == {"sshPrivateKey": key}
    assert any("--https-user" in w for w in spec.warnings)
    assert_secrets_only_protected(spec.patch, keys["good"]["ecdsa-openssh"])


def test_ssh_key_against_stored_https_url_refused(keys):
    with pytest.raises(ArgumentUsageError, match="--ssh-private-key needs an SSH repository URL"):
        build_update_patch(EXISTING, ssh_private_key=keygen.b64(keys["good"]["rsa-pkcs1"]))


def test_switch_to_local_auth_ref_clears_inline_user():
    spec = update(with_git(httpsUser="git"), local_auth_ref="git-secret")
    assert spec.patch == {"properties": {"gitRepository": {"localAuthRef": "git-secret", "httpsUser": None}}}


def test_inline_credentials_clear_local_auth_ref():
    spec = update(with_git(localAuthRef="git-secret"), https_user="git", https_key=TOKEN)
    assert spec.patch["properties"]["gitRepository"] == {"httpsUser": "git", "localAuthRef": None}


def test_ca_cert_on_update(ca_chain):
    spec = update(https_ca_cert=keygen.b64(ca_chain[0]))
    assert spec.patch == {"properties": {"gitRepository": {"httpsCACert": keygen.b64(ca_chain[0])}}}


def test_provider_on_update():
    assert update(provider="azure").patch == {"properties": {"gitRepository": {"provider": "Azure"}}}


@pytest.mark.parametrize("opts, fragment", [
    (dict(scope="namespace"), "--scope cannot be changed"),
    (dict(namespace="other"), "--namespace cannot be changed"),
])
def test_scope_and_namespace_are_immutable(opts, fragment):
    with pytest.raises(ValidationError) as err:
        build_update_patch(EXISTING, **opts)
    assert fragment in err.value.error_msg and "Delete the configuration" in err.value.recommendations[0]


def test_same_scope_and_namespace_are_fine():
    assert update(scope="cluster", namespace="gitops-demo", suspend=True).patch == {"properties": {"suspend": True}}


def test_kustomizations_are_upserted():
    spec = update(kustomization=[["name=apps", "path=./apps/production"], ["name=monitoring", "dependsOn=infra,apps"]])
    assert spec.patch == {"properties": {"kustomizations": {
        "apps": {"path": "./apps/production"},
        "monitoring": {"path": "", "dependsOn": ["infra", "apps"], "timeoutInSeconds": 600,
                       "syncIntervalInSeconds": 600, "prune": False, "force": False}}}}


def test_kustomization_validation_warning_on_update():
    assert update(kustomization=[["name=apps", "validation=client"]]).warnings == [VALIDATION_IGNORED_WARNING]


def test_depends_on_checked_against_merged_set():
    with pytest.raises(InvalidArgumentValueError, match="apps -> infra -> apps"):
        build_update_patch(EXISTING, kustomization=[["name=infra", "dependsOn=apps"]])
    with pytest.raises(InvalidArgumentValueError, match="depends on 'db'"):
        build_update_patch(EXISTING, kustomization=[["name=apps", "dependsOn=db"]])


def test_in_cluster_name_limit_uses_the_configuration_name():
    with pytest.raises(InvalidArgumentValueError, match="gitops-demo-"):
        build_update_patch(EXISTING, kustomization=[["name=" + "k" * 52]])


def test_source_kind_change_asks_and_nulls_old_block():
    existing = copy.deepcopy(EXISTING)
    existing["properties"]["sourceKind"] = "Bucket"
    existing["properties"]["gitRepository"] = None
    existing["properties"]["bucket"] = {"url": "https://s3.example.com", "bucketName": "b"}
    spec = update(existing, kind="git", url="https://github.com/org/repo", branch="main")
    assert spec.needs_confirmation and "Bucket" in spec.needs_confirmation
    props = spec.patch["properties"]
    assert props["sourceKind"] == "GitRepository" and props["bucket"] is None
    assert props["gitRepository"] == {"url": "https://github.com/org/repo", "timeoutInSeconds": 600,
                                      "syncIntervalInSeconds": 600, "repositoryRef": {"branch": "main"}}


def test_source_kind_change_needs_url():
    existing = copy.deepcopy(EXISTING)
    existing["properties"]["sourceKind"] = "Bucket"
    with pytest.raises(RequiredArgumentMissingError, match="needs --url"):
        build_update_patch(existing, kind="git")


def test_same_kind_needs_no_confirmation():
    assert update(kind="git", suspend=False).needs_confirmation is None


def test_flattened_existing_shape_is_accepted():
    flat = dict(EXISTING["properties"], name="gitops-demo")
    assert update(flat, tag="v1").patch["properties"]["gitRepository"]["repositoryRef"] == {"tag": "v1", "branch": None}


@pytest.mark.parametrize("opts, error", [
    (dict(url="ftp://x"), InvalidArgumentValueError), (dict(timeout="1d"), InvalidArgumentValueError),
    (dict(kind="oci", url="https://x"), InvalidArgumentValueError), (dict(provider="x"), InvalidArgumentValueError),
    (dict(kind="oci", url="oci://x", branch="main"), ArgumentUsageError),
    (dict(https_user="u", https_key=TOKEN, local_auth_ref="s"), MutuallyExclusiveArgumentError),
])
def test_update_refusals(opts, error):
    with pytest.raises(error) as err:
        build_update_patch(EXISTING, **opts)
    assert_not_in_error(err.value, TOKEN)
