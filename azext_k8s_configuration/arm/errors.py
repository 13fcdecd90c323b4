"""Service errors → typed azure-cli errors with a recommendation."""
from azure.cli.core.azclierror import (
    AzureConnectionError,
    AzureInternalError,
    AzureResponseError,
    BadRequestError,
    ForbiddenError,
    ResourceNotFoundError,
    UnauthorizedError,
)


def service_error_parts(error):
    """(code, message) from an azure-core HttpResponseError, or from an ARM error JSON body."""
    if isinstance(error, dict):
        body = error.get("error", error)
        return body.get("code") or "Unknown", body.get("message") or ""
    odata = getattr(error, "error", None)
    code = getattr(odata, "code", None)
    message = getattr(odata, "message", None)
    if not message:
        message = getattr(error, "message", None) or str(error)
    return code or getattr(error, "reason", None) or "Unknown", message


def from_status(status, code, message, what=None, recommendation=None):
    text = f"{what}: {message}" if what else message
    if code and code not in text:
        text = f"({code}) {text}"
    if status == 404:
        return ResourceNotFoundError(text, recommendation)
    if status == 400:
        return BadRequestError(text, recommendation)
    if status == 401:
        return UnauthorizedError(text, recommendation or "Run `az login` again.")
    if status == 403:
        return ForbiddenError(text, recommendation)
    if status == 409:
        return AzureResponseError(text, recommendation or
                                  "Another operation is in progress on this resource; wait for it and retry.")
    if status is not None and status >= 500:
        return AzureInternalError(text, recommendation or "The service failed; retry in a few minutes.")
    return AzureResponseError(text, recommendation)


def translate(error, what=None, recommendation=None):
    """Turn an azure-core exception into a typed CLI error (never a traceback)."""
    from azure.core.exceptions import HttpResponseError, ServiceRequestError, ServiceResponseError
    if isinstance(error, (ServiceRequestError, ServiceResponseError)):
        return AzureConnectionError(f"{what + ': ' if what else ''}could not reach Azure Resource Manager ({error}).",
                                    "Check your network connection and retry.")
    if isinstance(error, HttpResponseError):
        code, message = service_error_parts(error)
        return from_status(error.status_code, code, message, what, recommendation)
    return error


def command_exception_handler(error):
    """`exception_handler` of every command. The sign-in library fetches tokens with plain `requests`, so a
    dropped connection to the identity endpoint surfaces as requests' ConnectionError, which az would print as
    "an unexpected error" with a traceback: make it a typed connection error. Anything else is re-raised."""
    import requests
    if isinstance(error, requests.exceptions.RequestException):
        raise AzureConnectionError(
            f"Could not reach the sign-in (identity) endpoint or Azure Resource Manager ({error}).",
            "Check your network connection and retry; if it keeps failing, run `az login` again.") from None
    raise error


def service_call(what, fn, *args, **kwargs):
    """Run one SDK or raw ARM call; its failures become typed CLI errors saying `what` was being done."""
    from azure.core.exceptions import AzureError
    try:
        return fn(*args, **kwargs)
    except AzureError as error:
        raise translate(error, what) from None
