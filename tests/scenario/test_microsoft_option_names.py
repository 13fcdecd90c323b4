"""Scripts written for Microsoft's k8s-configuration 2.x and k8s-extension 1.x run unchanged (REFERENCE §11): every
option name and alias their public reference documents (k8s-configuration 2.3 with its OCI and provider options,
k8s-extension 1.6; facts only), on the commands that take them, parses here and reaches the wire in the field it
means. The table below is the contract: (option, value, where it must land). One az call covers many rows; the
calls run against the emulator with the real az.
"""
import base64
import json
import uuid

import keygen
import pytest

from tests.harness.arm import API, cluster_path, rp_path

GUID = "00000000-0000-0000-0000-0000000000a1"
TENANT = "00000000-0000-0000-0000-0000000000b2"
# values are str.format templates: literal braces doubled
OIDC = '[{{"issuer": "^https://token.actions.githubusercontent.com$", "subject": "^https://github.com/org/.*$"}}]'


def body(path, expected):
    """The value at a dotted path of the request body ('<redacted>': a secret, sent and redacted in the log)."""
    return ("body", path, expected)


def url(part):
    return ("url", part, None)


def query(part):
    return ("query", part, None)


class Call:
    """One az call: the command, the request to look at (method, a part of its path), its rows (option, value, where)
    and what must exist first (created through ARM)."""

    def __init__(self, name, command, method, path, rows, needs=()):
        self.name, self.command, self.method, self.path, self.rows, self.needs = \
            name, command, method, path, rows, needs

    def __repr__(self):
        return self.name


FLUX = "k8s-configuration flux"
P = "properties."
GIT, BUCKET, BLOB, OCI = P + "gitRepository.", P + "bucket.", P + "azureBlob.", P + "ociRepository."
PROTECTED = P + "configurationProtectedSettings."
SP = BLOB + "servicePrincipal."

