"""--semver ranges with Flux's (Masterminds) syntax, evaluated through node-semver."""
import pytest

from azext_k8s_configuration.source_build.semver_range import SemverRange
from azext_k8s_configuration.source_build.source_errors import SourceError

TAGS = ["v0.9.0", "v1.0.0", "1.4.2", "v1.5.0-rc.1", "not-semver", "v2.0.0", "1.2", "v2.1.0-beta.1"]


@pytest.mark.parametrize("text, newest", [
    (">=1.0.0 <2.0.0", "1.4.2"),
    (">=1.0.0, <2.0.0", "1.4.2"),          # commas are AND, as in Masterminds
    (">= 1.0.0 < 2.0.0", "1.4.2"),         # spaces after operators
    ("^1.0", "1.4.2"),
    ("~1.4", "1.4.2"),
    ("~>1.0.0", "v1.0.0"),                 # Masterminds' ~> alias
    ("=>1.0.0 =<1.4.2", "1.4.2"),          # Masterminds' => and =< aliases
    ("1.x", "1.4.2"),
    ("*", "v2.0.0"),
    (">=v1.0.0", "v2.0.0"),                # v prefix in the range
    ("1.0 - 1.4", "1.4.2"),                # hyphen range
    ("<1.0.0 || >=2.0.0", "v2.0.0"),       # OR
    ("0.9.0", "v0.9.0"),
])
def test_newest_release_in_range(text, newest):
    tag, _version, ambiguous = SemverRange(text).newest(TAGS)
    assert tag == newest
    assert ambiguous == []


@pytest.mark.parametrize("text, newest", [
    (">=1.0.0-0 <2.0.0", "v1.5.0-rc.1"),   # a pre-release in the group admits pre-releases (Masterminds)
    (">=1.0.0 <2.0.0", "1.4.2"),           # none in the range: none picked
    (">=2.0.0-0", "v2.1.0-beta.1"),
    (">=2.0.0", "v2.0.0"),
    ("<1.0.0 || >=2.0.0-0", "v2.1.0-beta.1"),
])
def test_pre_releases_only_when_the_range_names_one(text, newest):
    assert SemverRange(text).newest(TAGS)[0] == newest


def test_no_tag_in_range():
    assert SemverRange(">=3.0.0").newest(TAGS) == (None, None, [])


def test_same_version_twice_is_reported():
    tag, version, ambiguous = SemverRange("^1.0.0").newest(["v1.0.0", "1.0.0"])
    assert version == "1.0.0" and {tag, *ambiguous} == {"v1.0.0", "1.0.0"}


@pytest.mark.parametrize("text, says", [
    ("!=1.0.0", "'!=' is not supported"),
    (">=1.0.0 foo", "cannot read 'foo'"),
    ("latest", "cannot read 'latest'"),
    (">=1.0.0 ||", "empty part"),
])
def test_refused_ranges_say_why(text, says):
    with pytest.raises(SourceError) as caught:
        SemverRange(text)
    assert caught.value.code == "semver-invalid"
    assert says in caught.value.text()
