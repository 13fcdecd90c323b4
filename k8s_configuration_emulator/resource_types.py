"""The resource types the emulated Microsoft.KubernetesConfiguration serves, in the order its provider lists them.
Adding a type is one entry here plus its own module (see ``registry``)."""
from . import rp_extension_types, rp_extensions, rp_flux, rp_scc
from .registry import Registry

REGISTRY = Registry([rp_flux.RESOURCE, rp_extensions.RESOURCE, rp_scc.RESOURCE,
                     rp_extension_types.CLUSTER_RESOURCE, rp_extension_types.LOCATION_RESOURCE])