CALLS = [
    # -- flux create: git ----------------------------------------------------------------------------------------
    Call("flux-create-git-https", f"{FLUX} create", "PUT", "/fluxConfigurations/mn-https", [
        ("--resource-group", "{rg}", url("/resourceGroups/{rg}/")),
        ("--cluster-name", "{cluster}", url("/connectedClusters/{cluster}/")),
        ("--cluster-type", "connectedClusters", url("/Microsoft.Kubernetes/connectedClusters/")),
        ("--name", "mn-https", url("/fluxConfigurations/mn-https")),
        ("--scope", "namespace", body(P + "scope", "namespace")),
        ("--ns", "team-a", body(P + "namespace", "team-a")),
        ("--kind", "git", body(P + "sourceKind", "GitRepository")),
        ("-u", "https://github.com/org/repo", body(GIT + "url", "https://github.com/org/repo")),
        ("--branch", "main", body(GIT + "repositoryRef.branch", "main")),
        ("--interval", "5m", body(GIT + "syncIntervalInSeconds", 300)),
        ("--timeout", "7m", body(GIT + "timeoutInSeconds", 420)),
        ("--https-user", "robot", body(GIT + "httpsUser", "robot")),
        ("--https-key", "token-1234", body(PROTECTED + "httpsKey", "<redacted>")),
        ("--https-ca-cert", "{ca_b64}", body(GIT + "httpsCACert", "{ca_b64}")),
        ("--suspend", "true", body(P + "suspend", True)),
        ("-k", "name=app path=./app prune=true", body(P + "kustomizations.app.path", "./app")),
    ]),
    Call("flux-create-git-ssh-files", f"{FLUX} create", "PUT", "/fluxConfigurations/mn-ssh", [
        ("-g", "{rg}", url("/resourceGroups/{rg}/")),
        ("-c", "{cluster}", url("/connectedClusters/{cluster}/")),
        ("-t", "connectedClusters", url("/connectedClusters/")),
        ("-n", "mn-ssh", url("/fluxConfigurations/mn-ssh")),
        ("-s", "cluster", body(P + "scope", "cluster")),
        ("--namespace", "team-b", body(P + "namespace", "team-b")),
        ("--url", "ssh://git@github.com/org/repo", body(GIT + "url", "ssh://git@github.com/org/repo")),
        ("--tag", "v1.2.3", body(GIT + "repositoryRef.tag", "v1.2.3")),
        ("--sync-interval", "2m", body(GIT + "syncIntervalInSeconds", 120)),
        ("--ssh-private-key-file", "{key_file}", body(PROTECTED + "sshPrivateKey", "<redacted>")),
        ("--known-hosts-file", "{known_hosts_file}", body(GIT + "sshKnownHosts", "{known_hosts_b64}")),
        ("--kustomization", "name=infra path=./infra", body(P + "kustomizations.infra.path", "./infra")),
    ]),
    Call("flux-create-git-ssh-inline", f"{FLUX} create {{c}} -n mn-ssh-inline", "PUT",
         "/fluxConfigurations/mn-ssh-inline", [
        ("--url", "ssh://git@github.com/org/repo", body(GIT + "url", "ssh://git@github.com/org/repo")),
        ("--semver", ">=1.0.0", body(GIT + "repositoryRef.semver", ">=1.0.0")),
        ("--ssh-private-key", "{key_b64}", body(PROTECTED + "sshPrivateKey", "<redacted>")),
        ("--known-hosts", "{known_hosts_b64}", body(GIT + "sshKnownHosts", "{known_hosts_b64}")),
    ]),
    Call("flux-create-git-ref", f"{FLUX} create {{c}} -n mn-ref", "PUT", "/fluxConfigurations/mn-ref", [
        ("--url", "https://github.com/org/repo", body(GIT + "url", "https://github.com/org/repo")),
        ("--commit", "0123456789abcdef0123456789abcdef01234567",
         body(GIT + "repositoryRef.commit", "0123456789abcdef0123456789abcdef01234567")),
        ("--https-ca-cert-file", "{ca_file}", body(GIT + "httpsCACert", "{ca_b64}")),
        ("--local-ref", "git-credentials", body(GIT + "localAuthRef", "git-credentials")),
        ("--no-wait", None, url("/fluxConfigurations/mn-ref")),
    ]),
    Call("flux-create-git-provider", f"{FLUX} create {{c}} -n mn-provider", "PUT", "/fluxConfigurations/mn-provider", [
        ("--url", "https://dev.azure.com/org/project/_git/repo",
         body(GIT + "url", "https://dev.azure.com/org/project/_git/repo")),
        ("--branch", "main", body(GIT + "repositoryRef.branch", "main")),
        ("--provider", "azure", body(GIT + "provider", "Azure")),
    ]),
    # -- flux create: bucket -------------------------------------------------------------------------------------
    Call("flux-create-bucket", f"{FLUX} create {{c}} -n mn-bucket", "PUT", "/fluxConfigurations/mn-bucket", [
        ("--kind", "bucket", body(P + "sourceKind", "Bucket")),
        ("--url", "https://s3.example.com", body(BUCKET + "url", "https://s3.example.com")),
        ("--bucket-name", "manifests", body(BUCKET + "bucketName", "manifests")),
        ("--bucket-access-key", "AKIAEXAMPLE", body(BUCKET + "accessKey", "AKIAEXAMPLE")),
        ("--bucket-secret-key", "bucket-secret-1234", body(PROTECTED + "bucketSecretKey", "<redacted>")),
        ("--bucket-insecure", "true", body(BUCKET + "insecure", True)),
    ]),
    Call("flux-create-bucket-local-auth", f"{FLUX} create {{c}} -n mn-bucket-ref --kind bucket", "PUT",
         "/fluxConfigurations/mn-bucket-ref", [
             ("--url", "https://s3.example.com", body(BUCKET + "url", "https://s3.example.com")),
             ("--bucket-name", "manifests", body(BUCKET + "bucketName", "manifests")),
             ("--local-auth-ref", "bucket-credentials", body(BUCKET + "localAuthRef", "bucket-credentials")),
         ]),
    # -- flux create: azblob, Microsoft's long names and the short ones ------------------------------------------
    Call("flux-create-azblob-sp-secret", f"{FLUX} create {{c}} -n mn-blob-secret --kind azblob "
         "--url https://acct.blob.core.windows.net --container-name manifests", "PUT",
         "/fluxConfigurations/mn-blob-secret", [
             ("--service-principal-client-id", GUID, body(SP + "clientId", GUID)),
             ("--service-principal-tenant-id", TENANT, body(SP + "tenantId", TENANT)),
             ("--service-principal-client-secret", "sp-secret-1234", body(SP + "clientSecret", "<redacted>")),
         ]),
    Call("flux-create-azblob-sp-cert", f"{FLUX} create {{c}} -n mn-blob-cert --kind azblob "
         "--url https://acct.blob.core.windows.net", "PUT", "/fluxConfigurations/mn-blob-cert", [
             ("--container-name", "manifests", body(BLOB + "containerName", "manifests")),
             ("--service-principal-client-id", GUID, body(SP + "clientId", GUID)),
             ("--service-principal-tenant-id", TENANT, body(SP + "tenantId", TENANT)),
             ("--service-principal-client-certificate", "{ca_b64}", body(SP + "clientCertificate", "<redacted>")),
             ("--service-principal-client-certificate-password", "cert-pass-1234",
              body(SP + "clientCertificatePassword", "<redacted>")),
             ("--service-principal-client-certificate-send-chain", None, body(SP + "clientCertificateSendChain", True)),
         ]),
    Call("flux-create-azblob-mi", f"{FLUX} create {{c}} -n mn-blob-mi --kind azblob "
         "--url https://acct.blob.core.windows.net --container-name manifests", "PUT",
         "/fluxConfigurations/mn-blob-mi", [
             ("--managed-identity-client-id", GUID, body(BLOB + "managedIdentity.clientId", GUID)),
         ]),
    Call("flux-create-azblob-short-cert", f"{FLUX} create {{c}} -n mn-blob-short --kind azblob "
         "--url https://acct.blob.core.windows.net --container-name manifests", "PUT",
         "/fluxConfigurations/mn-blob-short", [
             ("--sp-client-id", GUID, body(SP + "clientId", GUID)),
             ("--sp-tenant-id", TENANT, body(SP + "tenantId", TENANT)),
             ("--sp-client-cert", "{ca_b64}", body(SP + "clientCertificate", "<redacted>")),
             ("--sp-cert-password", "cert-pass-1234", body(SP + "clientCertificatePassword", "<redacted>")),
             ("--sp-cert-send-chain", "true", body(SP + "clientCertificateSendChain", True)),
         ]),
    Call("flux-create-azblob-short-secret", f"{FLUX} create {{c}} -n mn-blob-short2 --kind azblob "
         "--url https://acct.blob.core.windows.net --container-name manifests --sp-client-id " + GUID +
         " --sp-tenant-id " + TENANT, "PUT", "/fluxConfigurations/mn-blob-short2", [
             ("--sp-client-secret", "sp-secret-1234", body(SP + "clientSecret", "<redacted>")),
         ]),
    Call("flux-create-azblob-mi-short", f"{FLUX} create {{c}} -n mn-blob-mi2 --kind azblob "
         "--url https://acct.blob.core.windows.net --container-name manifests", "PUT",
         "/fluxConfigurations/mn-blob-mi2", [
             ("--mi-client-id", GUID, body(BLOB + "managedIdentity.clientId", GUID)),
         ]),
    Call("flux-create-azblob-account-key", f"{FLUX} create {{c}} -n mn-blob-key --kind azblob "
         "--url https://acct.blob.core.windows.net --container-name manifests", "PUT",
         "/fluxConfigurations/mn-blob-key", [
             ("--account-key", "account-key-1234", body(BLOB + "accountKey", "<redacted>")),
         ]),
    Call("flux-create-azblob-sas", f"{FLUX} create {{c}} -n mn-blob-sas --kind azblob "
         "--url https://acct.blob.core.windows.net --container-name manifests", "PUT",
         "/fluxConfigurations/mn-blob-sas", [
             ("--sas-token", "sv=2022&sig=abcd", body(BLOB + "sasToken", "<redacted>")),
         ]),
    # -- flux create: oci ----------------------------------------------------------------------------------------
    Call("flux-create-oci", f"{FLUX} create {{c}} -n mn-oci", "PUT", "/fluxConfigurations/mn-oci", [
        ("--kind", "oci", body(P + "sourceKind", "OCIRepository")),
        ("--url", "oci://ghcr.io/org/manifests", body(OCI + "url", "oci://ghcr.io/org/manifests")),
        ("--tag", "v1", body(OCI + "repositoryRef.tag", "v1")),
        ("--oci-media-type", "application/vnd.cncf.flux.content.v1.tar+gzip",
         body(OCI + "layerSelector.mediaType", "application/vnd.cncf.flux.content.v1.tar+gzip")),
        ("--oci-operation", "copy", body(OCI + "layerSelector.operation", "copy")),
        ("--tls-ca-certificate", "{ca_b64}", body(OCI + "tlsConfig.caCertificate", "{ca_b64}")),
        ("--tls-client-certificate", "{ca_b64}", body(OCI + "tlsConfig.clientCertificate", "<redacted>")),
        ("--tls-private-key", "{tls_key_b64}", body(OCI + "tlsConfig.privateKey", "<redacted>")),
        ("--service-account-name", "flux-puller", body(OCI + "serviceAccountName", "flux-puller")),
        ("--oci-insecure", "true", body(OCI + "insecure", True)),
        ("--verification-provider", "cosign", body(OCI + "verify.provider", "cosign")),
        ("--match-oidc-identity", OIDC, body(OCI + "verify.matchOidcIdentity.0.issuer",
                                            "^https://token.actions.githubusercontent.com$")),
    ]),
    Call("flux-create-oci-keys", f"{FLUX} create {{c}} -n mn-oci-keys --kind oci", "PUT",
         "/fluxConfigurations/mn-oci-keys", [
             ("--url", "oci://ghcr.io/org/manifests", body(OCI + "url", "oci://ghcr.io/org/manifests")),
             ("--semver", ">=1.0.0", body(OCI + "repositoryRef.semver", ">=1.0.0")),
             ("--use-workload-identity", None, body(OCI + "useWorkloadIdentity", True)),
             ("--verification-provider", "cosign", body(OCI + "verify.provider", "cosign")),
             ("--verification-config", "cosign.pub={ca_b64}", body(OCI + "verify.verificationConfig.cosign\\.pub",
                                                                   "{ca_b64}")),
         ]),
    Call("flux-create-oci-digest", f"{FLUX} create {{c}} -n mn-oci-digest --kind oci "
         "--url oci://ghcr.io/org/manifests", "PUT", "/fluxConfigurations/mn-oci-digest", [
             ("--digest", "sha256:" + "a" * 64, body(OCI + "repositoryRef.digest", "sha256:" + "a" * 64)),
             ("--local-auth-ref", "registry-credentials", body(OCI + "localAuthRef", "registry-credentials")),
         ]),
    # -- flux update / delete ------------------------------------------------------------------------------------
    Call("flux-update", f"{FLUX} update {{c}} -n mn-upd", "PATCH", "/fluxConfigurations/mn-upd", [
        ("--interval", "3m", body(GIT + "syncIntervalInSeconds", 180)),
        ("--timeout", "4m", body(GIT + "timeoutInSeconds", 240)),
        ("--suspend", "false", body(P + "suspend", False)),
        ("--branch", "release", body(GIT + "repositoryRef.branch", "release")),
    ], needs=("git:mn-upd",)),
    Call("flux-update-kind-change", f"{FLUX} update {{c}} -n mn-switch", "PATCH", "/fluxConfigurations/mn-switch", [
        ("--kind", "bucket", body(P + "sourceKind", "Bucket")),
        ("--url", "https://s3.example.com", body(BUCKET + "url", "https://s3.example.com")),
        ("--bucket-name", "manifests", body(BUCKET + "bucketName", "manifests")),
        ("--local-ref", "bucket-credentials", body(BUCKET + "localAuthRef", "bucket-credentials")),
        ("--yes", None, body(P + "gitRepository", None)),
    ], needs=("git:mn-switch",)),
    Call("flux-update-kind-change-short", f"{FLUX} update {{c}} -n mn-switch2 --kind azblob "
         "--url https://acct.blob.core.windows.net --container-name manifests", "PATCH",
         "/fluxConfigurations/mn-switch2", [
             ("--managed-identity-client-id", GUID, body(BLOB + "managedIdentity.clientId", GUID)),
             ("-y", None, body(P + "sourceKind", "AzureBlob")),
         ], needs=("git:mn-switch2",)),
    Call("flux-delete", f"{FLUX} delete {{c}} -n mn-del", "DELETE", "/fluxConfigurations/mn-del", [
        ("--force", "true", query("forceDelete=true")),
        ("--yes", None, url("/fluxConfigurations/mn-del")),
    ], needs=("git:mn-del",)),
    Call("flux-delete-short", f"{FLUX} delete {{c}} -n mn-del2", "DELETE", "/fluxConfigurations/mn-del2", [
        ("--force", None, query("forceDelete=true")),
        ("-y", None, url("/fluxConfigurations/mn-del2")),
    ], needs=("git:mn-del2",)),
    # -- flux kustomization --------------------------------------------------------------------------------------
    Call("kustomization-create", f"{FLUX} kustomization create {{c}} -n mn-kust", "PATCH",
         "/fluxConfigurations/mn-kust", [
             ("--kustomization-name", "extra", url("/fluxConfigurations/mn-kust")),
             ("--path", "./extra", body(P + "kustomizations.extra.path", "./extra")),
             ("--depends-on", "infra", body(P + "kustomizations.extra.dependsOn", ["infra"])),
             ("--interval", "6m", body(P + "kustomizations.extra.syncIntervalInSeconds", 360)),
             ("--timeout", "8m", body(P + "kustomizations.extra.timeoutInSeconds", 480)),
             ("--retry-interval", "1m", body(P + "kustomizations.extra.retryIntervalInSeconds", 60)),
             ("--prune", "true", body(P + "kustomizations.extra.prune", True)),
             ("--force", "true", body(P + "kustomizations.extra.force", True)),
             ("--disable-health-check", "true", body(P + "kustomizations.extra.wait", False)),
         ], needs=("git:mn-kust",)),
    Call("kustomization-create-aliases", f"{FLUX} kustomization create {{c}} -n mn-kust2", "PATCH",
         "/fluxConfigurations/mn-kust2", [
             ("-k", "more", body(P + "kustomizations.more.path", "./more")),
             ("--path", "./more", body(P + "kustomizations.more.path", "./more")),
             ("--dependencies", "infra", body(P + "kustomizations.more.dependsOn", ["infra"])),
             ("--sync-interval", "7m", body(P + "kustomizations.more.syncIntervalInSeconds", 420)),
         ], needs=("git:mn-kust2",)),
    Call("kustomization-update", f"{FLUX} kustomization update {{c}} -n mn-kust3 -k tools", "PATCH",
         "/fluxConfigurations/mn-kust3", [
             ("--depends", "infra", body(P + "kustomizations.tools.dependsOn", ["infra"])),
             ("--prune", "false", body(P + "kustomizations.tools.prune", False)),
             ("--force", "true", body(P + "kustomizations.tools.force", True)),
             ("--disable-health-check", "true", body(P + "kustomizations.tools.wait", False)),
         ], needs=("git:mn-kust3",)),
    Call("kustomization-delete", f"{FLUX} kustomization delete {{c}} -n mn-kust4", "PATCH",
         "/fluxConfigurations/mn-kust4", [
             ("--kustomization-name", "apps", body(P + "kustomizations.apps", None)),
             ("--yes", None, url("/fluxConfigurations/mn-kust4")),
         ], needs=("git:mn-kust4",)),
    Call("kustomization-delete-short", f"{FLUX} kustomization delete {{c}} -n mn-kust5", "PATCH",
         "/fluxConfigurations/mn-kust5", [
             ("-k", "apps", body(P + "kustomizations.apps", None)),
             ("-y", None, url("/fluxConfigurations/mn-kust5")),
         ], needs=("git:mn-kust5",)),
    # -- k8s-extension -------------------------------------------------------------------------------------------
    Call("extension-create", "k8s-extension create", "PUT", "/extensions/mn-dapr", [
        ("--resource-group", "{rg}", url("/resourceGroups/{rg}/")),
        ("--cluster-name", "{cluster}", url("/connectedClusters/{cluster}/")),
        ("--cluster-type", "connectedClusters", url("/connectedClusters/")),
        ("--cluster-resource-provider", "Microsoft.Kubernetes", url("/Microsoft.Kubernetes/")),
        ("--name", "mn-dapr", url("/extensions/mn-dapr")),
        ("--extension-type", "microsoft.dapr", body(P + "extensionType", "microsoft.dapr")),
        ("--scope", "cluster", body(P + "scope.cluster.releaseNamespace", "dapr-system")),
        ("--release-namespace", "dapr-system", body(P + "scope.cluster.releaseNamespace", "dapr-system")),
        ("--auto-upgrade-minor-version", "false", body(P + "autoUpgradeMinorVersion", False)),
        ("--version", "1.14.4", body(P + "version", "1.14.4")),
        ("--release-train", "stable", body(P + "releaseTrain", "stable")),
        ("--config-settings", "global.ha.enabled=true", body(P + "configurationSettings.global\\.ha\\.enabled",
                                                            "true")),
        ("--config-protected-settings", "token=protected-1234",
         body(P + "configurationProtectedSettings.token", "<redacted>")),
    ]),
    Call("extension-create-plan", "k8s-extension create -g {rg} --cluster-name {aks} -t managedClusters", "PUT",
         "/extensions/mn-vote", [
             ("-n", "mn-vote", url("/extensions/mn-vote")),
             ("--extension-type", "contoso.sampleapp", body(P + "extensionType", "contoso.sampleapp")),
             ("--plan-name", "standard", body("plan.name", "standard")),
             ("--plan-product", "sampleapp-offer", body("plan.product", "sampleapp-offer")),
             ("--plan-publisher", "contoso", body("plan.publisher", "contoso")),
             ("--scope", "namespace", body(P + "scope.namespace.targetNamespace", "vote")),
             ("--target-namespace", "vote", body(P + "scope.namespace.targetNamespace", "vote")),
             ("--auto-upgrade", "true", body(P + "autoUpgradeMinorVersion", True)),
             ("--config-settings-file", "{settings_file}", body(P + "configurationSettings.replicas", "2")),
             ("--config-protected-settings-file", "{protected_file}",
              body(P + "configurationProtectedSettings.apiKey", "<redacted>")),
         ]),
    Call("extension-create-long-names", "k8s-extension create {c} -n mn-kv --extension-type "
         "microsoft.azurekeyvaultsecretsprovider", "PUT", "/extensions/mn-kv", [
             ("--configuration-settings", "rotation=true", body(P + "configurationSettings.rotation", "true")),
             ("--configuration-protected-settings", "secret=protected-1234",
              body(P + "configurationProtectedSettings.secret", "<redacted>")),
         ]),
    Call("extension-create-files", "k8s-extension create {c} -n mn-mon --extension-type "
         "microsoft.azuremonitor.containers", "PUT", "/extensions/mn-mon", [
             ("--configuration-settings-file", "{settings_file}", body(P + "configurationSettings.replicas", "2")),
             ("--configuration-protected-settings-file", "{protected_file}",
              body(P + "configurationProtectedSettings.apiKey", "<redacted>")),
         ]),
    Call("extension-update", "k8s-extension update {c} -n mn-upd-ext", "PATCH", "/extensions/mn-upd-ext", [
        ("--config", "a=1", body(P + "configurationSettings.a", "1")),
        ("--config-settings", "b=2", body(P + "configurationSettings.b", "2")),
        ("--configuration-settings", "c=3", body(P + "configurationSettings.c", "3")),
        ("--config-protected", "p=protected-1234", body(P + "configurationProtectedSettings.p", "<redacted>")),
        ("--config-protected-settings", "q=protected-5678", body(P + "configurationProtectedSettings.q",
                                                                 "<redacted>")),
        ("--configuration-protected-settings", "r=protected-9012",
         body(P + "configurationProtectedSettings.r", "<redacted>")),
        ("--yes", None, url("/extensions/mn-upd-ext")),
    ], needs=("extension:mn-upd-ext",)),
    Call("extension-update-files", "k8s-extension update {c} -n mn-upd-ext2", "PATCH", "/extensions/mn-upd-ext2", [
        ("--config-file", "{settings_file}", body(P + "configurationSettings.replicas", "2")),
        ("--config-protected-file", "{protected_file}", body(P + "configurationProtectedSettings.apiKey",
                                                             "<redacted>")),
        ("--auto-upgrade-minor-version", "false", body(P + "autoUpgradeMinorVersion", False)),
        ("--version", "1.13.6", body(P + "version", "1.13.6")),
        ("--release-train", "Stable", body(P + "releaseTrain", "Stable")),
        ("-y", None, url("/extensions/mn-upd-ext2")),
    ], needs=("extension:mn-upd-ext2",)),
    Call("extension-delete", "k8s-extension delete {c} -n mn-del-ext", "DELETE", "/extensions/mn-del-ext", [
        ("--force", None, query("forceDelete=true")),
        ("--yes", None, url("/extensions/mn-del-ext")),
    ], needs=("extension:mn-del-ext",)),
    # -- k8s-extension extension-types -----------------------------------------------------------------------------
    Call("extension-types-by-location", "k8s-extension extension-types list-by-location", "GET",
         "/locations/eastus/extensionTypes", [
             ("--location", "eastus", url("/locations/eastus/extensionTypes")),
             ("--plan-publisher", "contoso", query("publisherId=contoso")),
             ("--plan-product", "sampleapp-offer", query("offerId=sampleapp-offer")),
             ("--plan-name", "standard", query("planId=standard")),
             ("--release-train", "stable", query("releaseTrain=stable")),
             ("--cluster-type", "managedClusters", query("clusterType=managedClusters")),
         ]),
    Call("extension-type-versions-by-cluster", "k8s-extension extension-types list-versions-by-cluster {c}", "GET",
         "/extensionTypes/microsoft.flux/versions", [
             ("--extension-type", "microsoft.flux", url("/extensionTypes/microsoft.flux/versions")),
             ("--major-version", "1", query("majorVersion=1")),
             ("--show-latest", None, query("showLatest=true")),
             ("--release-train", "preview", query("releaseTrain=preview")),
         ]),
    Call("extension-type-version-by-location", "k8s-extension extension-types show-version-by-location -l eastus",
         "GET", "/extensionTypes/microsoft.flux/versions/1.15.1", [
             ("--extension-type", "microsoft.flux", url("/extensionTypes/microsoft.flux/")),
             ("--version", "1.15.1", url("/versions/1.15.1")),
         ]),
]


