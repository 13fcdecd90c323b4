"""Transient faults az must ride out: throttling (429 + Retry-After), 500/503 once, a dropped connection.

az's ARM pipeline (azure-core's RetryPolicy, through get_mgmt_service_client) retries these on the idempotent
methods we use (GET, PUT, DELETE). The user sees the command succeed, and the request log shows the retry.
When the fault does not go away, the user gets one clear error, not a traceback.
"""
import time

from reliability_helpers import assert_clean_failure, assert_clean_success, calls, configuration, create_args

THROTTLED = {"error": {"code": "TooManyRequests", "message": "The request was throttled; retry later."}}


def show_args(cluster, name):
    return f"k8s-configuration flux show {cluster.args} -n {name}"


def test_429_with_retry_after_on_get_is_retried(az, arm, emulator, flux_cluster):
    az(create_args(flux_cluster, "thr-get"))
    emulator.add_faults({"method": "GET", "path": "/fluxConfigurations/thr-get$", "status": 429,
                         "headers": {"Retry-After": "1"}, "body": THROTTLED})
    started = time.monotonic()
    result = az(show_args(flux_cluster, "thr-get"), check=False)
    elapsed = time.monotonic() - started
    assert_clean_success(result)
    assert result.json["name"] == "thr-get"
    assert [r["status"] for r in calls(result, "GET", "/fluxConfigurations/thr-get$")] == [429, 200]
    assert elapsed >= 1.0  # Retry-After honoured


def test_429_with_retry_after_on_put_is_retried(az, arm, emulator, flux_cluster):
    emulator.add_faults({"method": "PUT", "path": "/fluxConfigurations/thr-put$", "status": 429,
                         "headers": {"Retry-After": "1"}, "body": THROTTLED})
    result = az(create_args(flux_cluster, "thr-put"), check=False)
    assert_clean_success(result)
    assert result.json["provisioningState"] == "Succeeded"
    assert [r["status"] for r in calls(result, "PUT", "/fluxConfigurations/thr-put$")] == [429, 201]
    assert configuration(arm, flux_cluster, "thr-put")["properties"]["provisioningState"] == "Succeeded"


def test_500_once_on_get_then_success(az, emulator, flux_cluster):
    az(create_args(flux_cluster, "err-get"))
    emulator.add_faults({"method": "GET", "path": "/fluxConfigurations/err-get$", "status": 500})
    result = az(show_args(flux_cluster, "err-get"), check=False)
    assert_clean_success(result)
    assert [r["status"] for r in calls(result, "GET", "/fluxConfigurations/err-get$")] == [500, 200]


def test_503_once_on_put_then_success(az, arm, emulator, flux_cluster):
    emulator.add_faults({"method": "PUT", "path": "/fluxConfigurations/err-put$", "status": 503,
                         "headers": {"Retry-After": "0"}})
    result = az(create_args(flux_cluster, "err-put"), check=False)
    assert_clean_success(result)
    assert [r["status"] for r in calls(result, "PUT", "/fluxConfigurations/err-put$")] == [503, 201]
    assert configuration(arm, flux_cluster, "err-put")["properties"]["provisioningState"] == "Succeeded"


def test_500_on_a_precondition_read_is_retried(az, emulator, flux_cluster):
    """The extension list of REFERENCE §6 step 4 fails once: retried; the configuration is still made once."""
    emulator.add_faults({"method": "GET", "path": "/extensions$", "status": 500})
    result = az(create_args(flux_cluster, "err-pre"), check=False)
    assert_clean_success(result)
    assert [r["status"] for r in calls(result, "GET", "/extensions$")] == [500, 200]
    assert len(calls(result, "PUT", "/fluxConfigurations/err-pre$")) == 1


def test_a_dropped_connection_on_get_is_retried(az, emulator, flux_cluster):
    az(create_args(flux_cluster, "drop-get"))
    emulator.add_faults({"method": "GET", "path": "/fluxConfigurations/drop-get$", "drop": True})
    result = az(show_args(flux_cluster, "drop-get"), check=False)
    assert_clean_success(result)
    assert [r["status"] for r in calls(result, "GET", "/fluxConfigurations/drop-get$")] == [0, 200]


def test_a_dropped_connection_on_put_is_retried_and_creates_once(az, arm, emulator, flux_cluster):
    """PUT is idempotent: resending it after a lost answer cannot create a second configuration."""
    emulator.add_faults({"method": "PUT", "path": "/fluxConfigurations/drop-put$", "drop": True})
    result = az(create_args(flux_cluster, "drop-put"), check=False)
    assert_clean_success(result)
    assert [r["status"] for r in calls(result, "PUT", "/fluxConfigurations/drop-put$")] == [0, 201]
    assert configuration(arm, flux_cluster, "drop-put")["properties"]["provisioningState"] == "Succeeded"


def test_a_connection_that_keeps_dropping_gives_a_clear_connection_error(az, emulator, flux_cluster):
    az(create_args(flux_cluster, "drop-all"))
    emulator.add_faults({"method": "GET", "path": "/fluxConfigurations/drop-all$", "drop": True, "count": 0})
    result = az(show_args(flux_cluster, "drop-all"), check=False)
    message = assert_clean_failure(result, exit_code=1)
    assert "could not reach Azure Resource Manager" in message
    assert "reading flux configuration 'drop-all'" in message
    assert "Check your network connection and retry." in message
    assert len(calls(result, "GET", "/fluxConfigurations/drop-all$")) > 1  # retried before giving up


def test_throttling_that_does_not_stop_gives_one_clear_error(az, arm, emulator, flux_cluster):
    emulator.add_faults({"method": "PUT", "path": "/fluxConfigurations/thr-all$", "status": 429,
                         "headers": {"Retry-After": "0"}, "body": THROTTLED, "count": 0})
    result = az(create_args(flux_cluster, "thr-all"), check=False)
    message = assert_clean_failure(result, exit_code=1)
    assert "(TooManyRequests)" in message and "throttled" in message
    assert configuration(arm, flux_cluster, "thr-all") is None


def test_identity_endpoint_dropping_connections_gives_a_clear_error_not_a_traceback(az, emulator, flux_cluster):
    """The sign-in library talks to the identity endpoint with plain requests; az itself prints a traceback
    for this (`az rest`, `az group list`). Our commands say what happened instead."""
    az(create_args(flux_cluster, "no-token"))
    emulator.add_faults({"method": "GET", "path": "^/msi/token", "drop": True, "count": 0})
    result = az(show_args(flux_cluster, "no-token"), check=False)
    message = assert_clean_failure(result, exit_code=1)
    assert "Could not reach the sign-in (identity) endpoint or Azure Resource Manager" in message
    assert "Check your network connection and retry" in message
    assert result.requests == []  # nothing reached ARM without a token
