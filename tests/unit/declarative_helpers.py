"""Helpers of the declarative unit tests: a stored configuration as the service keeps and shows it (the emulator's
own normalisation and write-only masking), and reading texts as flux apply -f reads files."""
import copy

from azext_k8s_configuration.arm import wire_output
from azext_k8s_configuration.declarative import desired, documents
from azext_k8s_configuration.declarative.plan import make_plan
from azext_k8s_configuration.declarative.reading import read_documents
from k8s_configuration_emulator import rp_flux

CLUSTER = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Kubernetes/connectedClusters/c1"


def stored(body, name="gitops-demo"):
    """A create body -> the resource as the service returns it (defaults filled, write-only members masked)."""
    props = copy.deepcopy(body["properties"])
    props.pop("configurationProtectedSettings", None)
    rp_flux._normalise(props)
    rp_flux.mask_write_only(props, rp_flux.WRITE_ONLY_PATHS)
    props.update(provisioningState="Succeeded", complianceState="Compliant", statuses=[], errorMessage=None)
    return {"id": f"{CLUSTER}/providers/Microsoft.KubernetesConfiguration/fluxConfigurations/{name}", "name": name,
            "type": "Microsoft.KubernetesConfiguration/fluxConfigurations", "properties": props}


def shown(resource):
    """What `flux show` prints for a stored resource."""
    return wire_output.resource(resource, "fluxConfigurations")


def read_text(text, ignore_unsupported=False):
    return read_documents(documents.parse(text, "f.yaml"), ignore_unsupported)


def plan_for(text, stored_resource=None, name=None, options=None, groups=None):
    """The plan of `flux apply -f` for a file's text against a stored resource (None: absent)."""
    from azext_k8s_configuration.flux import payload
    config = read_text(text)
    existing = payload.read_existing(stored_resource) if stored_resource else None
    spec = desired.build(config, name, options or {}, groups, stored=existing)
    return make_plan(CLUSTER, spec, stored_resource)