def _b64(data):
    return base64.b64encode(data if isinstance(data, bytes) else data.encode()).decode()


@pytest.fixture(scope="module")
def material(tmp_path_factory):
    """The values the table refers to as {name}: keys, certificates and files, made for this run."""
    folder = tmp_path_factory.mktemp("microsoft-names")
    key = keygen.private_key_variants()["good"]["ed25519-openssh"]
    tls_key = keygen.private_key_variants()["good"]["ecdsa-pkcs8"]
    known_hosts = f"github.com {keygen.public_openssh('ecdsa')}\n"
    ca, _ = keygen.certificate_chain()
    files = {"key_file": key, "known_hosts_file": known_hosts, "ca_file": ca,
             "settings_file": json.dumps({"replicas": "2"}), "protected_file": json.dumps({"apiKey": "api-key-1234"})}
    values = {"key_b64": _b64(key), "tls_key_b64": _b64(tls_key), "known_hosts_b64": _b64(known_hosts),
              "ca_b64": _b64(ca)}
    for name, content in files.items():
        path = folder / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
        values[name] = str(path)
    return values


@pytest.fixture(scope="module")
def clusters(emulator, arm):
    """An Arc cluster and an AKS cluster in one group, microsoft.flux installed on the Arc one (through ARM)."""
    suffix = uuid.uuid4().hex[:8]
    rg, arc, aks = "rg-names-" + suffix, "arc-" + suffix, "aks-" + suffix
    emulator.add_cluster(rg, arc, "connectedClusters")
    emulator.add_cluster(rg, aks, "managedClusters")
    path = cluster_path(emulator.subscription_id, rg, arc)
    created = arm.put(rp_path(path, "extensions", "flux"), {"properties": {"extensionType": "microsoft.flux"}},
                      API["extensions"])
    assert arm.wait(created)["status"] == "Succeeded"
    return {"rg": rg, "cluster": arc, "aks": aks, "path": path}


