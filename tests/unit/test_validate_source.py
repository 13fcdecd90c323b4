"""flux validate of a stored configuration: what it cannot check from here (validate_source.credentials_elsewhere)."""
import pytest

from azext_k8s_configuration.flux.validate_source import credentials_elsewhere


# URL schemes are case-insensitive: validation/urls.is_ssh_url is the one test of an SSH URL
@pytest.mark.parametrize("url", ["ssh://git@example.com/org/repo", "SSH://git@example.com/org/repo",
                                 "git@example.com:org/repo"])
def test_a_stored_ssh_source_without_its_key_names_the_stored_key(url):
    assert "the stored SSH key" in credentials_elsewhere({"url": url}, stored=True)


def test_a_stored_ssh_source_with_its_key_given_again_is_checked_here():
    assert credentials_elsewhere({"url": "ssh://git@example.com/org/repo", "ssh_private_key": "a2V5"},
                                 stored=True) is None


def test_a_public_https_source_is_checked_here():
    assert credentials_elsewhere({"url": "https://example.com/org/repo"}, stored=True) is None
