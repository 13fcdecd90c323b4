"""Why a source could not be read, in words a user can act on. Each failure has a stable code (for scripts and
tests), a message that says what happened, and a hint that says what to do. Messages never carry a secret."""
from .report import ERROR, Problem

AUTH_REFUSED = "auth-refused"
AUTH_REQUIRED = "auth-required"
HOST_KEY_MISMATCH = "host-key-mismatch"
HOST_KEY_UNKNOWN = "host-key-unknown"
REPOSITORY_NOT_FOUND = "repository-not-found"
TLS_ERROR = "tls-error"
UNREACHABLE = "unreachable"
PROTOCOL_ERROR = "git-protocol-error"
SSH_CLIENT_MISSING = "ssh-client-missing"
REF_NOT_FOUND = "ref-not-found"
COMMIT_NOT_ON_BRANCH = "commit-not-on-branch"
SEMVER_NO_MATCH = "semver-no-match"
SEMVER_INVALID = "semver-invalid"
URL_UNSUPPORTED = "url-unsupported"


class SourceError(Exception):
    """The source could not be read (or the reference resolved); `problem()` is how the report shows it."""

    def __init__(self, code, message, hint=None, severity=ERROR):
        super().__init__(message)
        self.code = code
        self.message = message
        self.hint = hint
        self.severity = severity

    def text(self):
        return f"{self.message} {self.hint}" if self.hint else self.message

    def problem(self):
        return Problem(self.severity, self.code, self.text())