def _prepare(arm, clusters, need):
    """What a call works on, created through ARM: a git configuration with kustomizations infra, apps (depending on
    infra) and tools, or an extension (microsoft.dapr) on a cluster of its own."""
    kind, name = need.split(":")
    if kind == "git":
        body = {"properties": {"scope": "cluster", "namespace": name, "sourceKind": "GitRepository",
                               "gitRepository": {"url": "https://github.com/org/repo",
                                                 "repositoryRef": {"branch": "main"}},
                               "kustomizations": {"infra": {"path": "./infra", "prune": True},
                                                  "apps": {"path": "./apps", "dependsOn": ["infra"]},
                                                  "tools": {"path": "./tools", "prune": True}}}}
        resp = arm.put(rp_path(clusters["path"], "fluxConfigurations", name), body, API["fluxConfigurations"])
    else:
        # one extension per type on a cluster: each gets its own Arc cluster
        other = "ext-" + uuid.uuid4().hex[:8]
        arm.emulator.add_cluster(clusters["rg"], other, "connectedClusters")
        clusters.setdefault("extension_clusters", {})[name] = other
        path = cluster_path(arm.emulator.subscription_id, clusters["rg"], other)
        resp = arm.put(rp_path(path, "extensions", name), {"properties": {"extensionType": "microsoft.dapr"}},
                       API["extensions"])
    assert resp.status_code in (200, 201), resp.text
    assert arm.wait(resp)["status"] == "Succeeded"


