"""ARM reads without an SDK: what the read commands (show, list) use, as `az rest` does.

Building an SDK client costs more than the GET it sends (azure-mgmt-core, the generated client and its models:
bench/results.md, reads), so the read commands send their GETs here: az's own sign-in (one token per command),
az's cloud endpoint, subscription and user agent, one HTTP session (keep-alive across pages), the request and
response logged under --debug as az logs them (through the secret filter of redaction.py), and the retries the SDK
pipeline would make: 408/429/5xx and lost connections, honouring Retry-After. Writes keep the SDK.
"""
import time

from knack.log import get_logger

logger = get_logger(__name__)

RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
STATUS_RETRIES = 3       # azure-core RetryPolicy's defaults for status and connection retries
CONNECTION_RETRIES = 3
BACKOFF_FACTOR = 0.8     # seconds, doubled at each retry, when the service sends no Retry-After
MAX_BACKOFF = 120


class RawArm:
    """One command's ARM connection for reads; `request` has clients.raw_request's contract."""

    def __init__(self, cli_ctx):
        from azure.cli.core._profile import Profile

        from . import redaction
        redaction.install()
        self._cli_ctx = cli_ctx
        self._profile = Profile(cli_ctx=cli_ctx)
        self.subscription_id = cli_ctx.data.get("subscription_id") or self._profile.get_subscription_id()
        self._endpoint = cli_ctx.cloud.endpoints.resource_manager.rstrip("/")
        self._authorization = None
        self._session = None

    def request(self, method, path, api_version, body=None, params=None):
        """(status code, parsed JSON or None) of one ARM request; connection failures raise azure-core's
        ServiceRequestError (errors.translate makes it a typed CLI error), after the retries."""
        query = {"api-version": api_version}
        query.update(params or {})
        return self._send(method, self._endpoint + path, query, body)

    def get_page(self, url):
        """A nextLink page (its URL carries the api-version)."""
        return self._send("GET", url, None, None)

    def _send(self, method, url, params, body):
        import requests
        status_retries, connection_retries, attempt = STATUS_RETRIES, CONNECTION_RETRIES, 0
        authorization = self._token()  # a sign-in failure is not ARM's: errors.command_exception_handler says so
        while True:
            attempt += 1
            try:
                response = self._once(method, url, params, body, authorization)
            except (requests.ConnectionError, requests.Timeout) as error:
                if connection_retries <= 0:
                    from azure.core.exceptions import ServiceRequestError
                    raise ServiceRequestError(str(error)) from None
                connection_retries -= 1
                _sleep(None, attempt)
                continue
            if response.status_code in RETRY_STATUSES and status_retries > 0:
                status_retries -= 1
                _sleep(response.headers.get("Retry-After"), attempt)
                continue
            try:
                payload = response.json() if response.content else None
            except ValueError:
                payload = None
            return response.status_code, payload

    def _once(self, method, url, params, body, authorization):
        import uuid

        from azure.cli.core.util import _log_request, _log_response
        session = self._connection()
        headers = {"Authorization": authorization, "x-ms-client-request-id": str(uuid.uuid4()),
                   "CommandName": self._cli_ctx.data.get("command") or ""}
        request = session.prepare_request(_request(method, url, headers, params, body))
        settings = session.merge_environment_settings(request.url, {}, None, _verify(), None)
        _log_request(request)
        response = session.send(request, **settings)
        _log_response(response)
        return response

    def _connection(self):
        if self._session is None:
            import requests
            from azure.cli.core.util import get_az_rest_user_agent
            self._session = requests.Session()
            self._session.headers["User-Agent"] = get_az_rest_user_agent()
        return self._session

    def _token(self):
        """az's sign-in, once per command (the same token az rest would get)."""
        if self._authorization is None:
            resource = self._cli_ctx.cloud.endpoints.active_directory_resource_id
            (token_type, token, _), _, _ = self._profile.get_raw_token(resource, subscription=self.subscription_id)
            self._authorization = f"{token_type} {token}"
        return self._authorization


def _request(method, url, headers, params, body):
    import requests
    return requests.Request(method=method, url=url, headers=headers, params=params, json=body)


def _verify():
    from azure.cli.core.util import should_disable_connection_verify
    return not should_disable_connection_verify()


def _sleep(retry_after, attempt):
    """Retry-After (seconds) when the service gave one, else azure-core's exponential back-off."""
    try:
        delay = float(retry_after)
    except (TypeError, ValueError):
        delay = BACKOFF_FACTOR * (2 ** (attempt - 1)) if attempt > 1 else 0
    delay = max(0.0, min(delay, MAX_BACKOFF))
    logger.debug("Retrying in %.1f s", delay)
    time.sleep(delay)
