"""Following long-running operations to the end, with progress on stderr."""
import time

from knack.log import get_logger

from .errors import translate

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
        raise translate(error, what) from None
    finally:
        progress.end()


def call(what, fn, *args, **kwargs):
    """Run one SDK call, mapping service errors to typed CLI errors."""
    from azure.core.exceptions import AzureError
    try:
        return fn(*args, **kwargs)
    except AzureError as error:
        raise translate(error, what) from None
