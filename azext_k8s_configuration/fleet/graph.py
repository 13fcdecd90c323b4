"""Azure Resource Graph through az's raw request (``send_raw_request``: az's credential, the registered cloud's
resource manager endpoint, ``--debug`` logging): one query, paged (``$top`` 1000, ``$skipToken``) and streamed
page by page. Resource Graph's per-user quota is honoured: when ``x-ms-user-quota-remaining`` says the window is
spent, the next request waits ``x-ms-user-quota-resets-after``; a 429 waits as long and tries again."""
import json
import time

from azure.cli.core.azclierror import AzureResponseError, BadRequestError
from knack.log import get_logger

logger = get_logger(__name__)

API_VERSION = "2024-04-01"
URL = "/providers/Microsoft.ResourceGraph/resources?api-version=" + API_VERSION
PAGE_SIZE = 1000
MAX_THROTTLED_RETRIES = 10


def parse_resets_after(text):
    """'hh:mm:ss' (fractions allowed) -> seconds, or None."""
    try:
        hours, minutes, seconds = text.split(":")
        return int(hours) * 3600 + int(minutes) * 60 + float(seconds)
    except (AttributeError, ValueError):
        return None


class ResourceGraph:
    def __init__(self, cli_ctx, sleep=time.sleep):
        self.cli_ctx = cli_ctx
        self.sleep = sleep
        self._paused_until = 0.0  # the quota window is spent until then
        self.throttled_seconds = 0.0

    def rows(self, query, subscriptions):
        """Every row of the query's result, page after page (a generator: one page in memory at a time)."""
        options = {"$top": PAGE_SIZE, "resultFormat": "objectArray"}
        authorization = self._authorization()
        while True:
            page = self._post({"subscriptions": list(subscriptions), "query": query, "options": options},
                              authorization)
            yield from page.get("data") or []
            token = page.get("$skipToken")
            if not token:
                if page.get("resultTruncated") == "true":
                    logger.warning("Resource Graph cut the result short (resultTruncated).")
                return
            options = {"$top": PAGE_SIZE, "$skipToken": token, "resultFormat": "objectArray"}

    def _authorization(self):
        """One token for the pages of a query (send_raw_request would fetch one per request)."""
        from azure.cli.core._profile import Profile
        resource = self.cli_ctx.cloud.endpoints.active_directory_resource_id
        (token_type, token, _), _, _ = Profile(cli_ctx=self.cli_ctx).get_raw_token(resource)
        return json.dumps({"Authorization": f"{token_type} {token}"})

    def _post(self, body, authorization):
        from azure.cli.core.azclierror import HTTPError
        from azure.cli.core.util import send_raw_request
        for _ in range(MAX_THROTTLED_RETRIES):
            self._wait_for_quota()
            try:
                response = send_raw_request(self.cli_ctx, "POST", URL, headers=[authorization], body=json.dumps(body))
            except HTTPError as error:
                response = error.response
                if response is not None and response.status_code == 429:
                    self._note_quota(response, throttled=True)
                    continue
                raise _graph_error(response) from None
            self._note_quota(response)
            return response.json()
        raise AzureResponseError("Resource Graph kept refusing the query: too many requests (429).",
                                 "Wait a minute and run the command again.")

    def _wait_for_quota(self):
        pause = self._paused_until - time.time()
        if pause > 0:
            logger.info("Resource Graph quota spent: waiting %.1f s", pause)
            self.throttled_seconds += pause
            self.sleep(pause)

    def _note_quota(self, response, throttled=False):
        headers = response.headers
        remaining = headers.get("x-ms-user-quota-remaining")
        resets = parse_resets_after(headers.get("x-ms-user-quota-resets-after"))
        if throttled and resets is None:
            try:
                resets = float(headers.get("Retry-After"))
            except (TypeError, ValueError):
                resets = 1.0
        if throttled or (remaining is not None and remaining.strip() == "0"):
            self._paused_until = time.time() + max(resets or 0.0, 0.1)


def _graph_error(response):
    """Resource Graph's own error (its details say what is wrong with the query) as a typed CLI error."""
    status = getattr(response, "status_code", None)
    try:
        error = response.json().get("error") or {}
    except (AttributeError, ValueError):
        error = {}
    details = [d.get("message") for d in error.get("details") or [] if isinstance(d, dict) and d.get("message")]
    codes = [d.get("code") for d in error.get("details") or [] if isinstance(d, dict) and d.get("code")]
    message = "; ".join(details) or error.get("message") or getattr(response, "text", "") or "no answer"
    code = codes[-1] if codes else error.get("code") or status
    text = f"Resource Graph refused the query ({code}): {message}"
    if status == 400:
        return BadRequestError(text, "Check --cluster-query: it is a Resource Graph where clause, e.g. "
                                     "\"tags.env == 'prod' and location =~ 'westeurope'\".")
    return AzureResponseError(text)
