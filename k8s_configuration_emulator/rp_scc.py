"""sourceControlConfigurations (Flux v1, legacy): synchronous create/get/list/delete, no LRO."""
from . import rp
from .common import now_iso
from .errors import ArmError
from .providers import SCC_API_VERSIONS
from .registry import ResourceType
from .schema import validate_request

KIND = "sourceControlConfiguration"
TYPE = "Microsoft.KubernetesConfiguration/sourceControlConfigurations"


def missing(target):
    """A Flux v1 configuration that does not exist on an existing cluster."""
    return ArmError(404, "ResourceNotFound", "The Resource '{}/{}' under cluster '{}' was not found."
                    .format(TYPE, target.name, target.cluster.body["name"]))


def put(ctx, req, target):
    record = ctx.store.get(target.path_id)
    body = validate_request("sourceControlConfigurations", "PUT", req.body)
    props = body.get("properties")
    if not isinstance(props, dict) or not props.get("repositoryUrl"):
        raise ArmError(400, "InvalidRequestContent", "'properties.repositoryUrl' is required.")
    secrets = props.pop("configurationProtectedSettings", None) or {}
    rid = record.body["id"] if record else target.path_id
    props.setdefault("operatorNamespace", "default")
    props.setdefault("operatorInstanceName", rid.rsplit("/", 1)[1])
    props.setdefault("operatorType", "Flux")
    props.setdefault("operatorScope", "cluster")
    props.setdefault("operatorParams", "--git-readonly")
    props.setdefault("enableHelmOperator", False)
    props["repositoryPublicKey"] = ""
    props["provisioningState"] = "Succeeded"
    props["complianceStatus"] = {"complianceState": "Installed", "lastConfigApplied": now_iso(),
                                 "message": "{\"OperatorMessage\":null,\"ClusterState\":null}",
                                 "messageLevel": "Information"}
    new = {"id": rid, "name": rid.rsplit("/", 1)[1], "type": TYPE,
           "systemData": rp.system_data(record.body.get("systemData") if record else None), "properties": props}
    ctx.store.put(rid, target.collection_id, KIND, new, secrets)
    return (200 if record else 201), new, {}


def delete(ctx, _req, target):
    record = ctx.store.get(target.path_id)
    if record is None:
        return 204, None, {}
    ctx.store.delete(record.body["id"])
    return 200, None, {}


RESOURCE = ResourceType("sourceControlConfigurations", SCC_API_VERSIONS, kind=KIND, missing=missing, put=put,
                        delete=delete)
