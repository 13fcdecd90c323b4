"""Run the emulator: certificates, state, the threaded TLS Werkzeug server, emulator.json."""
import json
import logging
import os
import signal
import socket
import ssl
import threading

from werkzeug.serving import make_server

from .certs import ensure_certificates
from .context import Context
from .keepalive import KeepAliveRequestHandler
from .providers import KUBERNETES_CONFIGURATION

INFO_FILE = "emulator.json"


def info_path(data_dir):
    return os.path.join(data_dir, INFO_FILE)


def build(data_dir, port=0, overrides=None, faults_file=None, seed_file=None, kc_registered=None):
    """Create the context, app and bound server (not yet serving)."""
    from .app import create_app
    from .seed import apply_seed

    ctx = Context(data_dir, overrides)
    if not ctx.store.setting("initialized"):
        ctx.store.set_provider_state(KUBERNETES_CONFIGURATION,
                                     "Registered" if kc_registered in (None, True) else "NotRegistered")
        ctx.store.set_setting("initialized", True)
    elif kc_registered is not None:
        ctx.store.set_provider_state(KUBERNETES_CONFIGURATION, "Registered" if kc_registered else "NotRegistered")
    if faults_file:
        with open(faults_file, encoding="utf-8") as f:
            ctx.faults.add(json.load(f))
    if seed_file:
        apply_seed(ctx, seed_file)
    ca, cert, key = ensure_certificates(ctx.data_dir)
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(cert, key)
    app = create_app(ctx)
    server = make_server("127.0.0.1", port, app, threaded=True, request_handler=KeepAliveRequestHandler)
    # TLS without handshaking in accept(): werkzeug would handshake in its single accept loop, so one
    # silent client could stall everyone; here each connection's handshake runs in its own worker thread.
    server.socket = tls.wrap_socket(server.socket, server_side=True, do_handshake_on_connect=False)
    server.ssl_context = tls
    accept = server.get_request

    def get_request():
        conn, addr = accept()
        # headers and body go out as separate small writes: without this, Nagle + delayed ACK add ~10 ms
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return conn, addr

    server.get_request = get_request
    ctx.url = "https://127.0.0.1:{}".format(server.server_port)
    return ctx, server, ca


def serve(data_dir, port=0, overrides=None, faults_file=None, seed_file=None, kc_registered=None, quiet=True):
    if quiet:
        logging.getLogger("werkzeug").setLevel(logging.ERROR)
    os.makedirs(data_dir, exist_ok=True)
    path = info_path(data_dir)
    if os.path.exists(path):
        os.remove(path)
    ctx, server, ca = build(data_dir, port, overrides, faults_file, seed_file, kc_registered)
    info = {"url": ctx.url, "ca_bundle": ca, "pid": os.getpid(), "identity_header": ctx.identity_header,
            "identity_endpoint": ctx.url + "/msi/token", "subscription_id": ctx.subscription_id,
            "tenant_id": ctx.tenant_id, "data_dir": ctx.data_dir}
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(info, f, indent=2)
    os.replace(tmp, path)

    def shutdown(_signum, _frame):
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, shutdown)
    signal.signal(signal.SIGINT, shutdown)
    ctx.lro.settle()       # operations that came due while we were stopped
    ctx.lro.run_ticker()
    print("k8s-configuration emulator listening on {} (data dir {})".format(ctx.url, ctx.data_dir), flush=True)
    try:
        server.serve_forever()
    finally:
        ctx.lro.stop()
        server.server_close()
        try:
            with open(path, encoding="utf-8") as f:
                if json.load(f).get("pid") == os.getpid():
                    os.remove(path)
        except (OSError, ValueError):
            pass
