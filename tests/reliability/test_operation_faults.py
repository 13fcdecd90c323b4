"""Faults in the long-running part of `flux create`: the operation ends Failed, its status URL answers 404,
the PUT times out, the configuration is refused after microsoft.flux was installed.

In each case the user gets one clear ERROR (the service's code and message), an exit code, no traceback,
and a message that says what exists now and what to run next.

A PUT that times out on the client: azure-core's read timeout is 300 s and az offers no option to shorten it
for ARM clients, so that literal variant would take five minutes per test. What a user meets in practice, and
what is tested here, are the two shapes a timeout takes on the wire: ARM's gateway answering 504
GatewayTimeout after waiting for the resource provider, and a proxy closing the connection after a wait
(the client sees the same ServiceResponseError as on its own read timeout).
"""
from reliability_helpers import (
    assert_clean_failure,
    assert_clean_success,
    calls,
    configuration,
    create_args,
    extensions,
)

GATEWAY_TIMEOUT = {"error": {"code": "GatewayTimeout",
                             "message": "The gateway did not receive a response from "
                                        "'Microsoft.KubernetesConfiguration' within the specified time period."}}


def fail_next_operation(emulator, name, code, message):
    emulator.admin("POST", "operation-failures", {"resource_type": "fluxConfigurations", "match": name,
                                                  "code": code, "message": message})


def test_failed_operation_shows_the_service_error_and_what_exists(az, arm, emulator, flux_cluster):
    fail_next_operation(emulator, "op-fail", "GitRepositoryUnreachable",
                        "failed to checkout and determine revision: unable to clone: authentication required")
    result = az(create_args(flux_cluster, "op-fail"), check=False)
    message = assert_clean_failure(result, exit_code=1)
    assert "(GitRepositoryUnreachable)" in message
    assert "unable to clone: authentication required" in message
    # what exists now, and what to run next
    assert "exists on the cluster" in message and "Failed" in message
    assert f"az k8s-configuration flux show {flux_cluster.args} -n op-fail" in message
    assert f"az k8s-configuration flux delete {flux_cluster.args} -n op-fail --yes" in message
    assert configuration(arm, flux_cluster, "op-fail")["properties"]["provisioningState"] == "Failed"


def test_operation_status_url_answering_404(az, arm, emulator, flux_cluster):
    emulator.add_faults({"method": "GET", "path": "/fluxConfigurations/op-lost/operations/", "status": 404,
                         "count": 0, "body": {"error": {"code": "OperationNotFound",
                                                        "message": "The operation was not found."}}})
    result = az(create_args(flux_cluster, "op-lost"), check=False)
    # not exit code 3 (ResourceNotFound): the configuration was not "not found", its operation was
    message = assert_clean_failure(result, exit_code=1)
    assert "(OperationNotFound)" in message
    assert "accepted" in message and "could not be followed" in message
    assert f"az k8s-configuration flux show {flux_cluster.args} -n op-lost" in message
    assert "flux delete" not in message  # it may have succeeded: never advise deleting it
    assert len(calls(result, "PUT", "/fluxConfigurations/op-lost$")) == 1
    assert configuration(arm, flux_cluster, "op-lost") is not None  # it was created: the message says so


def test_put_gateway_timeout_once_is_retried_and_creates_once(az, arm, emulator, flux_cluster):
    emulator.add_faults({"method": "PUT", "path": "/fluxConfigurations/put-504$", "status": 504, "delay": 1,
                         "body": GATEWAY_TIMEOUT})
    result = az(create_args(flux_cluster, "put-504"), check=False)
    assert_clean_success(result)
    assert [r["status"] for r in calls(result, "PUT", "/fluxConfigurations/put-504$")] == [504, 201]
    assert configuration(arm, flux_cluster, "put-504")["properties"]["provisioningState"] == "Succeeded"


def test_put_closed_after_a_wait_is_retried_and_creates_once(az, arm, emulator, flux_cluster):
    emulator.add_faults({"method": "PUT", "path": "/fluxConfigurations/put-slow$", "delay": 1, "drop": True})
    result = az(create_args(flux_cluster, "put-slow"), check=False)
    assert_clean_success(result)
    assert [r["status"] for r in calls(result, "PUT", "/fluxConfigurations/put-slow$")] == [0, 201]
    assert configuration(arm, flux_cluster, "put-slow")["properties"]["provisioningState"] == "Succeeded"


def test_put_that_keeps_timing_out_gives_one_clear_error(az, arm, emulator, flux_cluster):
    emulator.add_faults({"method": "PUT", "path": "/fluxConfigurations/put-dead$", "status": 504, "count": 0,
                         "body": GATEWAY_TIMEOUT})
    result = az(create_args(flux_cluster, "put-dead"), check=False)
    message = assert_clean_failure(result, exit_code=1)
    assert "(GatewayTimeout)" in message and "within the specified time period" in message
    # a gateway timeout does not tell whether the service carried the request out: say so, never "nothing created"
    assert "Whether flux configuration 'put-dead' was created is unknown" in message
    assert "No flux configuration" not in message and "flux delete" not in message
    assert f"az k8s-configuration flux wait {flux_cluster.args} -n put-dead --created" in message
    assert configuration(arm, flux_cluster, "put-dead") is None


