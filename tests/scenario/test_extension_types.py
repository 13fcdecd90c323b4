"""az k8s-extension extension-types with the real az against the emulator's catalog: the eight commands, their
requests (to the cloud az is registered to), their tables (golden files), their errors; and k8s-extension
create/update --version and create --extension-type checked against the catalog before anything is written."""
import pytest
from flux_helpers import assert_golden, sent, warnings

API = "api-version=2024-11-01-preview"
TYPES = "k8s-extension extension-types"


def _only_catalog_reads(result, emulator):
    """Every request of the command went to the emulator (the registered cloud), as GETs of the catalog or of the
    cluster's parents."""
    assert result.requests, "no request reached the emulator"
    for request in result.requests:
        assert request["method"] == "GET", request
        assert request["path"].startswith(f"/subscriptions/{emulator.subscription_id}"), request


def test_by_cluster(az, cluster, emulator):
    listed = az(f"{TYPES} list-by-cluster {cluster.args}")
    assert {"microsoft.flux", "microsoft.dapr"} <= {t["name"] for t in listed.json}
    assert "contoso.sampleapp" not in {t["name"] for t in listed.json}  # marketplace: AKS only
    (request,) = listed.requests
    assert request["path"].endswith(f"/connectedClusters/{cluster.name}/providers/"
                                    "Microsoft.KubernetesConfiguration/extensionTypes") and request["query"] == API
    _only_catalog_reads(listed, emulator)
    assert_golden("extension_types_list_by_cluster.txt", az(f"{TYPES} list-by-cluster {cluster.args} -o table").stdout)

    shown = az(f"{TYPES} show-by-cluster {cluster.args} --extension-type microsoft.flux")
    assert shown.json["name"] == "microsoft.flux" and shown.json["properties"]["publisher"] == "Microsoft"
    namespace = az(f"{TYPES} show-by-cluster {cluster.args} --extension-type microsoft.flux --query "
                   "properties.supportedScopes.clusterScopeSettings.defaultReleaseNamespace -o tsv")
    assert namespace.stdout.strip() == "flux-system"
    assert_golden("extension_type_show.txt",
                  az(f"{TYPES} show-by-cluster {cluster.args} --extension-type microsoft.flux -o table").stdout)

    versions = az(f"{TYPES} list-versions-by-cluster {cluster.args} --extension-type microsoft.flux")
    assert [v["properties"]["version"] for v in versions.json] == ["1.8.2", "1.12.0", "1.14.0", "1.15.1"]
    assert_golden("extension_type_versions_by_cluster.txt", az(
        f"{TYPES} list-versions-by-cluster {cluster.args} --extension-type microsoft.flux -o table").stdout)
    latest = az(f"{TYPES} list-versions-by-cluster {cluster.args} --extension-type microsoft.flux "
                "--release-train preview --show-latest --major-version 1 --query [].properties.version -o tsv")
    assert latest.stdout.split() == ["1.16.0"]
    (request,) = latest.requests
    assert request["path"].endswith("/extensionTypes/microsoft.flux/versions")
    assert sorted(request["query"].split("&")) == sorted([API, "releaseTrain=preview", "majorVersion=1",
                                                          "showLatest=true"])

    version = az(f"{TYPES} show-version-by-cluster {cluster.args} --extension-type microsoft.flux --version 1.8.2")
    assert version.json["properties"]["version"] == "1.8.2"
    assert_golden("extension_type_version_show.txt", az(
        f"{TYPES} show-version-by-cluster {cluster.args} --extension-type microsoft.flux --version 1.8.2 -o table"
    ).stdout)


