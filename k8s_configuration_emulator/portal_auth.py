"""Who may call the emulator from a browser, and from where.

- Host: every request must name the emulator itself (``127.0.0.1:PORT`` or ``localhost:PORT``): a page on another
  site that rebinds its DNS name to 127.0.0.1 reaches the port but not the routes (``check_host``).
- The portal page logs in with a one-time code (``new_login_code``, printed by ``start`` and ``az-env``) exchanged
  for a session: an HttpOnly, Secure, SameSite=Strict cookie, and a CSRF token the page sends as ``X-CSRF-Token``
  on every request it makes. A session stands in for a bearer token on ARM routes, and for the admin secret on the
  admin API, only with that token and only from the emulator's own origin (``session_principal``).
- The admin API needs the identity header's secret (``X-IDENTITY-HEADER``, as the identity endpoint does) or a
  session with its CSRF token, and a body that says it is JSON (``check_admin_request``): a simple cross-origin
  form post or ``text/plain`` fetch can reach neither.
Sessions and codes live in the serving process's memory: a restart logs the page out (run ``az-env`` for a link).
"""
import hmac
import secrets
import threading
import time

from .errors import ArmError

COOKIE = "emulator_portal_session"
CSRF_HEADER = "X-CSRF-Token"
SECRET_HEADER = "X-IDENTITY-HEADER"
CODE_SECONDS = 24 * 3600  # how long an unused login code stays valid
SESSION_SECONDS = 12 * 3600
_WRITES = ("POST", "PUT", "PATCH", "DELETE")


class PortalAuth:
    def __init__(self):
        self._lock = threading.Lock()
        self._codes = {}  # code -> expiry
        self._sessions = {}  # session id -> {"csrf", "expires"}

    def new_login_code(self):
        code = secrets.token_urlsafe(24)
        with self._lock:
            self._codes[code] = time.time() + CODE_SECONDS
        return code

    def exchange(self, code):
        """A new session (id, csrf token) for an unused, unexpired code; the code is spent. None otherwise."""
        with self._lock:
            expires = self._codes.pop(code or "", None)
            if expires is None or expires < time.time():
                return None
            sid, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
            self._sessions[sid] = {"csrf": csrf, "expires": time.time() + SESSION_SECONDS}
            return sid, csrf

    def session(self, sid):
        """The session's record, or None (unknown or expired)."""
        with self._lock:
            record = self._sessions.get(sid or "")
            if record is not None and record["expires"] < time.time():
                del self._sessions[sid]
                record = None
            return record

    def logout(self, sid):
        with self._lock:
            self._sessions.pop(sid or "", None)

    def session_principal(self, headers, cookies, own_origins):
        """True when the request carries a live session, its CSRF token, and comes from the emulator's own page.
        False when it carries no session cookie at all; 403 when it has a session but not the rest."""
        record = self.session(cookies.get(COOKIE))
        if record is None:
            return False
        token = headers.get(CSRF_HEADER) or ""
        if not hmac.compare_digest(token.encode(), record["csrf"].encode()):
            raise ArmError(403, "InvalidCsrfToken", "The request carries no valid {} header.".format(CSRF_HEADER))
        origin = headers.get("Origin")
        site = headers.get("Sec-Fetch-Site")
        if (origin is not None and origin not in own_origins) or (site is not None and site != "same-origin"):
            raise ArmError(403, "CrossOriginRequest", "Requests with the portal session must come from the "
                                                      "emulator's own origin.")
        return True


def own_origins(port):
    return {"https://127.0.0.1:{}".format(port), "https://localhost:{}".format(port)}


def check_host(host, port):
    """Raise unless the Host header names the emulator (127.0.0.1 or localhost, with its port)."""
    if port is None:  # not bound yet: nothing is served
        return
    if (host or "").lower() not in ("127.0.0.1:{}".format(port), "localhost:{}".format(port)):
        raise ArmError(421, "MisdirectedRequest", "The Host header must be 127.0.0.1:{0} or localhost:{0}."
                       .format(port))


def check_admin_request(auth, identity_header, method, headers, cookies, content_length, mimetype, port):
    """Raise unless an admin call carries the admin secret (or a portal session with its CSRF token) and, when
    it has a body, says the body is JSON."""
    given = headers.get(SECRET_HEADER) or ""
    if not (given and hmac.compare_digest(given.encode(), identity_header.encode())):
        if not auth.session_principal(headers, cookies, own_origins(port)):
            raise ArmError(401, "Unauthorized", "The admin API needs the {} header (the emulator's identity "
                                                "header, in emulator.json).".format(SECRET_HEADER))
    if method in _WRITES and (content_length or 0) > 0 and mimetype != "application/json":
        raise ArmError(415, "UnsupportedMediaType", "The admin API takes a body of type application/json only.")
