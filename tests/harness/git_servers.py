"""Real git servers on 127.0.0.1 for tests, benchmarks and the demo; each is started and stopped by its user.

- GitHttpsServer: git's own smart-HTTP server (`git http-backend`, run as CGI) behind werkzeug with TLS from a
  private CA (k8s_configuration_emulator.certs), and HTTP basic auth on every repository not listed as public.
- GitSshServer: Debian's OpenSSH server (`/usr/sbin/sshd`, installed by `make env`) on a loopback port with its
  own host key, accepting only the given public keys; git runs `git-upload-pack` over it as on any git host.

Nothing here listens on any address but 127.0.0.1.
"""
import base64
import os
import socket
import subprocess
import threading
import time

from k8s_configuration_emulator.certs import ensure_certificates

from . import stop_process

LOOPBACK = "127.0.0.1"
SSHD = "/usr/sbin/sshd"


def free_port():
    with socket.socket() as s:
        s.bind((LOOPBACK, 0))
        return s.getsockname()[1]


def wait_listening(port, proc=None, timeout=15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited with code {proc.returncode}")
        try:
            with socket.create_connection((LOOPBACK, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on {LOOPBACK}:{port} after {timeout} s")


class GitHttpsServer:
    """Serves the bare repositories under `root` at https://127.0.0.1:PORT/<name>.git."""

    def __init__(self, root, cert_dir, user="git-user", password="s3cret-Token-123", public=()):
        self.root = str(root)
        self.cert_dir = str(cert_dir)
        self.user, self.password = user, password
        self.public = set(public)
        self.ca_path = self.cert_path = self.key_path = None
        self.port = None
        self._server = self._thread = None

    def url(self, repo):
        return f"https://{LOOPBACK}:{self.port}/{repo}"

    @property
    def ca_pem(self):
        with open(self.ca_path, "rb") as f:
            return f.read()

    def start(self):
        os.makedirs(self.cert_dir, exist_ok=True)
        self.ca_path, self.cert_path, self.key_path = ensure_certificates(self.cert_dir)
        self._server = _TlsServer(self._app, self.cert_path, self.key_path)
        self.port = self._server.port
        self._thread = threading.Thread(target=self._server.server.serve_forever, name="git-https", daemon=True)
        self._thread.start()  # the socket already listens: connections queue until the loop accepts them
        return self

    def stop(self):
        if self._server is not None:
            self._server.shutdown()
            self._thread.join(10)
        self._server = self._thread = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    # -- the WSGI application: basic auth, then git http-backend as CGI --------------------------------
    def _authorized(self, environ):
        repo = environ.get("PATH_INFO", "").lstrip("/").split("/", 1)[0]
        if repo in self.public:
            return True
        header = environ.get("HTTP_AUTHORIZATION", "")
        expected = base64.b64encode(f"{self.user}:{self.password}".encode()).decode()
        return header == f"Basic {expected}"

    def _app(self, environ, start_response):
        if not self._authorized(environ):
            start_response("401 Unauthorized", [("WWW-Authenticate", 'Basic realm="git"'),
                                                ("Content-Type", "text/plain")])
            return [b"authentication required\n"]
        body = _request_body(environ)
        cgi_env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "GIT_PROJECT_ROOT": self.root, "GIT_HTTP_EXPORT_ALL": "1",
            "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
            "REQUEST_METHOD": environ["REQUEST_METHOD"], "PATH_INFO": environ.get("PATH_INFO", ""),
            "QUERY_STRING": environ.get("QUERY_STRING", ""), "CONTENT_TYPE": environ.get("CONTENT_TYPE", ""),
            "CONTENT_LENGTH": str(len(body)), "REMOTE_USER": self.user, "REMOTE_ADDR": LOOPBACK,
            "GATEWAY_INTERFACE": "CGI/1.1", "SERVER_PROTOCOL": "HTTP/1.1",
        }
        for header in ("HTTP_GIT_PROTOCOL", "HTTP_CONTENT_ENCODING"):
            if header in environ:
                cgi_env[header] = environ[header]
        proc = subprocess.run(["git", "http-backend"], input=body, env=cgi_env, capture_output=True, check=False)
        head, sep, payload = proc.stdout.partition(b"\r\n\r\n")
        if not sep:
            head, sep, payload = proc.stdout.partition(b"\n\n")
        status, headers = "200 OK", []
        for line in head.decode("latin-1").splitlines():
            name, _, value = line.partition(":")
            if name.lower() == "status":
                status = value.strip()
            elif name:
                headers.append((name.strip(), value.strip()))
        start_response(status, headers)
        return [payload]


class GitSshServer:
    """OpenSSH's sshd on 127.0.0.1:PORT; repositories are reached as ssh://USER@127.0.0.1:PORT/<abs path>."""

    def __init__(self, workdir, authorized_public_keys, host_key_pem):
        self.workdir = str(workdir)
        self.authorized = list(authorized_public_keys)
        self.host_key_pem = host_key_pem
        self.user = os.environ.get("USER") or _current_user()
        self.port = None
        self.proc = None

    @staticmethod
    def available():
        return os.path.exists(SSHD)

    def url(self, repo_path):
        return f"ssh://{self.user}@{LOOPBACK}:{self.port}{os.path.abspath(repo_path)}"

    def start(self):
        if not self.available():
            raise RuntimeError(f"{SSHD} is missing: run `make env` (it installs openssh-server)")
        os.makedirs(self.workdir, exist_ok=True)
        if os.geteuid() == 0:
            os.makedirs("/run/sshd", mode=0o755, exist_ok=True)  # sshd's privilege-separation directory
        host_key = _write(os.path.join(self.workdir, "host_key"), self.host_key_pem, 0o600)
        keys = _write(os.path.join(self.workdir, "authorized_keys"), "\n".join(self.authorized) + "\n", 0o600)
        self.port = free_port()
        config = _write(os.path.join(self.workdir, "sshd_config"), "\n".join([
            f"ListenAddress {LOOPBACK}", f"Port {self.port}", f"HostKey {host_key}",
            f"AuthorizedKeysFile {keys}", f"PidFile {os.path.join(self.workdir, 'sshd.pid')}",
            "PasswordAuthentication no", "KbdInteractiveAuthentication no", "UsePAM no", "StrictModes no",
            "PermitRootLogin prohibit-password", "AllowTcpForwarding no", "X11Forwarding no",
            "PrintMotd no", "AcceptEnv GIT_PROTOCOL", "LogLevel ERROR",
            # a HOME of its own: the login shell then reads no ~/.bashrc (root's can take half a second)
            f"SetEnv HOME={self.workdir}", "KexAlgorithms curve25519-sha256,curve25519-sha256@libssh.org", "",
        ]), 0o600)
        log = open(os.path.join(self.workdir, "sshd.log"), "ab")  # noqa: SIM115 - closed in stop()
        self._log = log
        self.proc = subprocess.Popen([SSHD, "-D", "-e", "-f", config], stdout=log, stderr=log,
                                     stdin=subprocess.DEVNULL)
        wait_listening(self.port, self.proc)
        return self

    def stop(self):
        stop_process(self.proc)
        self.proc = None
        if getattr(self, "_log", None):
            self._log.close()
            self._log = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def known_hosts_line(self, host_pattern=None):
        """The known_hosts line that trusts this server's host key."""
        from cryptography.hazmat.primitives import serialization

        key = serialization.load_ssh_private_key(self.host_key_pem.encode(), password=None)
        public = key.public_key().public_bytes(serialization.Encoding.OpenSSH,
                                               serialization.PublicFormat.OpenSSH).decode()
        return f"{host_pattern or f'[{LOOPBACK}]:{self.port}'} {public}"


def _request_body(environ):
    length = int(environ.get("CONTENT_LENGTH") or 0)
    if length:
        return environ["wsgi.input"].read(length)
    chunked = "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()
    return environ["wsgi.input"].read() if chunked or environ.get("wsgi.input_terminated") else b""


class _TlsServer:
    """werkzeug's threaded WSGI server with TLS (werkzeug is the emulator's WSGI stack), without request logs."""

    def __init__(self, app, cert, key):
        from werkzeug.serving import WSGIRequestHandler, make_server

        class QuietHandler(WSGIRequestHandler):
            def log_request(self, *args, **kwargs):
                pass

        self.server = make_server(LOOPBACK, 0, app, threaded=True, ssl_context=(cert, key),
                                  request_handler=QuietHandler)
        self.port = self.server.server_port

    def shutdown(self):
        self.server.shutdown()
        self.server.server_close()


def ssh_keypair():
    """(private key in OpenSSH PEM, public key line) of a fresh Ed25519 key."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ed25519

    key = ed25519.Ed25519PrivateKey.generate()
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.OpenSSH,
                                serialization.NoEncryption()).decode()
    public = key.public_key().public_bytes(serialization.Encoding.OpenSSH,
                                           serialization.PublicFormat.OpenSSH).decode()
    return private, public


def _write(path, text, mode):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "w") as f:
        f.write(text)
    return path


def _current_user():
    import pwd
    return pwd.getpwuid(os.getuid()).pw_name
