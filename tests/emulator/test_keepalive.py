"""HTTP/1.1 connection reuse, request framing on a reused connection, chunked bodies."""
import requests

from tests.harness.rp import git_config


def _session(emulator):
    session = requests.Session()
    session.trust_env = False
    session.verify = emulator.ca_bundle
    return session


def test_connections_are_reused(emulator, arm):
    session = _session(emulator)
    headers = {"Authorization": "Bearer " + arm.token}
    for _ in range(5):
        resp = session.get(emulator.url + "/subscriptions", params={"api-version": "2022-12-01"}, headers=headers)
        assert resp.status_code == 200 and resp.headers.get("Connection") != "close"
    pool = next(iter(session.get_adapter(emulator.url).poolmanager.pools._container.values()))
    assert pool.num_connections == 1


def test_bodies_are_framed_on_a_reused_connection(flux_paths, emulator):
    session = _session(emulator)
    headers = {"Authorization": "Bearer " + flux_paths.arm.token}
    url = emulator.url + flux_paths.rp("fluxConfigurations", "framed")
    params = {"api-version": "2025-04-01"}
    bad = session.put(url, params=params, headers=headers, data=b'{"properties": {"suspend": "x"}}' + b" " * 5000)
    assert bad.status_code == 400
    unauth = session.put(url, params=params, data=b'{"x": 1}')  # refused before the body is used
    assert unauth.status_code == 401
    good = session.put(url, params=params, headers=headers, json=git_config())
    assert good.status_code == 201
    assert session.get(url, params=params, headers=headers).json()["name"] == "framed"


def test_chunked_request_bodies_still_work(flux_paths, emulator):
    import json
    session = _session(emulator)
    headers = {"Authorization": "Bearer " + flux_paths.arm.token, "Content-Type": "application/json"}
    data = json.dumps(git_config()).encode()
    resp = session.put(emulator.url + flux_paths.rp("fluxConfigurations", "chunked"),
                       params={"api-version": "2025-04-01"}, headers=headers,
                       data=(data[i:i + 100] for i in range(0, len(data), 100)))
    assert resp.status_code == 201, resp.text
    assert flux_paths.get("fluxConfigurations", "chunked").status_code == 200


def test_clients_that_never_send_do_not_hold_up_others(emulator, arm):
    """Connections that open and then say nothing (not even a TLS hello) must not stall anyone else (the server
    handshakes in its worker threads; a silent connection holds one for a few seconds at most)."""
    import socket
    import time
    host, port = "127.0.0.1", int(emulator.url.rsplit(":", 1)[1])
    silent = [socket.create_connection((host, port), timeout=5) for _ in range(10)]
    try:
        session = _session(emulator)
        started = time.monotonic()
        resp = session.get(emulator.url + "/subscriptions", params={"api-version": "2022-12-01"},
                           headers={"Authorization": "Bearer " + arm.token}, timeout=10)
        assert resp.status_code == 200
        assert time.monotonic() - started < 2
    finally:
        for sock in silent:
            sock.close()
