"""Resource groups, providers, clusters, names, paging."""
import uuid

from tests.harness.arm import cluster_path

KC = "Microsoft.KubernetesConfiguration"


def rg_path(emulator, name):
    return "/subscriptions/{}/resourceGroups/{}".format(emulator.subscription_id, name)


def test_resource_group_crud_and_case_insensitive_names(arm, emulator):
    name = "MixedCase-" + uuid.uuid4().hex[:6]
    created = arm.put(rg_path(emulator, name), {"location": "eastus"}, "2024-11-01")
    assert created.status_code == 201
    again = arm.put(rg_path(emulator, name.lower()), {"location": "eastus", "tags": {"a": "b"}}, "2024-11-01")
    assert again.status_code == 200
    shown = arm.get(rg_path(emulator, name.upper()).replace("resourceGroups", "RESOURCEGROUPS"), "2024-11-01")
    assert shown.status_code == 200
    assert shown.json()["name"] == name  # the case it was created with
    assert shown.json()["tags"] == {"a": "b"}
    deleted = arm.delete(rg_path(emulator, name), "2024-11-01")
    assert deleted.status_code == 202 and "Location" in deleted.headers
    assert arm.get(deleted.headers["Location"]).status_code == 200
    missing = arm.get(rg_path(emulator, name), "2024-11-01")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "ResourceGroupNotFound"


def test_resource_group_requires_location(arm, emulator):
    resp = arm.put(rg_path(emulator, "rg-" + uuid.uuid4().hex[:6]), {}, "2024-11-01")
    assert resp.status_code == 400
    assert resp.json()["error"]["code"] == "LocationRequired"


def test_deleting_a_group_deletes_its_clusters(arm, emulator, cluster):
    path = cluster_path(emulator.subscription_id, cluster.rg, cluster.name)
    assert arm.get(path, "2024-01-01").status_code == 200
    arm.delete(rg_path(emulator, cluster.rg), "2024-11-01")
    assert arm.get(path, "2024-01-01").status_code == 404


def test_resource_groups_are_paged_with_next_link(arm, emulator):
    names = ["page-{}-{}".format(uuid.uuid4().hex[:4], i) for i in range(5)]
    for n in names:
        arm.put(rg_path(emulator, n), {"location": "eastus"}, "2024-11-01")
    emulator.set_page_size(2)
    try:
        seen, url, pages = [], "/subscriptions/{}/resourcegroups".format(emulator.subscription_id), 0
        resp = arm.get(url, "2024-11-01").json()
        while True:
            pages += 1
            assert len(resp["value"]) <= 2
            seen += [g["name"] for g in resp["value"]]
            if not resp.get("nextLink"):
                break
            assert resp["nextLink"].startswith(emulator.url)
            resp = arm.get(resp["nextLink"]).json()
        assert pages >= 3
        assert set(names) <= set(seen)
        assert len(seen) == len(set(seen))
    finally:
        emulator.set_page_size(100)


def test_provider_registration_moves_through_registering(arm, emulator):
    path = "/subscriptions/{}/providers/{}".format(emulator.subscription_id, KC)
    emulator.set_provider_state(KC, "NotRegistered")
    emulator.set_operation_seconds(0.5)
    try:
        assert arm.get(path, "2021-04-01").json()["registrationState"] == "NotRegistered"
        registering = arm.request("POST", path + "/register", "2021-04-01")
        assert registering.status_code == 200
        assert registering.json()["registrationState"] == "Registering"
        import time
        time.sleep(0.6)
        assert arm.get(path.lower(), "2021-04-01").json()["registrationState"] == "Registered"
    finally:
        emulator.set_operation_seconds(emulator.operation_seconds)
        emulator.set_provider_state(KC, "Registered")


def test_rp_calls_need_a_registered_provider(arm, emulator, cluster):
    emulator.set_provider_state(KC, "NotRegistered")
    try:
        resp = arm.get(cluster_path(emulator.subscription_id, cluster.rg, cluster.name) +
                       "/providers/Microsoft.KubernetesConfiguration/fluxConfigurations", "2025-04-01")
        assert resp.status_code == 409
        assert resp.json()["error"]["code"] == "MissingSubscriptionRegistration"
    finally:
        emulator.set_provider_state(KC, "Registered")


def test_unknown_provider_namespace_is_404(arm, emulator):
    resp = arm.get("/subscriptions/{}/providers/Microsoft.Nope".format(emulator.subscription_id), "2021-04-01")
    assert resp.status_code == 404


def test_cluster_types_and_identity(arm, emulator, make_cluster):
    for cluster_type, rp in (("connectedClusters", "Microsoft.Kubernetes"),
                             ("managedClusters", "Microsoft.ContainerService"),
                             ("provisionedClusters", "Microsoft.HybridContainerService"),
                             ("appliances", "Microsoft.ResourceConnector")):
        c = make_cluster(cluster_type)
        body = arm.get(c.id.lower(), "2024-01-01").json()
        assert body["type"] == "{}/{}".format(rp, cluster_type)
        assert body["id"] == c.id
    sp = arm.get(make_cluster("managedClusters", service_principal=True).id, "2024-01-01").json()
    assert "identity" not in sp and sp["properties"]["servicePrincipalProfile"]["clientId"] != "msi"


def test_missing_cluster_and_group(arm, emulator, cluster):
    resp = arm.get(cluster_path(emulator.subscription_id, cluster.rg, "nope"), "2024-01-01")
    assert resp.status_code == 404 and resp.json()["error"]["code"] == "ResourceNotFound"
    resp = arm.get(cluster_path(emulator.subscription_id, "no-such-rg", "nope"), "2024-01-01")
    assert resp.status_code == 404 and resp.json()["error"]["code"] == "ResourceGroupNotFound"


def test_arm_clients_cannot_create_clusters(arm, emulator, cluster):
    resp = arm.put(cluster_path(emulator.subscription_id, cluster.rg, "new"), {"location": "eastus"}, "2024-01-01")
    assert resp.status_code in (404, 405)
