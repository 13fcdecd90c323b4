"""--debug request bodies: secrets never survive the log filter, whatever characters they hold."""
import json
import logging

import pytest

from azext_k8s_configuration.arm import redaction


@pytest.mark.parametrize("secret", ["p{a\"ss}word1", "pässwörd9-long", "pa\\ss\"wörd-x", "plain-secret-value"])
def test_protected_settings_and_in_block_secrets_are_redacted_in_json_bodies(secret):
    for body in ({"properties": {"configurationProtectedSettings": {"pw": secret}}},
                 {"properties": {"azureBlob": {"servicePrincipal": {"clientCertificatePassword": secret}}}},
                 {"properties": {"ociRepository": {"tlsConfig": {"privateKey": secret}}}}):
        for text in (json.dumps(body), json.dumps(body, ensure_ascii=False)):
            scrubbed = redaction.scrub(text)
            assert secret not in scrubbed and json.dumps(secret)[1:-1] not in scrubbed
            assert redaction.REDACTED in scrubbed


def test_registered_secrets_are_redacted_anywhere_in_any_form():
    secret = "tok\"en-wïth-escapes"
    redaction.register_secret(secret)
    import base64
    for form in (secret, json.dumps(secret)[1:-1], json.dumps(secret, ensure_ascii=False)[1:-1],
                 base64.b64encode(secret.encode()).decode()):
        assert form not in redaction.scrub(f"Response body: x {form} y")


def test_the_filter_rewrites_log_records(caplog):
    redaction.register_secret("filter-secret-123")
    handler = logging.StreamHandler()
    logging.getLogger().addHandler(handler)
    try:
        redaction.install()
        record = logging.LogRecord("cli.x", logging.DEBUG, __file__, 1, "body: %s", ("filter-secret-123",), None)
        assert all(f.filter(record) for f in handler.filters)
        assert "filter-secret-123" not in record.getMessage()
    finally:
        logging.getLogger().removeHandler(handler)


def test_non_secret_json_is_left_as_it_was():
    text = '{"properties": {"gitRepository": {"url": "https://x"}}}'
    assert redaction.scrub(text) == text


def test_output_never_prints_a_secret_a_service_would_echo():
    from azext_k8s_configuration.arm.output import to_output
    shown = to_output({"name": "cfg", "configurationProtectedSettings": {"sshPrivateKey": "c2VjcmV0"},
                       "azureBlob": {"accountKey": "k3y-value", "containerName": "c"}})
    assert shown["configurationProtectedSettings"]["sshPrivateKey"] == redaction.REDACTED
    assert shown["azureBlob"] == {"accountKey": redaction.REDACTED, "containerName": "c"}
    assert shown["name"] == "cfg"
