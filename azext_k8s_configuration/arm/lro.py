"""Following long-running operations to the end, with progress on stderr (the loop: waiter.py)."""
from azure.cli.core.azclierror import AzureConnectionError
from knack.log import get_logger

from .errors import service_error_parts, translate
from .waiter import poll

logger = get_logger(__name__)
POLL_SECONDS = 0.2


def wait_for(cmd, poller, what):
    """Wait for an SDK poller (the SDK honours Retry-After), showing progress; typed errors on failure.

    A spinner shows on a terminal; when stderr is not a terminal (CI), a line every
    waiter.PROGRESS_EVERY_SECONDS says what is still running.
    """
    from azure.core.exceptions import AzureError, ServiceRequestError, ServiceResponseError
    try:
        poll(cmd, poller.done, bool, POLL_SECONDS, progress=lambda _done: f"Running: {what}",
             still=lambda _done, seconds: ("Still waiting for %s (%ds)...", what, seconds), sleep=poller.wait)
        return poller.result()
    except (ServiceRequestError, ServiceResponseError) as error:
        raise OutcomeUnknownError(
            f"{what}: could not reach Azure Resource Manager while following the operation ({error}). The request "
            "was accepted: the operation goes on in Azure, and whether it succeeded is unknown here.",
            FIND_OUT) from None
    except AzureError as error:
        status = getattr(error, "status_code", None) or 0
        if status == 404:
            raise lost_operation(error, what) from None
        if status == 429 or status >= 500:  # the operation's status could not be read (retries included)
            code, message = service_error_parts(error)
            raise OutcomeUnknownError(
                f"{what}: the request was accepted, but reading its progress failed: ({code}) {message}. The "
                "operation goes on in Azure, and whether it succeeded is unknown here.", FIND_OUT) from None
        raise translate(error, what) from None
    except KeyboardInterrupt:
        # az exits quietly on Ctrl+C; the user must still learn that the service carries on
        logger.warning("Stopped waiting for %s. The operation goes on in Azure: its outcome shows in the matching "
                       "`show` command (or wait for it with the `wait` command).", what)
        raise


class OutcomeUnknownError(AzureConnectionError):
    """An operation the service accepted, whose end could not be seen (connection lost, status URL gone).
    It goes on in Azure: a message built on it never says that nothing, or something failed, was left behind."""


FIND_OUT = "Its outcome shows in the matching `show` command; the matching `wait` command waits for it."


def lost_operation(error, what):
    """A 404 while following an operation that the service had accepted: the request was not "not found"
    (exit code 3 would tell scripts so); its progress could not be read."""
    code, message = service_error_parts(error)
    return OutcomeUnknownError(
        f"{what}: the request was accepted, but its progress could not be followed: the service answered 404 "
        f"({code}) {message}".rstrip(), FIND_OUT)
