"""SSH keys, known_hosts and CA certificates: random and mutated inputs give typed errors or valid results."""
import base64
import string

import keygen
from hypothesis import given
from hypothesis import strategies as st
from props import counted, outcome

from azext_k8s_configuration.validation import certificates, known_hosts, ssh_keys

KEYS = keygen.private_key_variants()
ALL_KEYS = sorted({**KEYS["good"], **KEYS["encrypted"], **KEYS["unsupported"]}.items())
ROOT, INTERMEDIATE = keygen.certificate_chain()
PUBLIC = {kind: keygen.public_openssh(kind) for kind in ("rsa", "ecdsa", "ed25519", "dsa")}
SECRET_LINES = {line for pem in KEYS["good"].values() for line in pem.decode().splitlines()
                if line and not line.startswith("-----")}


@st.composite
def mutated(draw, source):
    """``source`` bytes with a few bytes flipped, cut, or inserted."""
    data = bytearray(draw(source))
    for _ in range(draw(st.integers(1, 4))):
        if not data:
            break
        position = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["flip", "cut", "insert", "truncate"]))
        if action == "flip":
            data[position] ^= 1 << draw(st.integers(0, 7))
        elif action == "cut":
            del data[position]
        elif action == "insert":
            data.insert(position, draw(st.integers(0, 255)))
        else:
            del data[position:]
    return bytes(data)


KEY_BYTES = st.sampled_from([pem for _, pem in ALL_KEYS])
CERT_BYTES = st.sampled_from([ROOT, INTERMEDIATE, ROOT + INTERMEDIATE])


def _no_key_material(err):
    text = err.error_msg + " ".join(err.recommendations)
    assert not any(line in text for line in SECRET_LINES), "key material in an error message"


@given(st.text(max_size=300) | st.binary(max_size=300).map(keygen.b64) | mutated(KEY_BYTES).map(keygen.b64)
       | KEY_BYTES.map(keygen.b64))
@counted
def test_inline_private_key(value):
    result, err = outcome(ssh_keys.validate_ssh_private_key, value)
    if result is not None:
        assert base64.b64decode(result).strip()
    else:
        _no_key_material(err)


@given(mutated(KEY_BYTES) | st.binary(max_size=300) | KEY_BYTES)
@counted
def test_private_key_file(tmp_path_factory, content):
    path = tmp_path_factory.mktemp("k") / "id"
    path.write_bytes(content)
    result, err = outcome(ssh_keys.read_ssh_private_key_file, str(path))
    if result is not None:
        assert base64.b64decode(result).endswith(b"\n")
    else:
        _no_key_material(err)


HOST = st.one_of(
    st.text(string.ascii_letters + string.digits + ".-*?!:_", min_size=0, max_size=20),
    st.builds(lambda h, p: f"[{h}]:{p}", st.text(string.ascii_lowercase + ".", max_size=12), st.integers(-1, 70000)),
    st.builds(keygen.hashed_host, st.text(max_size=10)),
    st.builds(lambda a, b: f"|1|{a}|{b}", st.binary(max_size=24).map(keygen.b64),
              st.binary(max_size=24).map(keygen.b64)),
)
KEY_FIELDS = st.one_of(
    st.sampled_from(list(PUBLIC.values())),
    st.builds(lambda t, k: f"{t} {k}", st.sampled_from(list(known_hosts.KEY_TYPES) + ["ssh-foo", ""]),
              st.sampled_from([v.split()[1] for v in PUBLIC.values()]) | st.binary(max_size=60).map(keygen.b64)
              | st.text(max_size=20)),
)
LINE = st.builds(lambda marker, hosts, key, comment: " ".join(p for p in (marker, ",".join(hosts), key, comment) if p),
                 st.sampled_from(["", "", "@cert-authority", "@revoked", "@other"]),
                 st.lists(HOST, min_size=1, max_size=3),
                 KEY_FIELDS, st.sampled_from(["", "comment", "# c", "user@host"]))
GOOD_LINE = st.builds(
    lambda marker, hosts, key: " ".join(p for p in (marker, ",".join(hosts), key) if p),
    st.sampled_from(["", "@cert-authority", "@revoked"]),
    st.lists(st.one_of(st.from_regex(r"!?[a-z0-9*?][a-z0-9.*?-]{0,15}", fullmatch=True),
                       st.builds(lambda h, p: f"[{h}]:{p}", st.from_regex(r"[a-z0-9.]{1,12}", fullmatch=True),
                                 st.integers(1, 65535)),
                       st.builds(keygen.hashed_host, st.text(max_size=10))), min_size=1, max_size=3),
    st.sampled_from(list(PUBLIC.values())))
KNOWN_HOSTS_TEXT = st.lists(GOOD_LINE | LINE | st.sampled_from(["", "# comment", "   "]) | st.text(max_size=40),
                            min_size=1, max_size=6).map("\n".join)
GOOD_KNOWN_HOSTS_TEXT = st.lists(GOOD_LINE | st.sampled_from(["", "# comment"]), min_size=1, max_size=4).map(
    "\n".join)


@given(KNOWN_HOSTS_TEXT | GOOD_KNOWN_HOSTS_TEXT)
@counted
def test_known_hosts_text(text):
    count, err = outcome(known_hosts.check_known_hosts_text, text, "--known-hosts")
    if count is not None:
        assert count >= 1
    else:
        assert err.error_msg.startswith("--known-hosts")


@given(KNOWN_HOSTS_TEXT.map(keygen.b64) | GOOD_KNOWN_HOSTS_TEXT.map(keygen.b64) | st.text(max_size=100)
       | st.binary(max_size=100).map(keygen.b64))
@counted
def test_known_hosts_inline(value):
    result, _ = outcome(known_hosts.validate_known_hosts, value)
    if result is not None:
        known_hosts.check_known_hosts_text(base64.b64decode(result).decode("utf-8-sig"), "--known-hosts")


@given(st.text(max_size=200) | st.binary(max_size=300).map(keygen.b64) | mutated(CERT_BYTES).map(keygen.b64)
       | CERT_BYTES.map(keygen.b64))
@counted
def test_ca_certificate(value):
    result, _ = outcome(certificates.validate_ca_cert, value)
    if result is not None:
        assert certificates.check_certificates_pem(base64.b64decode(result), "--https-ca-cert") >= 1


@given(mutated(CERT_BYTES) | st.binary(max_size=200))
@counted
def test_ca_certificate_file(tmp_path_factory, content):
    path = tmp_path_factory.mktemp("c") / "ca.pem"
    path.write_bytes(content)
    outcome(certificates.read_ca_cert_file, str(path))