def test_by_location(az, emulator):
    listed = az(f"{TYPES} list-by-location --location eastus -o table")
    assert_golden("extension_types_list_by_location.txt", listed.stdout)
    (request,) = listed.requests
    assert request["path"] == (f"/subscriptions/{emulator.subscription_id}/providers/"
                               "Microsoft.KubernetesConfiguration/locations/eastus/extensionTypes")
    filtered = az(f"{TYPES} list-by-location -l eastus -t APPLIANCES --query [].name -o tsv")
    assert filtered.stdout.split() == ["microsoft.azuremonitor.containers"]
    assert "clusterType=appliances" in filtered.requests[0]["query"]
    marketplace = az(f"{TYPES} list-by-location -l eastus --plan-publisher contoso --plan-product sampleapp-offer "
                     "--plan-name standard --query [].name -o tsv")
    assert marketplace.stdout.split() == ["contoso.sampleapp"]
    assert sorted(marketplace.requests[0]["query"].split("&")) == sorted(
        [API, "publisherId=contoso", "offerId=sampleapp-offer", "planId=standard"])

    shown = az(f"{TYPES} show-by-location -l eastus --extension-type contoso.sampleapp")
    assert shown.json["properties"]["planInfo"] == {"publisherId": "contoso", "offerId": "sampleapp-offer",
                                                    "planId": "standard"}
    versions = az(f"{TYPES} list-versions-by-location -l eastus --extension-type microsoft.azuremonitor.containers "
                  "-t appliances -o table")
    assert_golden("extension_type_versions_by_location.txt", versions.stdout)
    rolled_out = az(f"{TYPES} list-versions-by-location -l australiaeast --extension-type microsoft.flux "
                    "--release-train preview --query [].name -o tsv")
    assert rolled_out.stdout.split() == ["1.14.0", "1.15.1"]  # 1.16.0 is not offered there yet
    version = az(f"{TYPES} show-version-by-location -l eastus --extension-type microsoft.flux --version 1.15.1")
    assert version.json["name"] == "1.15.1"
    _only_catalog_reads(version, emulator)


@pytest.mark.parametrize("command,message", [
    ("show-by-cluster {args} --extension-type contoso.nothing",
     "Extension type 'contoso.nothing' cannot be installed on cluster"),
    ("show-version-by-cluster {args} --extension-type microsoft.flux --version 9.9.9",
     "Version '9.9.9' of extension type 'microsoft.flux' cannot be installed on cluster"),
    ("list-versions-by-cluster {args} --extension-type contoso.nothing",
     "Extension type 'contoso.nothing' cannot be installed on cluster"),
    ("show-by-location -l eastus --extension-type contoso.nothing",
     "Extension type 'contoso.nothing' is not offered in location 'eastus'"),
    ("show-version-by-location -l australiaeast --extension-type microsoft.flux --version 1.16.0",
     "Version '1.16.0' of extension type 'microsoft.flux' is not offered in location 'australiaeast'"),
    ("list-by-cluster -g {rg} -c no-such-cluster -t connectedClusters", "Cluster 'no-such-cluster' not found"),
])
def test_what_is_not_there_exits_3_and_says_what_to_run(az, cluster, command, message):
    result = az(f"{TYPES} " + command.format(args=cluster.args, rg=cluster.rg), check=False)
    assert result.exit_code == 3, result.stderr
    assert message in result.stderr
    assert "az k8s-extension extension-types" in result.stderr or "az resource list" in result.stderr
    assert "Traceback" not in result.stderr


def test_refused_input_never_reaches_the_service(az, cluster):
    result = az(f"{TYPES} list-by-location -l eastus -t fridges", check=False)
    assert result.exit_code == 2 and result.requests == []
    result = az(f"{TYPES} list-versions-by-cluster -g {cluster.rg} -c {cluster.name} -t connectedClusters", check=False)
    assert result.exit_code == 2 and "--extension-type" in result.stderr and result.requests == []


# --- k8s-extension create/update --version, checked against the catalog -----------------------------------------

def _create(az, cluster, extra, name="flux", extension_type="microsoft.flux"):
    return az(f"k8s-extension create {cluster.args} --name {name} --extension-type {extension_type} "
              f"--auto-upgrade false {extra}", check=False)


def test_a_version_the_cluster_cannot_install_is_refused_before_the_put(az, cluster):
    refused = _create(az, cluster, "--version 1.9.9")
    assert refused.exit_code == 1
    assert ("--version 1.9.9: cluster '{}' cannot install that version of 'microsoft.flux' on release train "
            "'stable'. It can install: 1.15.1, 1.14.0, 1.12.0, 1.8.2.".format(cluster.name)) in refused.stderr
    assert "list-versions-by-cluster" in refused.stderr and "Traceback" not in refused.stderr
    assert not sent(refused.requests, "PUT", "/extensions/")
    preview_only = _create(az, cluster, "--version 1.16.0")
    assert preview_only.exit_code == 1 and not sent(preview_only.requests, "PUT", "/extensions/")

    accepted = _create(az, cluster, "--version 1.16.0 --release-train preview")
    assert accepted.exit_code == 0, accepted.stderr
    (check,) = sent(accepted.requests, "GET", "/extensionTypes/microsoft.flux/versions")
    assert "releaseTrain=preview" in check["query"]
    (put,) = sent(accepted.requests, "PUT", "/extensions/flux")
    assert put["body"]["properties"]["version"] == "1.16.0"
    assert accepted.json["currentVersion"] == "1.16.0"

    # update: the extension's own release train (preview) is the one checked
    updated = az(f"k8s-extension update {cluster.args} -n flux --version 1.15.1")
    (check,) = sent(updated.requests, "GET", "/extensionTypes/microsoft.flux/versions")
    assert "releaseTrain=Preview" in check["query"] or "releaseTrain=preview" in check["query"]
    refused = az(f"k8s-extension update {cluster.args} -n flux --version 1.8.2", check=False)
    assert refused.exit_code == 1 and "It can install: 1.16.0, 1.15.1, 1.14.0." in refused.stderr
    assert not sent(refused.requests, "PATCH", "/extensions/")


