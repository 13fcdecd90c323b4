"""Managed identity and bearer-token checks.

Two protocols, one per generation of az (both can be set at once: each az reads only its own variables):
- App Service (az 2.73+, MSAL's managed identity client): ``az login --identity`` sends
  ``GET $IDENTITY_ENDPOINT?api-version=2019-08-01&resource=<arm audience>`` with the header
  ``X-IDENTITY-HEADER: $IDENTITY_HEADER`` and expects ``{"access_token", "expires_on", "resource", "token_type"}``.
- Cloud Shell (az 2.70 to 2.72: msrestazure's MSIAuthentication, chosen when ``MSI_ENDPOINT`` is set; it reads
  no ``MSI_SECRET`` unless App Service's ``APPSETTING_WEBSITE_SITE_NAME`` is set too): ``POST $MSI_ENDPOINT``
  with the form body ``resource=<arm audience>`` and the header ``Metadata: true``, for every token it needs
  (no cache); it reads ``token_type``, ``access_token`` and ``expires_on``.
az then decodes the token (without verifying the signature) and reads ``tid``.
Tokens here are JWT-shaped and HMAC-signed with a per-data-dir key so the emulator can tell its own.
"""
import base64
import hashlib
import hmac
import json
import time
import uuid

from . import DEFAULT_TENANT_ID, IDENTITY_CLIENT_ID, IDENTITY_OBJECT_ID
from .errors import ArmError

TOKEN_LIFETIME = 24 * 3600


def _b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def mint_token(key, resource, now=None):
    now = int(now or time.time())
    header = {"typ": "JWT", "alg": "HS256", "kid": "k8s-configuration-emulator"}
    payload = {
        "aud": resource, "iss": "https://sts.windows.net/{}/".format(DEFAULT_TENANT_ID),
        "iat": now, "nbf": now, "exp": now + TOKEN_LIFETIME,
        "tid": DEFAULT_TENANT_ID, "oid": IDENTITY_OBJECT_ID, "sub": IDENTITY_OBJECT_ID,
        "appid": IDENTITY_CLIENT_ID, "idtyp": "app", "uti": uuid.uuid4().hex, "ver": "1.0",
        "xms_mirid": "/subscriptions/emulator/resourcegroups/emulator/providers/"
                     "Microsoft.ManagedIdentity/userAssignedIdentities/emulator",
    }
    signing_input = _b64(json.dumps(header).encode()) + "." + _b64(json.dumps(payload).encode())
    sig = hmac.new(key, signing_input.encode(), hashlib.sha256).digest()
    return signing_input + "." + _b64(sig), payload["exp"]


def token_response(key, resource):
    token, exp = mint_token(key, resource)
    return {"access_token": token, "expires_on": str(exp), "resource": resource,
            "token_type": "Bearer", "client_id": IDENTITY_CLIENT_ID}


def cloud_shell_token_response(key, resource):
    body = token_response(key, resource)
    now = int(time.time())
    body.update({"expires_in": str(int(body["expires_on"]) - now), "not_before": str(now), "refresh_token": ""})
    return body


def check_cloud_shell_request(headers, resource):
    """The Cloud Shell form: `Metadata: true` (the guard against requests forged through a browser) and a
    `resource`; it carries no secret, as on Cloud Shell itself (the emulator listens on loopback only)."""
    if (headers.get("Metadata") or "").lower() != "true":
        raise ArmError(400, "invalid_request", "Required metadata header not specified")
    if not resource:
        raise ArmError(400, "invalid_request", "The 'resource' form field is required.")


def check_identity_request(headers, expected_header, resource):
    if headers.get("X-IDENTITY-HEADER") != expected_header:
        raise ArmError(401, "Unauthorized", "The X-IDENTITY-HEADER header is missing or wrong.")
    if not resource:
        raise ArmError(400, "BadRequest", "The 'resource' query parameter is required.")


def check_bearer(authorization, key):
    """Raise 401 unless the Authorization header carries a valid, unexpired emulator token."""
    if not authorization:
        raise ArmError(401, "AuthenticationFailed",
                       "Authentication failed. The 'Authorization' header is missing.",
                       headers={"WWW-Authenticate": 'Bearer authorization_uri="https://login.invalid/", '
                                                    'error="invalid_token"'})
    scheme, _, token = authorization.partition(" ")
    parts = token.split(".")
    if scheme.lower() != "bearer" or len(parts) != 3:
        raise ArmError(401, "AuthenticationFailedInvalidHeader",
                       "Authentication failed. The 'Authorization' header is provided in an invalid format.")
    expected = hmac.new(key, (parts[0] + "." + parts[1]).encode(), hashlib.sha256).digest()
    try:
        valid_sig = hmac.compare_digest(expected, _unb64(parts[2]))
        payload = json.loads(_unb64(parts[1]))
    except (ValueError, TypeError):
        valid_sig, payload = False, {}
    if not valid_sig:
        raise ArmError(401, "InvalidAuthenticationToken", "The access token is invalid.")
    if payload.get("exp", 0) < time.time():
        raise ArmError(401, "ExpiredAuthenticationToken",
                       "The access token expiry UTC time is earlier than current UTC time.")
    return payload
