"""WSGI middleware in front of the Flask app: path normalisation, fault injection, request log.

Admin calls (``/_emulator/``) skip faults and the log; identity, metadata and portal page calls are subject to
faults but are not logged (the log is for ARM traffic, the page's ARM requests included).
"""
import errno
import io
import json
import re
import time

ADMIN_PREFIX = "/_emulator/"
_UNLOGGED_PREFIXES = (ADMIN_PREFIX, "/msi/", "/metadata/", "/portal")
_SLASHES = re.compile("/{2,}")


class FrontDoor:
    def __init__(self, app, ctx):
        self.app = app
        self.ctx = ctx

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO") or "/"
        if "//" in path:  # `az cloud register` joins "https://host:port/" + "/metadata/..."
            path = _SLASHES.sub("/", path)
            environ["PATH_INFO"] = path
        if path.startswith(ADMIN_PREFIX):
            return self.app(environ, start_response)

        started = time.perf_counter()
        method = environ["REQUEST_METHOD"]
        logged = not path.startswith(_UNLOGGED_PREFIXES)
        body = None
        if logged:
            raw = _read_body(environ)
            body = _parse(raw)

        rule = self.ctx.faults.match(method, path)
        if rule:
            if rule.get("delay"):
                time.sleep(float(rule["delay"]))
            if rule.get("drop"):
                self._log(logged, method, path, environ, 0, started, body, rule)
                return _drop(environ, start_response)
            if rule.get("status"):
                self._log(logged, method, path, environ, int(rule["status"]), started, body, rule)
                return _fault_response(rule, start_response)

        captured = {}

        def capture(status, headers, exc_info=None):
            captured["status"] = int(status.split(" ", 1)[0])
            return start_response(status, headers, exc_info)

        result = self.app(environ, capture)
        if logged:
            self._log(True, method, path, environ, captured.get("status", 0), started, body, rule)
        return result

    def _log(self, logged, method, path, environ, status, started, body, rule):
        if not logged:
            return
        self.ctx.reqlog.record(method, path, environ.get("QUERY_STRING", ""), status,
                               (time.perf_counter() - started) * 1000, body,
                               fault=rule["id"] if rule else None)


def _read_body(environ):
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if environ.get("wsgi.input_terminated"):  # chunked request body, de-chunked by the server
        raw = environ["wsgi.input"].read()
    else:
        raw = environ["wsgi.input"].read(length) if length > 0 else b""
    environ["wsgi.input"] = io.BytesIO(raw)
    environ["CONTENT_LENGTH"] = str(len(raw))
    environ.pop("wsgi.input_terminated", None)
    environ.pop("HTTP_TRANSFER_ENCODING", None)  # the body is now a plain, sized buffer
    return raw


def _parse(raw):
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return raw.decode("utf-8", "replace")[:2000]


def _fault_response(rule, start_response):
    status = int(rule["status"])
    body = rule.get("body")
    if body is None:
        body = {"error": {"code": "InjectedFault", "message": "Fault injected by the emulator (rule {}).".format(
            rule["id"]), "details": []}}
    data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
    headers = [("Content-Type", "application/json"), ("Content-Length", str(len(data)))]
    headers += [(k, str(v)) for k, v in (rule.get("headers") or {}).items()]
    start_response("{} Fault".format(status), headers)
    return [data]


def _drop(environ, start_response):
    """Close the connection with no answer: the server treats the connection as reset by the peer, says nothing
    and closes it, so the client sees the connection end with no response."""
    raise ConnectionResetError(errno.ECONNRESET, "connection dropped by a fault rule")
