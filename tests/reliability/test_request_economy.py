"""No request made twice: every HTTP request az makes (identity endpoint included, read from its --debug log)
during `flux create` and `flux show`. Guards what bench/bench_create.py found (one access token per command,
not one per SDK client) and that operation polls follow Retry-After, not the client's longer fallback."""
import collections
import re

from reliability_helpers import assert_clean_success, create_args

_WIRE = re.compile(r'urllib3\.connectionpool: https?://\S+ "(\w+) (\S+) HTTP/1\.1" (\d+)')


def wire(stderr):
    return [(m.group(1), m.group(2).split("?", 1)[0].lower()) for m in _WIRE.finditer(stderr)]


def repeated(requests):
    counts = collections.Counter(r for r in requests if "/operations/" not in r[1])
    return [r for r, n in counts.items() if n > 1]


def test_flux_create_sends_each_request_once(az, flux_cluster):
    result = az(create_args(flux_cluster, "economy") + " --debug", check=False)
    assert_clean_success(result)
    sent = wire(result.stderr)
    assert len([r for r in sent if r[1].startswith("/msi/token")]) == 1
    arm = [r for r in sent if not r[1].startswith("/msi/")]
    # REFERENCE §6 steps 1-4, the read of the configuration (an existing one is replaced: §11 says what it loses;
    # here a 404, taken as is: the cluster was read in step 2), then the PUT
    assert [m for m, _ in arm][:6] == ["GET", "GET", "GET", "GET", "GET", "PUT"]
    assert arm[5][1] == arm[4][1]
    assert arm[-1] == ("GET", arm[4][1])  # the final read of the resource, after the operation polls
    # the configuration is read twice, before the PUT and after its operation; every other request once
    assert repeated(sent) == [arm[4]]
    assert len([r for r in sent if r == arm[4]]) == 2


def test_operation_polls_follow_retry_after(az, emulator, flux_cluster):
    """With a 3.5 s operation and Retry-After 1, az polls about once a second: 4-5 polls (every 2 s, the
    client's fallback when status answers carry no Retry-After, would be 3)."""
    before = emulator.settings()["operation_seconds"]
    emulator.set_operation_seconds(3.5)
    try:
        result = az(create_args(flux_cluster, "polls"), check=False)
    finally:
        emulator.set_operation_seconds(before)
    assert_clean_success(result)
    polls = [r for r in result.requests if "/operations/" in r["path"].lower()]
    assert len(polls) >= 4, [(r["method"], r["status"]) for r in result.requests]


def test_flux_show_is_one_get(az, flux_cluster):
    az(create_args(flux_cluster, "one-get"))
    result = az(f"k8s-configuration flux show {flux_cluster.args} -n one-get --debug", check=False)
    assert_clean_success(result)
    sent = wire(result.stderr)
    assert [m for m, p in sent if not p.startswith("/msi/")] == ["GET"]
    assert repeated(sent) == []
