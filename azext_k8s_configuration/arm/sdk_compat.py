"""The SDKs on the oldest az we declare (azext.minCliCoreVersion 2.70.0).

The extension's SDKs (azure-mgmt-kubernetesconfiguration-fluxconfigurations / -extensions / -extensiontypes)
declare azure-mgmt-core >= 1.6.0, and `az extension add` installs that into the extension's own folder. But az
appends extension folders to sys.path after its own packages, so the azure-mgmt-core that runs is az's:
az 2.70 to 2.72 ship azure-mgmt-core 1.4.0, where the SDK clients' module-level
`from azure.mgmt.core.tools import get_arm_endpoints` (azure-mgmt-core 1.5.0+) fails, and every command
that builds a client would end in an ImportError.

The SDKs use that function for one thing only: the default endpoint and credential scopes of a client
built without them. az's client factory always passes both (its cloud's resource manager and scopes), so
on those az releases a function with the same contract is supplied before the SDK is imported. Nothing else
in the SDKs needs more than what az 2.70 ships (CI runs the tutorial and the k8s-extension scenarios on
az 2.70 with its azure-core 1.31 and azure-mgmt-core 1.4.0: `make test-oldest-az`). On newer az, where
azure-mgmt-core has the function, nothing is touched.
"""

_ARM = {  # AzureClouds value -> (resource manager, credential scope); the public cloud is the SDK's default
    "AZURE_PUBLIC_CLOUD": ("https://management.azure.com/", "https://management.azure.com/.default"),
    "AZURE_CHINA_CLOUD": ("https://management.chinacloudapi.cn/", "https://management.chinacloudapi.cn/.default"),
    "AZURE_US_GOVERNMENT": ("https://management.usgovcloudapi.net/",
                            "https://management.core.usgovcloudapi.net/.default"),
}


def arm_endpoints(cloud_setting):
    """azure-mgmt-core 1.5's `get_arm_endpoints` contract: the ARM endpoint and credential scopes of a cloud."""
    key = getattr(cloud_setting, "value", cloud_setting)
    if key not in _ARM:
        raise ValueError("Unknown cloud setting: {}".format(cloud_setting))
    endpoint, scope = _ARM[key]
    return {"resource_manager": endpoint, "credential_scopes": [scope]}


def ensure_sdk_importable():
    """Call before importing an SDK client: supplies `get_arm_endpoints` where az's azure-mgmt-core lacks it."""
    from azure.mgmt.core import tools
    if not hasattr(tools, "get_arm_endpoints"):
        tools.get_arm_endpoints = arm_endpoints
