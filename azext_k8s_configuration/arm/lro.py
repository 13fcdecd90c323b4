"""Following long-running operations to the end, with progress on stderr."""
import time

from knack.log import get_logger

from .errors import service_error_parts, translate

logger = get_logger(__name__)
PROGRESS_EVERY_SECONDS = 10


def wait_for(cmd, poller, what):
    """Wait for an SDK poller (the SDK honours Retry-After), showing progress; typed errors on failure.

    A spinner shows on a terminal; when stderr is not a terminal (CI), a line every
    PROGRESS_EVERY_SECONDS says what is still running.
    """
    from azure.core.exceptions import AzureError
    progress = cmd.cli_ctx.get_progress_controller()
    started = time.monotonic()
    next_note = started + PROGRESS_EVERY_SECONDS
    try:
        progress.begin()
        while not poller.done():
            progress.add(message=f"Running: {what}")
            now = time.monotonic()
            if now >= next_note:
                logger.warning("Still waiting for %s (%ds)...", what, int(now - started))
                next_note = now + PROGRESS_EVERY_SECONDS
            poller.wait(0.2)
        return poller.result()
    except AzureError as error:
        if getattr(error, "status_code", None) == 404:
            raise lost_operation(error, what) from None
        raise translate(error, what) from None
    except KeyboardInterrupt:
        # az exits quietly on Ctrl+C; the user must still learn that the service carries on
        logger.warning("Stopped waiting for %s. The operation goes on in Azure: its outcome shows in the matching "
                       "`show` command (or wait for it with the `wait` command).", what)
        raise
    finally:
        progress.end()


def lost_operation(error, what):
    """A 404 while following an operation that the service had accepted: the request was not "not found"
    (exit code 3 would tell scripts so); its progress could not be read."""
    from azure.cli.core.azclierror import AzureResponseError
    code, message = service_error_parts(error)
    return AzureResponseError(
        f"{what}: the request was accepted, but its progress could not be followed: the service answered 404 "
        f"({code}) {message}".rstrip(),
        "Check the resource's current state with the matching `show` command before retrying.")


def call(what, fn, *args, **kwargs):
    """Run one SDK call, mapping service errors to typed CLI errors."""
    from azure.core.exceptions import AzureError
    try:
        return fn(*args, **kwargs)
    except AzureError as error:
        raise translate(error, what) from None
