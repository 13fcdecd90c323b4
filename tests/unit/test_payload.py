import copy

import keygen

from azext_k8s_configuration.flux import payload
from azext_k8s_configuration.flux.model import build_create_spec


def test_redact_hides_protected_values_only():
    body = {"properties": {"gitRepository": {"url": "https://h/r", "httpsUser": "git"},
                           "configurationProtectedSettings": {"httpsKey": "c2VjcmV0", "sshPrivateKey": None}}}
    original = copy.deepcopy(body)
    redacted = payload.redact(body)
    assert redacted["properties"]["configurationProtectedSettings"] == {"httpsKey": "<redacted>", "sshPrivateKey": None}
    assert redacted["properties"]["gitRepository"] == body["properties"]["gitRepository"]
    assert body == original  # a copy, not in place


def test_redact_nested_and_lists():
    body = [{"x": {"configurationProtectedSettings": {"a": "s"}}}]
    assert payload.redact(body) == [{"x": {"configurationProtectedSettings": {"a": "<redacted>"}}}]
    assert payload.redact(None) is None and payload.redact("text") == "text"


def test_redact_on_a_real_create_body(keys):
    key = keygen.b64(keys["good"]["rsa-pkcs1"])
    spec = build_create_spec(name="c", url="ssh://git@h/r", branch="main", ssh_private_key=key)
    assert key not in repr(payload.redact(spec.body))


def test_read_existing_round_trip():
    spec = build_create_spec(name="c", url="https://h/r", tag="v1", https_user="u", https_key="k",
                             kustomization=[["name=a", "retry_interval=1m", "disable_health_check=true"]])
    current = payload.read_existing(dict(spec.body, name="c"))
    assert current.name == "c" and current.scope == "cluster" and current.source_kind == "GitRepository"
    assert current.kind == "git" and current.source["tag"] == "v1" and current.source["https_user"] == "u"
    assert current.source["timeout"] == 600 and "https_key" not in current.source  # secrets are never read back
    assert current.kustomizations["a"].retry_interval == 60 and current.kustomizations["a"].wait is False


def test_read_existing_tolerates_empty():
    current = payload.read_existing(None)
    assert current.kustomizations == {} and current.source_kind == "GitRepository" and current.source["url"] is None
