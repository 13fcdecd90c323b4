"""A local emulator of Azure Resource Manager and the Microsoft.KubernetesConfiguration resource provider.

It lets the real ``az`` CLI (and this project's tests) run offline: an HTTPS server on 127.0.0.1 with an
App Service style managed-identity endpoint, ``/metadata/endpoints``, subscriptions, resource groups,
providers, cluster resources, and the ``extensions`` / ``fluxConfigurations`` /
``sourceControlConfigurations`` resources with ARM's long-running-operation protocol.

THIS IS A SIMULATION. No Kubernetes cluster, Git server or Flux controller exists behind it: the Flux
``statuses`` it reports (fetched revisions, applied revisions, compliance) are synthesised from the
configuration itself (see ``flux_status``). It is not shipped in the extension wheel.
"""

DEFAULT_SUBSCRIPTION_ID = "00000000-0000-0000-0000-00000000c0de"
DEFAULT_TENANT_ID = "00000000-0000-0000-0000-0000000a7e57"
IDENTITY_CLIENT_ID = "00000000-0000-0000-0000-0000000c11e7"
IDENTITY_OBJECT_ID = "00000000-0000-0000-0000-00000000b1ec"
