"""The one polling loop: read until a condition holds, with a spinner, a "still waiting" line and a deadline.

Every wait of the extension runs through ``poll``: following a long-running operation (arm/lro.py), the `wait`
commands (arm/waiting.py), waiting for the microsoft.flux extension to settle (extensions/ensure_flux.py) and for a
Flux v1 configuration to be deleted (legacy/handlers.py). Each caller says only what differs:

- ``read()``: one look at the resource (or operation); ``settled(value)`` says whether the wait is over (it may raise
  a typed error instead, e.g. on Failed). ``first``: a value already read, so the loop starts by judging it.
- ``interval``: seconds between two reads; ``sleep(seconds)`` waits that long (an SDK poller's own ``wait`` for
  LROs, which honours Retry-After).
- ``timeout`` (seconds, None: none): the loop gives up, raising ``timed_out(last value)``, when the next read would
  come after the deadline.
- ``progress(value)``: the spinner's message; ``still(value, seconds)``: the "still waiting" line logged every
  PROGRESS_EVERY_SECONDS (without a terminal the spinner is silent), or None for none.

What an outcome that cannot be seen means (connection lost while following an accepted operation) is the caller's
(arm/lro.OutcomeUnknownError): the loop lets every error through and always stops the spinner.
"""
import time

from knack.log import get_logger

logger = get_logger(__name__)
PROGRESS_EVERY_SECONDS = 10
_NOT_READ = object()


def poll(cmd, read, settled, interval, progress, timeout=None, timed_out=None, still=None, first=_NOT_READ,
         sleep=time.sleep):
    """Poll until ``settled(value)``; return that value (see the module docstring for the arguments)."""
    spinner = cmd.cli_ctx.get_progress_controller()
    started = time.monotonic()
    deadline = None if timeout is None else started + timeout
    next_note = started + PROGRESS_EVERY_SECONDS
    spinner.begin()
    try:
        value = read() if first is _NOT_READ else first
        while not settled(value):
            now = time.monotonic()
            if deadline is not None and now + interval > deadline:
                raise timed_out(value)
            if still is not None and now >= next_note:
                logger.warning(*still(value, int(now - started)))
                next_note = now + PROGRESS_EVERY_SECONDS
            spinner.add(message=progress(value))
            sleep(interval)
            value = read()
        return value
    finally:
        spinner.end()
