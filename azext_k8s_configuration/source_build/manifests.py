"""Kubernetes YAML documents: parsed with their file and line, checked for what every object needs (kind,
apiVersion, metadata.name), and turned into KubeObject identities. `List` kinds are expanded as kustomize does."""
from .report import ERROR, KubeObject, Problem

CLUSTER_SCOPED_KINDS = frozenset((
    "Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "PersistentVolume",
    "StorageClass", "PriorityClass", "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration",
    "APIService", "IngressClass", "RuntimeClass", "CSIDriver", "CSINode", "VolumeAttachment", "Node",
    "VolumeSnapshotClass", "ClusterIssuer", "PodSecurityPolicy", "CertificateSigningRequest",
    "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding", "MutatingAdmissionPolicy",
    "MutatingAdmissionPolicyBinding", "FlowSchema", "PriorityLevelConfiguration", "ClusterPolicy",
    "ClusterSecretStore", "ClusterIssuer", "GatewayClass",
))


_LOADERS = {}


def yaml_loader(text):
    """A safe loader that reads booleans as YAML 1.2 does (only true/false), like kustomize's Go YAML: `name: off`
    is the string "off" there, not False."""
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    if base not in _LOADERS:
        import re

        loader = type("Yaml12BoolLoader", (base,), {})
        loader.yaml_implicit_resolvers = {
            first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
            for first, resolvers in base.yaml_implicit_resolvers.items()}
        loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                                     list("tTfF"))
        _LOADERS[base] = loader
    return _LOADERS[base](text)


def yaml_documents(text, file):
    """[(data, line)] of the non-empty documents of `text`, and a problem for the first YAML error."""
    import yaml

    documents = []
    loader = yaml_loader(text)
    try:
        while loader.check_node():
            node = loader.get_node()
            line = node.start_mark.line + 1 if node is not None else None
            data = loader.construct_document(node) if node is not None else None
            if data is not None:
                documents.append((data, line))
    except yaml.YAMLError as error:
        return documents, [yaml_problem(error, file)]
    finally:
        loader.dispose()
    return documents, []


def yaml_problem(error, file):
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    what = getattr(error, "problem", None) or str(error).splitlines()[0]
    context = getattr(error, "context", None)
    message = f"YAML error: {what}" + (f" ({context})" if context else "")
    return Problem(ERROR, "yaml-error", message, file, mark.line + 1 if mark is not None else None)


def objects_from_documents(documents, file, default_namespace=None):
    """KubeObjects of parsed documents, and problems for documents that are not Kubernetes objects."""
    objects, problems = [], []
    for data, line in documents:
        for item, item_line in _expand_lists(data, line):
            obj, problem = to_object(item, file, item_line, default_namespace)
            if problem:
                problems.append(problem)
            else:
                objects.append(obj)
    return objects, problems


def _expand_lists(data, line):
    if isinstance(data, dict) and str(data.get("kind", "")).endswith("List") and isinstance(data.get("items"), list):
        return [(item, line) for item in data["items"]]
    return [(data, line)]


def to_object(data, file, line=None, default_namespace=None):
    if not isinstance(data, dict):
        return None, Problem(ERROR, "not-an-object", f"A YAML document that is not a Kubernetes object "
                             f"(a {type(data).__name__}, not a mapping with apiVersion, kind, metadata).", file, line)
    metadata = data.get("metadata") if isinstance(data.get("metadata"), dict) else {}
    kind, api_version, name = data.get("kind"), data.get("apiVersion"), metadata.get("name")
    missing = [label for label, value in (("kind", kind), ("apiVersion", api_version), ("metadata.name", name))
               if not isinstance(value, str) or not value]
    if missing:
        return None, Problem(ERROR, "missing-field", f"A document without {' and '.join(missing)}: kustomize and "
                             "Flux refuse it (every object needs apiVersion, kind and metadata.name).", file, line)
    namespace = metadata.get("namespace") if isinstance(metadata.get("namespace"), str) else None
    if kind in CLUSTER_SCOPED_KINDS:
        namespace = None
    elif default_namespace:
        namespace = default_namespace  # kustomize's `namespace:` field overrides what the object says
    return KubeObject(api_version, kind, name, namespace, file, data), None


def objects_from_text(text, file=None):
    documents, problems = yaml_documents(text, file)
    objects, more = objects_from_documents(documents, file)
    return objects, problems + more
