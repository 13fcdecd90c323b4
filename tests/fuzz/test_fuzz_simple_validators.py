"""Durations, names, URLs, base64 and files: typed errors or valid results, never another exception."""
import base64
import re
import string

from azure.cli.core.azclierror import InvalidArgumentValueError
from hypothesis import given
from hypothesis import strategies as st
from props import counted, outcome

from azext_k8s_configuration.validation import at_files, durations, encoding, files, known_hosts, names, urls

UNITS = ["h", "m", "s", "d", "ms", "us", "\u00b5s", "ns", "", "H", " "]
UNIT_PARTS = st.lists(st.tuples(st.integers(0, 10 ** 12).map(str) | st.text("0123456789.-+ ", max_size=4),
                                st.sampled_from(UNITS)), max_size=4)
DURATION_LIKE = UNIT_PARTS.map(lambda parts: "".join(n + u for n, u in parts))
NAME_ALPHABET = string.ascii_letters + string.digits + "-._ /é\n\t@"
NAME_LIKE = st.text(NAME_ALPHABET, max_size=70) | st.from_regex(r"[a-z0-9][a-z0-9.-]{0,70}[a-z0-9]", fullmatch=True)
URL_LIKE = st.builds(
    lambda scheme, user, host, path: f"{scheme}{user}{host}{path}",
    st.sampled_from(["http://", "https://", "ssh://", "git@", "HTTPS://", "ftp://", "", "oci://", "file://"]),
    st.sampled_from(["", "user@", "user:secret@", "git@", ":@", "@", "a:b:c@"]),
    st.text(string.ascii_letters + string.digits + ".-[]:%", max_size=25),
    st.text(string.ascii_letters + string.digits + "/_.-:@?#% ", max_size=25))


GOOD_DURATION = st.from_regex(r"([0-9]{1,5}h)?([0-9]{1,5}m)?([0-9]{1,5}s)?", fullmatch=True)
GO_DURATION = st.from_regex(r"[+-]?([0-9]{0,4}(\.[0-9]{0,4})?(ns|us|ms|s|m|h)){1,3}", fullmatch=True)


@given(st.text() | DURATION_LIKE | GOOD_DURATION | GO_DURATION)
@counted
def test_parse_duration(text):
    seconds, _ = outcome(durations.parse_duration, text, "--timeout")
    if seconds is not None:
        assert isinstance(seconds, int) and 0 < seconds <= durations.MAX_SECONDS
        # what Go's time.ParseDuration reads: signed, numbers (with fractions) and units, in any order
        assert re.fullmatch(r"[+-]?([0-9]*(\.[0-9]*)?(ns|us|\u00b5s|\u03bcs|ms|s|m|h))+", text)
        assert durations.go_nanoseconds(text) == seconds * 10 ** 9
        assert durations.parse_duration(durations.format_duration(seconds), "--timeout") == seconds


@given(st.integers(-10, durations.MAX_SECONDS))
@counted
def test_format_duration_round_trips(seconds):
    text, _ = outcome(durations.format_duration, seconds)
    if seconds > 0:
        assert durations.parse_duration(text, "--timeout") == seconds
    else:
        assert text == "0s"


@given(NAME_LIKE, st.sampled_from([names.validate_configuration_name, names.validate_kustomization_name,
                                   names.validate_namespace, names.validate_secret_name]))
@counted
def test_names(value, validate):
    result, _ = outcome(validate, value)
    if result is not None:
        assert result == value and re.fullmatch(r"[a-z0-9]([a-z0-9.-]*[a-z0-9])?", result)


@given(NAME_LIKE, NAME_LIKE)
@counted
def test_combined_length(config, kustomization):
    _, err = outcome(names.validate_combined_length, config, kustomization)
    assert (err is None) == (len(config) + 1 + len(kustomization) <= 63)


GOOD_URL = st.builds(
    lambda prefix, host, path: f"{prefix}{host}{path}",
    st.sampled_from(["https://", "http://", "ssh://git@", "ssh://", "git@"]),
    st.from_regex(r"[a-z0-9]([a-z0-9.-]{0,20}[a-z0-9])?", fullmatch=True),
    st.from_regex(r"(/[A-Za-z0-9._-]{1,10}){0,3}", fullmatch=True))


