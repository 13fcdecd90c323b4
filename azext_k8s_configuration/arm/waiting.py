"""`wait` commands: poll a resource until a condition holds (REFERENCE §8, §11).

The options are azure-cli's generic ones (--created, --updated, --deleted, --exists, --custom, --interval,
--timeout), but the outcome is a contract a script can trust: exit 0 only when the condition was met; exit 1 when
the timeout passes (saying the last state seen, or that the resource never appeared) or when the resource is
Failed (with the service's own message); exit 3 when its cluster, resource group or subscription does not exist.
"""
import time
from dataclasses import dataclass

from azure.cli.core.azclierror import AzureResponseError, InvalidArgumentValueError, RequiredArgumentMissingError
from knack.log import get_logger

from .lro import PROGRESS_EVERY_SECONDS
from .output import to_output

logger = get_logger(__name__)
DEFAULT_INTERVAL_SECONDS = 5
DEFAULT_TIMEOUT_SECONDS = 3600
CONDITIONS = "--created, --updated, --deleted, --exists or --custom JMESPATH"


@dataclass(frozen=True)
class Condition:
    created: bool = False
    updated: bool = False
    deleted: bool = False
    exists: bool = False
    custom: str = None

    def check(self, interval, timeout):
        if not any((self.created, self.updated, self.deleted, self.exists, self.custom)):
            raise RequiredArgumentMissingError("Say what to wait for.", f"Pass one of {CONDITIONS}.")
        for option, value in (("--interval", interval), ("--timeout", timeout)):
            if value is None or value < 1:
                raise InvalidArgumentValueError(f"{option} must be a whole number of seconds, 1 or more.",
                                                f"E.g. {option} {DEFAULT_INTERVAL_SECONDS}.")
        if self.custom:
            from jmespath import compile as compile_jmespath
            from jmespath.exceptions import JMESPathError
            try:
                compile_jmespath(self.custom)
            except JMESPathError as error:
                raise InvalidArgumentValueError(f"--custom is not a valid JMESPath query: {error}",
                                                "E.g. --custom \"complianceState=='Compliant'\".") from None

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
        if self.custom:
            return f'--custom "{self.custom}"'
        return next(f"--{name}" for name in ("created", "updated", "deleted", "exists") if getattr(self, name))


def state_of(shown):
    return str(shown.get("provisioningState") or "")


def wait_until(cmd, what, read, condition, interval, timeout, failure_of, show_command):
    """Poll read() (the resource, or None when it alone is absent) every `interval` seconds until `condition`
    holds; raise a typed error on Failed (failure_of(resource) says why) or when `timeout` seconds pass.
    Returns None, as az's wait does. A delete that is running may show any state: --deleted waits through it.
    The caller runs condition.check() first, before any request."""
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