def _at(document, dotted):
    """The value at a dotted path ('\\.' is a literal dot in a key; a number indexes a list)."""
    node = document
    for part in [p.replace("\0", ".") for p in dotted.replace("\\.", "\0").split(".")]:
        if isinstance(node, list):
            node = node[int(part)]
        else:
            assert isinstance(node, dict) and part in node, f"{dotted}: no '{part}' in {node!r}"
            node = node[part]
    return node


@pytest.mark.parametrize("call", CALLS, ids=[c.name for c in CALLS])
def test_microsoft_option_names_reach_the_wire(az, arm, clusters, material, call):
    for need in call.needs:
        _prepare(arm, clusters, need)
    values = dict(material, rg=clusters["rg"], cluster=clusters["cluster"], aks=clusters["aks"])
    cluster = clusters.get("extension_clusters", {}).get(call.path.rsplit("/", 1)[-1], clusters["cluster"])
    values["c"] = "-g {} -c {} -t connectedClusters".format(clusters["rg"], cluster)
    argv = call.command.format(**values).split()
    for option, value, _ in call.rows:
        argv.append(option)
        if value is not None:
            argv.extend(value.format(**values).split(" ") if option in ("-k", "--kustomization") else
                        [value.format(**values)])
    result = az(argv, check=False)
    assert result.exit_code == 0, (call.name, result.stderr)
    sent = [r for r in result.requests if r["method"] == call.method and call.path.lower() in r["path"].lower()]
    seen = [(r["method"], r["path"]) for r in result.requests]
    assert sent, f"{call.name}: no {call.method} {call.path} among {seen}"
    request = sent[0]
    for option, _, (where, what, expected) in call.rows:
        what = what.format(**values)
        if where == "url":
            assert what.lower() in request["path"].lower(), (call.name, option, request["path"])
        elif where == "query":
            assert what in request["query"].split("&"), (call.name, option, request["query"])
        else:
            expected = expected.format(**values) if isinstance(expected, str) else expected
            assert _at(request["body"], what) == expected, (call.name, option, what)


