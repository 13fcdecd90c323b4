"""-o table keeps every column of REFERENCE §10 (az drops a column whose value is None in every row) and names cluster
types as users type them with -t (issue 14)."""
import pytest
from knack.output import format_table
from knack.util import CommandResultItem

from azext_k8s_configuration import formatters as fmt


def header(result, transformer):
    return format_table(CommandResultItem(result, table_transformer=transformer)).splitlines()[0].split()


FLUX_COLUMNS = ["Namespace", "Name", "Scope", "ProvisioningState", "ComplianceState", "StatusUpdatedAt",
                "SourceUpdatedAt"]


def test_flux_list_keeps_source_updated_at_before_any_source_was_fetched():
    fetched = {"namespace": "a", "name": "a", "scope": "cluster", "provisioningState": "Succeeded",
               "complianceState": "Compliant", "statusUpdatedAt": "2026-01-02T03:04:05.123456+00:00",
               "sourceUpdatedAt": None}
    creating = {"namespace": "b", "name": "b", "scope": "cluster", "provisioningState": "Creating",
                "complianceState": "Unknown", "statusUpdatedAt": None, "sourceUpdatedAt": None}
    assert header([fetched, creating], fmt.flux_configuration_list_table) == FLUX_COLUMNS
    assert header(creating, fmt.flux_configuration_table) == FLUX_COLUMNS


@pytest.mark.parametrize("transformer, result, columns", [
    (fmt.kustomization_list_table, {"apps": {}},
     ["Name", "Path", "DependsOn", "SyncInterval", "Timeout", "Prune", "Force"]),
    (fmt.kustomization_table_from_configuration, {"kustomizations": {"apps": {"path": None}}},
     ["Name", "Path", "DependsOn", "SyncInterval", "Timeout", "Prune", "Force"]),
    (fmt.deployed_object_list_table, [{}], ["Kind", "Namespace", "Name", "ComplianceState", "Message"]),
    (fmt.extension_list_table, [{"name": "flux"}],
     ["Name", "ExtensionType", "Version", "ProvisioningState", "ReleaseTrain", "AutoUpgrade"]),
    (fmt.legacy_list_table, [{"name": "old"}],
     ["Name", "RepositoryUrl", "OperatorName", "OperatorNamespace", "Scope", "ProvisioningState"]),
    (fmt.extension_type_version_table, {"name": "1.0.0", "properties": {}},
     ["Version", "ClusterTypes", "UnsupportedKubernetes"]),
])
def test_every_table_keeps_its_columns_when_values_are_missing(transformer, result, columns):
    assert header(result, transformer) == columns


def test_versions_name_cluster_types_as_extension_types_and_the_t_option_do():
    version = {"properties": {"version": "1.8.2", "supportedClusterTypes": ["connectedCluster", "managedCluster",
                                                                            "provisionedCluster", "appliances"],
                              "unsupportedKubernetesVersions": {"connectedCluster": [
                                  {"distributions": ["generic"], "unsupportedVersions": [">=1.31"]}]}}}
    row = fmt.extension_type_version_table(version)
    assert row["ClusterTypes"] == "connectedClusters, managedClusters, provisionedClusters, appliances"
    assert row["UnsupportedKubernetes"] == "connectedClusters: generic >=1.31"
    extension_type = {"name": "x", "properties": {"supportedClusterTypes": ["connectedClusters", "futureThing"]}}
    assert fmt.extension_type_table(extension_type)["ClusterTypes"] == "connectedClusters, futureThing"
