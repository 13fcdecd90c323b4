"""The real `az` core commands against the emulator: login, account, groups, providers, resources."""
import uuid

from tests.harness.emulator import tenant_subscriptions

KC = "Microsoft.KubernetesConfiguration"


def test_login_identity_lists_the_emulator_subscription(az, emulator):
    result = az("login --identity -o json")
    accounts = result.json
    # the emulator's subscription, then those fleets were created in by other tests of this worker (REFERENCE §13)
    assert [a["id"] for a in accounts] == tenant_subscriptions(emulator)
    assert [a["id"] for a in accounts if a["isDefault"]] == [emulator.subscription_id]
    assert accounts[0]["tenantId"] == emulator.tenant_id
    assert accounts[0]["user"] == {"assignedIdentityInfo": "MSI", "name": "systemAssignedIdentity",
                                   "type": "servicePrincipal"}
    assert [r["path"] for r in result.requests] == ["/subscriptions"]


def test_account_show(az, emulator):
    account = az("account show -o json").json
    assert account["id"] == emulator.subscription_id
    assert account["environmentName"] == "K8sConfigEmulator"
    assert account["isDefault"] is True


def test_get_access_token_is_jwt_with_tenant(az, emulator):
    import base64
    import json
    token = az("account get-access-token -o json").json
    payload = token["accessToken"].split(".")[1]
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    assert claims["tid"] == emulator.tenant_id


def test_group_create_show_list_delete(az):
    name = "rg-core-" + uuid.uuid4().hex[:6]
    created = az("group create -n {} -l westeurope -o json".format(name)).json
    assert created["name"] == name and created["location"] == "westeurope"
    assert created["properties"]["provisioningState"] == "Succeeded"
    shown = az("group show -n {} -o json".format(name.upper())).json  # names are case-insensitive
    assert shown["name"] == name
    assert name in az("group list --query [].name -o json").json
    assert az("group exists -n {} -o json".format(name)).json is True
    az("group delete -n {} --yes".format(name))
    assert az("group exists -n {} -o json".format(name)).json is False
    missing = az("group show -n {}".format(name), check=False)
    assert missing.exit_code == 3
    assert "ResourceGroupNotFound" in missing.stderr


def test_provider_show(az):
    provider = az("provider show -n {} -o json".format(KC)).json
    assert provider["namespace"] == KC
    types = {t["resourceType"]: t["apiVersions"] for t in provider["resourceTypes"]}
    assert "2025-04-01" in types["fluxConfigurations"]
    assert "2025-03-01" in types["extensions"]


def test_provider_register_moves_not_registered_to_registered(az, emulator):
    emulator.set_provider_state(KC, "NotRegistered")
    try:
        assert az("provider show -n {} --query registrationState -o tsv".format(KC)).stdout.strip() == \
            "NotRegistered"
        result = az("provider register -n {} --wait".format(KC))
        assert any(r["method"] == "POST" and r["path"].lower().endswith("/providers/{}/register".format(KC.lower()))
                   for r in result.requests)
        assert az("provider show -n {} --query registrationState -o tsv".format(KC)).stdout.strip() == \
            "Registered"
    finally:
        emulator.set_provider_state(KC, "Registered")


def test_provider_register_without_wait_reports_registering(az, emulator):
    emulator.set_provider_state(KC, "NotRegistered")
    emulator.set_operation_seconds(30)
    try:
        az("provider register -n {}".format(KC))
        assert az("provider show -n {} --query registrationState -o tsv".format(KC)).stdout.strip() == \
            "Registering"
    finally:
        emulator.set_operation_seconds(emulator.operation_seconds)
        emulator.set_provider_state(KC, "Registered")


def test_resource_show_ids_on_each_cluster_type(az, make_cluster):
    for cluster_type, rtype in (("connectedClusters", "Microsoft.Kubernetes/connectedClusters"),
                                ("managedClusters", "Microsoft.ContainerService/managedClusters"),
                                ("provisionedClusters", "Microsoft.HybridContainerService/provisionedClusters")):
        cluster = make_cluster(cluster_type=cluster_type)
        shown = az("resource show --ids {} -o json".format(cluster.id)).json
        assert shown["id"] == cluster.id
        assert shown["type"] == rtype
        assert shown["name"] == cluster.name


def test_resource_show_managed_cluster_identity_kinds(az, make_cluster):
    msi = az("resource show --ids {} -o json".format(make_cluster("managedClusters").id)).json
    sp = az("resource show --ids {} -o json".format(make_cluster("managedClusters", service_principal=True).id)).json
    assert msi["identity"]["type"] == "SystemAssigned"
    assert msi["properties"]["servicePrincipalProfile"]["clientId"] == "msi"
    assert sp.get("identity") is None
    assert sp["properties"]["servicePrincipalProfile"]["clientId"] != "msi"


def test_resource_show_missing_cluster_is_not_found(az, cluster):
    result = az("resource show --ids {}-missing".format(cluster.id), check=False)
    assert result.exit_code == 3
    assert "ResourceNotFound" in result.stderr


def test_az_runner_accepts_lists_env_and_reports_failures(az, emulator):
    listed = az(["group", "list", "--query", "length(@)", "-o", "json"])
    assert isinstance(listed.json, int) and listed.exit_code == 0
    failed = az("group show -n no-such-group-anywhere", check=False)
    assert failed.exit_code != 0 and failed.json is None and "ResourceGroupNotFound" in failed.stderr
    assert [r["status"] for r in failed.requests] == [404]
    with_env = az("config get core.output", check=False, env={"AZURE_CORE_OUTPUT": "tsv"})
    assert with_env.exit_code == 0 and "tsv" in with_env.stdout
    import pytest
    with pytest.raises(AssertionError, match="no-such-group-anywhere"):
        az("group show -n no-such-group-anywhere")


def test_resource_list_filters_by_group_and_type(az, make_cluster):
    arc = make_cluster("connectedClusters")
    aks = make_cluster("managedClusters")
    in_group = az("resource list -g {} -o json".format(arc.rg)).json
    assert [r["id"] for r in in_group] == [arc.id]
    by_type = az("resource list --resource-type Microsoft.ContainerService/managedClusters --query [].id -o json").json
    assert aks.id in by_type and arc.id not in by_type


def test_account_list_locations_and_group_update(az):
    names = az("account list-locations --query [].name -o json").json
    assert "eastus" in names and "westeurope" in names
    name = "rg-upd-" + uuid.uuid4().hex[:6]
    az("group create -n {} -l eastus -o none".format(name))
    assert az("group update -n {} --tags team=gitops --query tags -o json".format(name)).json == {"team": "gitops"}


def test_aks_show_and_list(az, make_cluster):
    msi = make_cluster("managedClusters")
    sp = make_cluster("managedClusters", service_principal=True, rg=msi.rg)
    shown = az("aks show -g {} -n {} -o json".format(msi.rg, msi.name)).json
    assert shown["identity"]["type"] == "SystemAssigned"
    assert shown["servicePrincipalProfile"]["clientId"] == "msi"
    assert az("aks show -g {} -n {} --query servicePrincipalProfile.clientId -o tsv".format(
        sp.rg, sp.name)).stdout.strip() != "msi"
    assert sorted(az("aks list -g {} --query [].name -o json".format(msi.rg)).json) == sorted([msi.name, sp.name])
