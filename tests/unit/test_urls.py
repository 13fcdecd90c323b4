import pytest
from azure.cli.core.azclierror import InvalidArgumentValueError

from azext_k8s_configuration.validation.urls import is_http_url, is_https_url, is_ssh_url, validate_git_url

GOOD = [
    "https://github.com/fluxcd/flux2-kustomize-helm-example", "http://gitea.local/org/repo.git",
    "ssh://git@github.com/org/repo", "git@github.com:org/repo.git", "HTTPS://GitHub.com/Org/Repo",
    "ssh://git@[2001:db8::1]:2222/repo", "https://dev.azure.com/org/project/_git/repo",
    "ssh://git@ssh.dev.azure.com/v3/org/project/repo",
]


@pytest.mark.parametrize("url", GOOD)
def test_good_urls(url):
    assert validate_git_url(url) == url


@pytest.mark.parametrize("url", [
    "", None, "ftp://host/repo", "github.com/org/repo", "file:///tmp/repo", "oci://ghcr.io/x", "git://host/repo",
    "https://host/re po", " https://host/repo", "ssh//host", "https://[::1/repo",
    "https://", "https:///repo", "ssh://", "git@github.com", "git@github.com/org/repo", "git@:org/repo",
])
def test_bad_urls(url):
    with pytest.raises(InvalidArgumentValueError) as err:
        validate_git_url(url)
    assert "--url" in err.value.error_msg and err.value.recommendations


@pytest.mark.parametrize("url, secret", [
    ("https://user:s3cretT0ken@github.com/org/repo", "s3cretT0ken"),
    ("http://user:pa55@gitea.local/org/repo", "pa55"),
    ("https://ghp_tokenvalue123@github.com/org/repo", "ghp_tokenvalue123"),
    ("https://org@dev.azure.com/org/project/_git/repo", None),
])
def test_credentials_in_http_url_refused_without_echo(url, secret):
    with pytest.raises(InvalidArgumentValueError) as err:
        validate_git_url(url)
    assert "credentials" in err.value.error_msg
    assert "--https-user" in err.value.recommendations[0] and "--https-key" in err.value.recommendations[0]
    if secret:
        assert secret not in err.value.error_msg and secret not in " ".join(err.value.recommendations)


def test_password_in_ssh_url_refused_without_echo():
    with pytest.raises(InvalidArgumentValueError) as err:
        validate_git_url("ssh://git:hunter2@github.com/org/repo")
    assert "hunter2" not in err.value.error_msg and "--ssh-private-key" in err.value.recommendations[0]


@pytest.mark.parametrize("url, ssh, https, http", [
    ("ssh://git@h/r", True, False, False), ("git@h:r", True, False, False),
    ("https://h/r", False, True, True), ("http://h/r", False, False, True), ("", False, False, False),
    (None, False, False, False), ("SSH://h/r", True, False, False),
])
def test_scheme_helpers(url, ssh, https, http):
    assert (bool(is_ssh_url(url)), bool(is_https_url(url)), bool(is_http_url(url))) == (ssh, https, http)


@pytest.mark.parametrize("url", ["ftp://user:hunter2@host/repo", "hunter2@host", "svn://x:hunter2@h/r",
                                 "https://u:hunter2@h/re po"])
def test_refusals_never_echo_user_info(url):
    with pytest.raises(InvalidArgumentValueError) as err:
        validate_git_url(url)
    assert "hunter2" not in err.value.error_msg + " ".join(err.value.recommendations)


@pytest.mark.parametrize("url, shown", [
    ("ftp://user:pw@host/r", "ftp://***@host/r"), ("git@github.com:o/r", "git@github.com:o/r"),
    ("https://h/r", "https://h/r"), ("tok@h", "***@h"),
])
def test_display_url(url, shown):
    from azext_k8s_configuration.validation.urls import display_url
    assert display_url(url) == shown


@pytest.mark.parametrize("url", ["https://user:pa/ss@host/repo", "https://tok/en@github.com/o/r",
                                 "ssh://git:pa/ss@host/repo"])
def test_password_with_slash_is_still_found_and_hidden(url):
    with pytest.raises(InvalidArgumentValueError) as err:
        validate_git_url(url)
    assert "pa/ss" not in err.value.error_msg and "tok/en" not in err.value.error_msg
