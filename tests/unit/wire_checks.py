"""Assertions shared by the payload tests: spec conformance and where secrets may appear."""
import base64
import json

from spec_schema import validate_against_spec


def secret_forms(secret):
    """The raw secret and its base64 forms (str or bytes given)."""
    raw = secret.decode() if isinstance(secret, bytes) else secret
    encoded = base64.b64encode(raw.encode()).decode()
    return [form for form in (raw.strip(), encoded) if form]


def assert_secrets_only_protected(body, *secrets):
    """No secret (raw or base64) anywhere in ``body`` outside configurationProtectedSettings."""
    properties = dict(body.get("properties") or {})
    properties.pop("configurationProtectedSettings", None)
    text = json.dumps(dict(body, properties=properties))
    for secret in secrets:
        for form in secret_forms(secret):
            assert form not in text, "secret leaked outside configurationProtectedSettings"


def assert_not_in_error(err, *secrets):
    text = err.error_msg + "\n".join(err.recommendations)
    for secret in secrets:
        for form in secret_forms(secret):
            assert form not in text, "secret shown in an error message"


def valid_create(body):
    validate_against_spec(body, "FluxConfiguration")
    return body


def valid_patch(body):
    validate_against_spec(body, "FluxConfigurationPatch")
    return body