def test_extension_installed_but_configuration_refused(az, arm, emulator, make_cluster):
    """Half-done on purpose: microsoft.flux got installed, then the service refused the configuration. The
    message says that the extension is there now, that no configuration was made, and what to run next."""
    cluster = make_cluster()
    emulator.add_faults({"method": "PUT", "path": "/fluxConfigurations/refused$", "status": 400, "count": 0,
                         "body": {"error": {"code": "InvalidFluxConfiguration",
                                            "message": "The repository URL is not allowed by policy."}}})
    result = az(create_args(cluster, "refused"), check=False)
    message = assert_clean_failure(result, exit_code=1)
    assert "(InvalidFluxConfiguration)" in message and "not allowed by policy" in message
    assert "microsoft.flux extension is installed on the cluster" in message
    assert "No flux configuration 'refused' was created" in message
    assert "run this command again" in message
    installed = [e for e in extensions(arm, cluster) if e["properties"]["extensionType"] == "microsoft.flux"]
    assert len(installed) == 1 and installed[0]["properties"]["provisioningState"] == "Succeeded"
    assert configuration(arm, cluster, "refused") is None


def test_extension_installed_then_configuration_operation_failed(az, arm, emulator, make_cluster):
    cluster = make_cluster()
    fail_next_operation(emulator, "late-fail", "KustomizationFailed", "kustomization path not found: ./nowhere")
    result = az(create_args(cluster, "late-fail"), check=False)
    message = assert_clean_failure(result, exit_code=1)
    assert "(KustomizationFailed)" in message and "kustomization path not found" in message
    assert "exists on the cluster" in message
    assert f"az k8s-configuration flux delete {cluster.args} -n late-fail --yes" in message
    assert [e["properties"]["provisioningState"] for e in extensions(arm, cluster)] == ["Succeeded"]
    assert configuration(arm, cluster, "late-fail")["properties"]["provisioningState"] == "Failed"


def test_throttled_operation_poll_is_retried(az, arm, emulator, flux_cluster):
    emulator.add_faults({"method": "GET", "path": "/fluxConfigurations/poll-429/operations/", "status": 429,
                         "headers": {"Retry-After": "1"}})
    result = az(create_args(flux_cluster, "poll-429"), check=False)
    assert_clean_success(result)
    assert [r["status"] for r in calls(result, "GET", "/fluxConfigurations/poll-429/operations/")][:2] == [429, 200]
    assert result.json["provisioningState"] == "Succeeded"


def test_dropped_connection_on_an_operation_poll_is_retried(az, arm, emulator, flux_cluster):
    emulator.add_faults({"method": "GET", "path": "/fluxConfigurations/poll-drop/operations/", "drop": True})
    result = az(create_args(flux_cluster, "poll-drop"), check=False)
    assert_clean_success(result)
    assert calls(result, "GET", "/fluxConfigurations/poll-drop/operations/")[0]["status"] == 0
    assert len(calls(result, "PUT", "/fluxConfigurations/poll-drop$")) == 1
    assert configuration(arm, flux_cluster, "poll-drop")["properties"]["provisioningState"] == "Succeeded"


def create_while_dropping(az, emulator, cluster, name, method, path):
    """`flux create` while every matching request loses its connection (retries included); faults cleared after."""
    emulator.add_faults({"method": method, "path": path, "drop": True, "count": 0})
    try:
        return az(create_args(cluster, name), check=False)
    finally:
        emulator.clear_faults()


def test_connection_lost_for_good_while_waiting_says_the_outcome_is_unknown(az, arm, emulator, flux_cluster):
    """Every poll of the operation loses its connection: az cannot know how it ends. The message says so and
    gives the command that finds out; that command then tells the truth (the service went on to Succeeded)."""
    result = create_while_dropping(az, emulator, flux_cluster, "poll-gone", "GET",
                                   "/fluxConfigurations/poll-gone/operations/")
    message = assert_clean_failure(result, exit_code=1)
    assert "whether it succeeded is unknown" in message
    assert "No flux configuration" not in message and "flux delete" not in message
    find_out = f"az k8s-configuration flux wait {flux_cluster.args} -n poll-gone --created"
    assert find_out in message
    assert len(calls(result, "PUT", "/fluxConfigurations/poll-gone$")) == 1
    waited = az(find_out.replace("az ", "", 1) + " --interval 1 --timeout 60", check=False)
    assert waited.exit_code == 0, waited.stderr
    assert configuration(arm, flux_cluster, "poll-gone")["properties"]["provisioningState"] == "Succeeded"


def test_a_dropped_put_is_not_reported_as_nothing_created(az, arm, emulator, flux_cluster):
    """The PUT's connection is closed every time (retries included): the service may have received it."""
    result = create_while_dropping(az, emulator, flux_cluster, "put-gone", "PUT", "/fluxConfigurations/put-gone$")
    message = assert_clean_failure(result, exit_code=1)
    assert "Whether flux configuration 'put-gone' was created is unknown" in message
    assert "No flux configuration" not in message and "flux delete" not in message
    assert f"az k8s-configuration flux show {flux_cluster.args} -n put-gone" in message
