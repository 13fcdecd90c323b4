"""A Werkzeug request handler that keeps HTTP/1.1 connections open.

Werkzeug's development handler answers and then always closes the connection (it cannot tell where an
unread request body ends). ARM clients (requests/urllib3 in az and the SDKs) reuse connections, and a new
TLS handshake per request costs more than the request itself. This handler reads the request body up
front (Content-Length), hands the WSGI app a buffered copy and answers with a Content-Length, so the
connection can serve the next request. Anything unusual (chunked request bodies) is delegated to
Werkzeug's own handler, which then closes the connection as before.
"""
import io
import sys

from werkzeug.serving import WSGIRequestHandler

IDLE_TIMEOUT = 30  # seconds an idle keep-alive connection stays open


class KeepAliveRequestHandler(WSGIRequestHandler):
    timeout = IDLE_TIMEOUT

    def run_wsgi(self):
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            self.close_connection = True
            return super().run_wsgi()
        if (self.headers.get("Expect") or "").lower().strip() == "100-continue":
            self.wfile.write(b"HTTP/1.1 100 Continue\r\n\r\n")
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0:
            self.send_error(400, "Bad Content-Length")
            self.close_connection = True
            return
        body = self.rfile.read(length) if length else b""
        environ = self.make_environ()
        environ["wsgi.input"] = io.BytesIO(body)
        environ["CONTENT_LENGTH"] = str(len(body))

        response = {}

        def start_response(status, headers, exc_info=None):
            if exc_info and response:
                raise exc_info[1].with_traceback(exc_info[2])
            response["status"], response["headers"] = status, headers
            return chunks.append

        chunks = []
        try:
            result = self.server.app(environ, start_response)
            try:
                chunks.extend(result)
            finally:
                if hasattr(result, "close"):
                    result.close()
        except ConnectionError:  # e.g. a "drop" fault: the connection is gone, say nothing
            self.close_connection = True
            return
        except Exception:  # pragma: no cover - the Flask app answers its own errors
            import traceback
            traceback.print_exc(file=sys.stderr)
            response = {"status": "500 Internal Server Error", "headers": [("Content-Type", "text/plain")]}
            chunks = [b"Internal Server Error"]
        code, _, reason = response["status"].partition(" ")
        code = int(code)
        payload = b"".join(chunks)
        self.send_response(code, reason)
        for key, value in response["headers"]:
            if key.lower() not in ("content-length", "connection", "transfer-encoding", "server", "date"):
                self.send_header(key, value)
        if code >= 200 and code not in (204, 304):
            self.send_header("Content-Length", str(len(payload)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD" and code >= 200 and code not in (204, 304) and payload:
            self.wfile.write(payload)

    def log_request(self, code="-", size="-"):
        pass  # the emulator keeps its own request log
