"""az k8s-extension extension-types: which extension types, versions and release trains can be installed, from
the service's catalog (extensionTypes, API 2024-11-01-preview), by cluster or by location."""