def test_when_the_catalog_cannot_tell_the_install_goes_on_with_a_warning(az, cluster, emulator):
    types = f"/{cluster.name}/providers/Microsoft.KubernetesConfiguration/extensionTypes/"
    emulator.add_faults({"method": "GET", "status": 404, "count": 1, "path": types + "microsoft.dapr/versions",
                         "body": {"error": {"code": "ResourceNotFound", "message": "Extension type not found."}}})
    unlisted = _create(az, cluster, "--version 0.4.2", name="dapr", extension_type="microsoft.dapr")
    assert unlisted.exit_code == 0, unlisted.stderr
    [warning] = [w for w in warnings(unlisted.stderr) if "--version" in w]
    assert "could not be checked" in warning and "404" in warning
    assert sent(unlisted.requests, "PUT", "/extensions/dapr")

    emulator.add_faults({"method": "GET", "status": 403, "count": 1, "path": types,
                         "body": {"error": {"code": "AuthorizationFailed",
                                            "message": "The client has no permission to read extension types."}}})
    forbidden = _create(az, cluster, "--version 1.9.9")
    assert forbidden.exit_code == 0, forbidden.stderr
    [warning] = [w for w in warnings(forbidden.stderr) if "--version" in w]
    assert "403" in warning and "AuthorizationFailed" in warning
    (put,) = sent(forbidden.requests, "PUT", "/extensions/flux")
    assert put["body"]["properties"]["version"] == "1.9.9"


def test_a_mistyped_extension_type_is_warned_then_refused_by_the_service(az, cluster):
    result = az(f"k8s-extension create {cluster.args} --name flux --extension-type microsoft.flx", check=False)
    assert result.exit_code == 1
    assert warnings(result.stderr) == [
        f"Extension type 'microsoft.flx' is not among the types cluster '{cluster.name}' can install (did you mean "
        "'microsoft.flux'?); sending it as given, the service decides. `az k8s-extension extension-types "
        f"list-by-cluster {cluster.args} -o table` lists them."]
    assert "(ExtensionTypeRegistrationGetFailed)" in result.stderr
    assert ("Extension type 'microsoft.flx' is not supported in region 'eastus' for cluster type: "
            "ConnectedClusters.") in result.stderr
    assert "Traceback" not in result.stderr
    (listed,) = sent(result.requests, "GET", "/extensionTypes")  # the one request the check adds, before the PUT
    (put,) = sent(result.requests, "PUT", "/extensions/flux")
    assert result.requests.index(listed) < result.requests.index(put)
    assert az(f"k8s-extension list {cluster.args}").json == []


def test_the_help_examples_run(az, cluster, make_cluster):
    """Every example of the extension-types help, on this emulator's clusters (my-rg/my-cluster/my-aks replaced)."""
    import shlex

    import yaml

    from azext_k8s_configuration._help import helps
    aks = make_cluster("managedClusters", rg=cluster.rg)
    replace = {"my-rg": cluster.rg, "my-cluster": cluster.name, "my-aks": aks.name}
    examples = [example["text"] for name, text in helps.items() if name.startswith(TYPES + " ")
                for example in yaml.safe_load(text).get("examples", [])]
    assert len(examples) == 16
    for text in examples:
        argv = [replace.get(token, token) for token in shlex.split(text)][1:]  # without the leading "az"
        result = az(argv, check=False)
        assert result.exit_code == 0, (text, result.stderr)
        assert result.stdout.strip(), text