@given(st.text() | URL_LIKE | GOOD_URL)
@counted
def test_git_url(url):
    result, err = outcome(urls.validate_git_url, url)
    for helper in (urls.is_ssh_url, urls.is_https_url, urls.is_http_url):
        helper(url)
    if result is not None:
        assert result.lower().startswith(urls.GIT_URL_PREFIXES)
        if urls.is_http_url(result):
            assert "@" not in result.split("/")[2]
    if err is not None and "secret@" in url:
        assert "secret" not in err.error_msg + " ".join(err.recommendations)


@given(st.text() | st.binary().map(encoding.encode_base64), st.sampled_from([None, "--x-file"]))
@counted
def test_decode_base64(value, file_option):
    result, _ = outcome(encoding.decode_base64, value, "--x", "content", file_option)
    if result is not None:
        assert isinstance(result, bytes) and result.strip()


@given(st.text(max_size=40))
@counted
def test_read_file_with_arbitrary_paths(path):
    outcome(files.read_file_bytes, path, "--some-file")


@given(st.binary(max_size=200))
@counted
def test_read_file_with_arbitrary_content(tmp_path_factory, content):
    path = tmp_path_factory.mktemp("f") / "content"
    path.write_bytes(content)
    result, _ = outcome(known_hosts.read_known_hosts_file, str(path), "--some-file")  # a text file the options read
    if result is not None:
        assert content.strip() and base64.b64decode(result) == content


VARIABLE_NAME = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,8}", fullmatch=True) | st.text(max_size=5)
SUBSTITUTE_LIKE = st.lists(st.builds(lambda k, v: f"{k}:{v}", VARIABLE_NAME, st.text(max_size=8)),
                           max_size=4).map(",".join)
SUBSTITUTE_FROM_LIKE = st.lists(st.builds(
    lambda kind, name, optional: f"{kind}:{name}{optional}",
    st.sampled_from(["ConfigMap", "Secret", "secret", "Pod", ""]),
    st.from_regex(r"[a-z0-9]([a-z0-9.-]{0,10}[a-z0-9])?", fullmatch=True) | st.text(max_size=6),
    st.sampled_from(["", ":optional", ":maybe"])), max_size=3).map(",".join)


@given(st.text(max_size=40) | SUBSTITUTE_LIKE | st.dictionaries(st.text(max_size=6), st.text(max_size=6)))
@counted
def test_post_build_substitute(value):
    from azext_k8s_configuration.validation.post_build import parse_substitute
    result, _ = outcome(parse_substitute, value, "--substitute")
    if result is not None:
        assert result and all(isinstance(v, str) for v in result.values())


@given(st.text(max_size=40) | SUBSTITUTE_FROM_LIKE)
@counted
def test_post_build_substitute_from(value):
    from azext_k8s_configuration.validation.post_build import parse_substitute_from
    result, _ = outcome(parse_substitute_from, value, "--substitute-from")
    if result is not None:
        assert result and all(item["kind"] in ("ConfigMap", "Secret") for item in result)


AT_TEXT = st.text(string.ascii_letters + string.digits + "@=/~.- ", max_size=20)
AT_VALUE = AT_TEXT | AT_TEXT.map(lambda text: "@" + text) | st.lists(st.lists(AT_TEXT, max_size=3), max_size=2)


@given(st.lists(st.tuples(AT_VALUE, st.sampled_from(at_files.FORMS)), max_size=3), st.lists(AT_TEXT, max_size=4))
@counted
def test_unread_at_files(values, raw_args):
    checks = [(f"--option-{i}", value, form, None) for i, (value, form) in enumerate(values)]
    _, err = outcome(at_files.refuse_unread_files, checks, raw_args=raw_args)
    if err is not None:
        # refused only for an '@...' text, and the message shows that text, nothing else the user gave
        shown = err.error_msg.split(" is '", 1)[1].split("': az could not read", 1)[0]
        assert shown.startswith("@") and len(shown) > 1
        assert isinstance(err, InvalidArgumentValueError)