def test_the_table_covers_every_documented_name():
    """Microsoft's documented option names (k8s-configuration 2.3, k8s-extension 1.6) each have a row."""
    covered = {option for call in CALLS for option, _, _ in call.rows}
    documented = {
        # flux create/update/delete (k8s-configuration)
        "--resource-group", "-g", "--cluster-name", "-c", "--cluster-type", "-t", "--cluster-resource-provider",
        "--name", "-n", "--scope", "-s", "--namespace", "--ns", "--kind", "--url", "-u", "--timeout", "--interval",
        "--sync-interval", "--branch", "--tag", "--semver", "--commit", "--ssh-private-key", "--ssh-private-key-file",
        "--https-user", "--https-key", "--https-ca-cert", "--https-ca-cert-file", "--known-hosts",
        "--known-hosts-file", "--bucket-access-key", "--bucket-secret-key", "--bucket-name", "--bucket-insecure",
        "--local-auth-ref", "--local-ref", "--suspend", "--kustomization", "-k", "--container-name",
        "--sp-client-id", "--service-principal-client-id", "--sp-tenant-id", "--service-principal-tenant-id",
        "--sp-client-secret", "--service-principal-client-secret", "--sp-client-cert",
        "--service-principal-client-certificate", "--sp-cert-password",
        "--service-principal-client-certificate-password", "--sp-cert-send-chain",
        "--service-principal-client-certificate-send-chain", "--account-key", "--sas-token", "--mi-client-id",
        "--managed-identity-client-id", "--provider", "--no-wait", "--yes", "-y", "--force",
        # 2.3: OCI
        "--digest", "--oci-media-type", "--oci-operation", "--tls-ca-certificate", "--tls-client-certificate",
        "--tls-private-key", "--service-account-name", "--use-workload-identity", "--oci-insecure",
        "--verification-provider", "--match-oidc-identity", "--verification-config",
        # flux kustomization
        "--kustomization-name", "--path", "--depends", "--dependencies", "--depends-on", "--retry-interval",
        "--prune", "--disable-health-check",
        # k8s-extension create/update/delete
        "--extension-type", "--release-namespace", "--target-namespace", "--auto-upgrade-minor-version",
        "--auto-upgrade", "--version", "--release-train", "--configuration-settings", "--config",
        "--config-settings", "--config-protected-settings", "--config-protected", "--configuration-protected-settings",
        "--config-settings-file", "--config-file", "--configuration-settings-file", "--config-protected-settings-file",
        "--config-protected-file", "--configuration-protected-settings-file", "--plan-name", "--plan-product",
        "--plan-publisher",
        # k8s-extension extension-types
        "--location", "--major-version", "--show-latest",
    }
    assert documented - covered == set()


PREFERRED_FIRST = {  # (command, dest): the options as help lists them, our name first
    ("k8s-extension create", "configuration_settings"): ["--configuration-settings", "--config", "--config-settings"],
    ("k8s-extension update", "configuration_protected_settings"): [
        "--configuration-protected-settings", "--config-protected", "--config-protected-settings"],
    ("k8s-extension create", "configuration_settings_file"): [
        "--configuration-settings-file", "--config-file", "--config-settings-file"],
    ("k8s-extension update", "configuration_protected_settings_file"): [
        "--configuration-protected-settings-file", "--config-protected-file", "--config-protected-settings-file"],
    ("k8s-configuration flux create", "sp_client_id"): ["--sp-client-id", "--service-principal-client-id"],
    ("k8s-configuration flux update", "sp_cert_send_chain"): [
        "--sp-cert-send-chain", "--service-principal-client-certificate-send-chain"],
    ("k8s-configuration flux create", "mi_client_id"): ["--mi-client-id", "--managed-identity-client-id"],
}


def test_help_shows_our_name_first():
    from tests.extension.test_help import commands
    table = commands()
    for (command, dest), names in PREFERRED_FIRST.items():
        assert table[command][dest]["options"] == names, (command, dest)
