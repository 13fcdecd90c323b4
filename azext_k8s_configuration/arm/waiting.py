"""`wait` commands: poll a resource until a condition holds (REFERENCE §8, §11).

The options are azure-cli's generic ones (--created, --updated, --deleted, --exists, --custom, --interval,
--timeout), but the outcome is a contract a script can trust: exit 0 only when the condition was met; exit 1 when
the timeout passes (saying the last state seen, or that the resource never appeared) or when the resource is
Failed (with the service's own message); exit 3 when its cluster, resource group or subscription does not exist.
"""
import time
from dataclasses import dataclass

from azure.cli.core.azclierror import (
    AzureResponseError,
    InvalidArgumentValueError,
    MutuallyExclusiveArgumentError,
    RequiredArgumentMissingError,
)
from knack.log import get_logger

from ..validation.durations import parse_seconds_or_duration
from .lro import PROGRESS_EVERY_SECONDS
from .output import to_output

logger = get_logger(__name__)
DEFAULT_INTERVAL_SECONDS = 5
DEFAULT_TIMEOUT_SECONDS = 3600
CONDITIONS = "--created, --updated, --deleted, --exists or --custom JMESPATH"


@dataclass(frozen=True)
class Condition:
    """The one condition a wait is for (check() refuses none, or several)."""
    created: bool = False
    updated: bool = False
    deleted: bool = False
    exists: bool = False
    custom: str = None

    def given(self):
        """The condition options given, as typed (--custom counts even when empty)."""
        return [f"--{name}" for name in ("created", "updated", "deleted", "exists") if getattr(self, name)] + \
            (["--custom"] if self.custom is not None else [])

    def check(self):
        """Raise a typed error, before anything is sent, unless exactly one valid condition was given: with several,
        one could be met while another is ignored (az's generic wait takes one, too)."""
        given = self.given()
        if not given:
            raise RequiredArgumentMissingError("Say what to wait for: no wait condition was given.",
                                               f"Pass one of {CONDITIONS}.")
        if len(given) > 1:
            raise MutuallyExclusiveArgumentError(
                f"Pass one wait condition, not several: {_joined(given)} were given together.",
                "Wait for one at a time (run wait once per condition), or test several fields in one --custom "
                "query, e.g. --custom \"provisioningState=='Succeeded' && complianceState=='Compliant'\".")
        if self.custom is not None:
            _refuse_bad_query(self.custom)

    def met_by(self, shown):
        """True when the resource as `show` prints it (None: absent) satisfies the condition."""
        if shown is None:
            return self.deleted
        if self.exists:
            return True
        if (self.created or self.updated) and state_of(shown).lower() == "succeeded":
            return True
        if self.custom:
            from jmespath import search
            return bool(search(self.custom, shown))
        return False

    def describe(self):
        if self.custom is not None:
            return f'--custom "{self.custom}"'
        return self.given()[0]


def _joined(options):
    return ", ".join(options[:-1]) + " and " + options[-1]


def _refuse_bad_query(query):
    from jmespath import compile as compile_jmespath
    from jmespath.exceptions import JMESPathError
    try:
        compile_jmespath(query)
    except JMESPathError as error:
        raise InvalidArgumentValueError(f"--custom is not a valid JMESPath query: {error}",
                                        "E.g. --custom \"complianceState=='Compliant'\".") from None


def poll_seconds(interval, timeout):
    """--interval and --timeout in seconds (None: the default), from plain seconds or Go durations; refused with a
    typed error, before anything is sent, when they are not 1 second or more."""
    return (DEFAULT_INTERVAL_SECONDS if interval is None else parse_seconds_or_duration(interval, "--interval"),
            DEFAULT_TIMEOUT_SECONDS if timeout is None else parse_seconds_or_duration(timeout, "--timeout"))


def state_of(shown):
    return str(shown.get("provisioningState") or "")


def wait_until(cmd, what, read, condition, interval, timeout, failure_of, show_command):
    """Poll read() (the resource, or None when it alone is absent) every `interval` seconds until `condition`
    holds; raise a typed error on Failed (failure_of(resource) says why) or when `timeout` seconds pass.
    Returns None, as az's wait does. A delete that is running may show any state: --deleted waits through it.
    The caller runs condition.check() and poll_seconds() first, before any request."""
    progress = cmd.cli_ctx.get_progress_controller()
    started = time.monotonic()
    deadline, next_note = started + timeout, started + PROGRESS_EVERY_SECONDS
    last = None
    progress.begin()
    try:
        while True:
            found = read()
            shown = to_output(found) if found is not None else None
            if condition.met_by(shown):
                return None
            if shown is not None:
                last = shown
                if state_of(shown).lower() == "failed" and not condition.deleted:
                    details = failure_of(found) or "the service gave no error message"
                    raise AzureResponseError(f"{what} is Failed: {details}", f"See it with `{show_command}`.")
            now = time.monotonic()
            if now + interval > deadline:
                raise _timed_out(what, condition, timeout, last, shown is not None, show_command)
            if now >= next_note:  # without a terminal the spinner is silent: say we are still here
                logger.warning("Still waiting for %s (%s, %ds)...", what, _seen(last, shown is not None),
                               int(now - started))
                next_note = now + PROGRESS_EVERY_SECONDS
            progress.add(message=f"Waiting for {what}")
            time.sleep(interval)
    finally:
        progress.end()


def _seen(last, present):
    if last is None:
        return "not there"
    if not present:
        return "gone"
    seen = f"provisioningState {state_of(last) or 'unknown'}"
    if last.get("complianceState"):
        seen += f", complianceState {last['complianceState']}"
    return seen


def _timed_out(what, condition, timeout, last, present, show_command):
    if last is None:
        message = f"Timed out after {timeout} s waiting for {what} ({condition.describe()}): it never appeared."
    else:
        message = (f"Timed out after {timeout} s waiting for {what} ({condition.describe()}); last seen: "
                   f"{_seen(last, present)}.")
    return AzureResponseError(message, f"See its current state with `{show_command}`; wait longer with --timeout.")
