"""Flux's own manifests -> FileConfiguration: exactly one source (GitRepository, OCIRepository or Bucket;
source.toolkit.fluxcd.io v1 or v1beta2) and the Kustomizations (kustomize.toolkit.fluxcd.io v1 or v1beta2) whose
sourceRef names it, as `flux create source git --export`, `flux create kustomization --export` and `flux bootstrap`
write them.

Each field maps to the `flux create` option it means; a field the Azure API cannot express is refused with its
document, line and why (``ignore_unsupported``: dropped, one warning each). Other kinds are skipped with a note;
a Secret's data is never read.
"""
from collections import Counter

from azure.cli.core.azclierror import InvalidArgumentValueError

from . import kustomization_fields
from .documents import QUOTE_IT, is_unquoted_scalar
from .file_configuration import FileConfiguration
from .flux_export import PROTECTED_SECRET

SOURCE_GROUP, KUSTOMIZE_GROUP = "source.toolkit.fluxcd.io", "kustomize.toolkit.fluxcd.io"
VERSIONS = ("v1", "v1beta2")
AZURE_CANNOT = "the Azure API (fluxConfigurations 2025-04-01) has no member for it"


def _name_of(value):
    return value.get("name") if isinstance(value, dict) else value


# Source kind -> (--kind, {Flux spec field (dotted): option key}); fields absent here are refused.
SOURCES = {
    "GitRepository": ("git", {
        "url": "url", "ref.branch": "branch", "ref.tag": "tag", "ref.semver": "semver", "ref.commit": "commit",
        "interval": "sync_interval", "timeout": "timeout", "secretRef": "local_auth_ref", "provider": "provider",
    }),
    "OCIRepository": ("oci", {
        "url": "url", "ref.tag": "tag", "ref.semver": "semver", "ref.digest": "digest",
        "interval": "sync_interval", "timeout": "timeout", "secretRef": "local_auth_ref",
        "serviceAccountName": "service_account_name", "insecure": "oci_insecure",
        "layerSelector.mediaType": "oci_media_type", "layerSelector.operation": "oci_operation",
        "verify.provider": "verification_provider", "verify.matchOIDCIdentity": "match_oidc_identity",
    }),
    "Bucket": ("bucket", {
        "bucketName": "bucket_name", "endpoint": "url", "insecure": "bucket_insecure",
        "interval": "sync_interval", "timeout": "timeout", "secretRef": "local_auth_ref",
    }),
}
# Values only some of which the API can express: field -> allowed values
_ONLY = {("OCIRepository", "provider"): ("generic",), ("Bucket", "provider"): ("generic",)}
_WHY = {
    "GitRepository": {"verify": "commit signature verification", "ignore": "custom .sourceignore patterns",
                      "include": "including other GitRepositories", "recurseSubmodules": "git submodules",
                      "ref.name": "a full git reference name", "proxySecretRef": "a proxy",
                      "sparseCheckout": "sparse checkout"},
    "OCIRepository": {"certSecretRef": "TLS material from a Secret (give --tls-* options instead)",
                      "verify.secretRef": "verification keys from a Secret (give --verification-config instead)",
                      "ref.semverFilter": "a semver filter"},
    "Bucket": {"region": "a bucket region", "prefix": "an object prefix", "sts": "STS credentials",
               "certSecretRef": "TLS material from a Secret"},
}
KUSTOMIZATION_WHY = {
    "targetNamespace": "a target namespace", "patches": "patches", "images": "image overrides",
    "healthChecks": "health checks", "serviceAccountName": "impersonation", "decryption": "SOPS decryption",
    "components": "kustomize components", "commonMetadata": "common metadata", "namePrefix": "a name prefix",
    "nameSuffix": "a name suffix", "kubeConfig": "a remote cluster", "suspend": "suspending one kustomization "
    "(suspend is the configuration's)", "deletionPolicy": "a deletion policy",
}


class _Reader:
    def __init__(self, ignore_unsupported):
        self.ignore = ignore_unsupported
        self.unsupported = []   # (document, path, field, why)
        self.notes = []

    def unsupported_field(self, document, path, why):
        self.unsupported.append((document, path, why))


def read(docs, ignore_unsupported=False):
    reader = _Reader(ignore_unsupported)
    sources, kustomizations, skipped = [], [], Counter()
    for document in docs:
        data = document.data
        api, kind = str(data.get("apiVersion") or ""), data.get("kind")
        group, _, version = api.partition("/")
        if group == SOURCE_GROUP and kind in SOURCES:
            _check_version(document, api, version)
            sources.append(document)
        elif group == KUSTOMIZE_GROUP and kind == "Kustomization":
            _check_version(document, api, version)
            kustomizations.append(document)
        elif kind == "Secret":
            name = (data.get("metadata") or {}).get("name")
            reader.notes.append(f"{document.where()}: Secret '{name}' skipped (its data is neither read nor shown).")
        elif not ("apiVersion" in data and "kind" in data):
            _refuse(document, (), "a document that is neither a Kubernetes manifest nor a flux configuration.",
                    "Give Flux manifests only, or the configuration as `flux show -o yaml` prints it, alone.")
        else:
            skipped[kind or "(no kind)"] += 1
    if skipped:
        reader.notes.append("Skipped (not a source or Kustomization): " + ", ".join(
            f"{count} {kind}" for kind, count in sorted(skipped.items())) + ".")
    if not sources:
        raise InvalidArgumentValueError(
            f"{docs[0].source}: no GitRepository, OCIRepository or Bucket ({SOURCE_GROUP}/v1 or v1beta2).",
            "Add the source the Kustomizations reconcile (e.g. `flux create source git NAME --export`).")
    if len(sources) > 1:
        names = ", ".join(f"{_kind(d)} '{_meta(d, 'name')}' ({d.where()})" for d in sources)
        raise InvalidArgumentValueError(f"The file holds several sources: {names}; a flux configuration has "
                                        "exactly one.", "Apply one source and its Kustomizations per file.")
    config = _source(reader, sources[0])
    for document in kustomizations:
        _kustomization(reader, document, sources[0], config)
    if reader.unsupported:
        lines = [f"{d.where(path)}: {_kind(d)} '{_meta(d, 'name')}' {'.'.join(map(str, path))} ({why})"
                 for d, path, why in reader.unsupported]
        if not reader.ignore:
            raise InvalidArgumentValueError(
                "The Azure API cannot express these fields:\n  " + "\n  ".join(lines),
                "Remove them, or pass --ignore-unsupported to drop them (one warning each).")
        reader.notes.extend(f"Dropped (--ignore-unsupported): {line}" for line in lines)
    config.notes = reader.notes
    return config


def _check_version(document, api, version):
    if version not in VERSIONS:
        _refuse(document, ("apiVersion",), f"apiVersion '{api}' is not supported.",
                f"Use {api.partition('/')[0]}/v1 (or v1beta2).")


def _kind(document):
    return document.data.get("kind")


def _meta(document, key):
    return (document.data.get("metadata") or {}).get(key)


def _source(reader, document):
    kind = _kind(document)
    option_kind, fields = SOURCES[kind]
    name = _meta(document, "name")
    if not name:
        _refuse(document, ("metadata",), f"the {kind} has no metadata.name.", "Name it (it names the "
                "configuration unless --name is given).")
    config = FileConfiguration(name=str(name), where=document.where())
    config.options["kind"] = option_kind
    config.options["namespace"] = _meta(document, "namespace") or "default"
    config.members["namespace"] = "metadata.namespace"  # scope: not a Flux field, so the stored one (or cluster)
    spec = document.data.get("spec") or {}
    if not isinstance(spec, dict):
        _refuse(document, ("spec",), "spec must be an object.", "Write the manifest as Flux documents it.")
    for path, value in _leaves(spec):
        dotted = ".".join(path)
        member = "spec." + dotted
        if value is None:
            continue
        if dotted == "suspend":
            config.options["suspend"] = value
            config.members["suspend"] = member
        elif dotted == "provider" and (kind, "provider") in _ONLY:
            if str(value).lower() not in _ONLY[(kind, "provider")]:
                reader.unsupported_field(document, ("spec",) + path, f"provider '{value}': {AZURE_CANNOT}")
        elif dotted == "secretRef" and _name_of(value) == PROTECTED_SECRET.format(name):
            reader.notes.append(f"{document.where(('spec', 'secretRef'))}: secretRef '{_name_of(value)}' is the "
                                "Secret microsoft.flux keeps the configuration's credentials in: they are kept when "
                                "the configuration exists, or given as options (e.g. --https-user/--https-key).")
        elif _field_of(fields, path):
            field = _field_of(fields, path)
            option = fields[field]
            value = _value(kind, field, option, spec)
            if is_unquoted_scalar(value) and not _is_switch(option):
                _refuse(document, ("spec",) + tuple(field.split(".")), f"'{field}' is {value!r}, not text.", QUOTE_IT)
            config.options[option] = value
            config.members[option] = "spec." + field
        else:
            top = next((key for key in _WHY[kind] if dotted == key or dotted.startswith(key + ".")), None)
            why = _WHY[kind].get(top) if top else None
            reader.unsupported_field(document, ("spec",) + path, f"{why + ': ' if why else ''}{AZURE_CANNOT}")
    return config


def _field_of(fields, path):
    """The mapped field that holds ``path`` (secretRef.name is held by secretRef; lists are one field)."""
    for length in range(len(path), 0, -1):
        dotted = ".".join(path[:length])
        if dotted in fields:
            return dotted
    return None


def _value(kind, field, option, spec):
    node = spec
    for key in field.split("."):
        node = node.get(key)
    if field == "secretRef":
        return _name_of(node)
    if kind == "Bucket" and field == "endpoint":
        scheme = "http://" if spec.get("insecure") else "https://"
        return node if "://" in str(node) else scheme + str(node)
    if option == "provider":
        return str(node).lower()
    if option == "match_oidc_identity":
        import json
        return json.dumps(node)
    return node


_WHOLE = ("secretRef", "sourceRef", "substitute")


def _leaves(node, prefix=()):
    """(path, value) of every scalar or list in a spec (the objects of _WHOLE are taken whole)."""
    for key, value in node.items():
        path = prefix + (str(key),)
        if isinstance(value, dict) and value and key not in _WHOLE:
            yield from _leaves(value, path)
        else:
            yield path, value


def _in_cluster_name(name, config_name):
    """microsoft.flux names a kustomization's object {config}-{kustomization}: the file's name without that prefix
    (a name without it is taken as it is)."""
    prefix = f"{config_name}-"
    return name[len(prefix):] if name.startswith(prefix) and len(name) > len(prefix) else name


def _kustomization(reader, document, source, config):
    spec = document.data.get("spec") or {}
    name = _meta(document, "name")
    if not name or not isinstance(spec, dict):
        _refuse(document, ("metadata",), "a Kustomization needs metadata.name and a spec.", "Complete it.")
    ref = spec.get("sourceRef") or {}
    namespace = _meta(document, "namespace") or "default"
    ref_namespace = ref.get("namespace") or namespace
    source_namespace = config.options["namespace"]
    if (ref.get("kind") != _kind(source) or ref.get("name") != _meta(source, "name")
            or ref_namespace != source_namespace or namespace != source_namespace):
        _refuse(document, ("spec", "sourceRef"), f"Kustomization '{name}' reconciles {ref.get('kind')} "
                f"'{ref_namespace}/{ref.get('name')}', not the file's {_kind(source)} "
                f"'{source_namespace}/{_meta(source, 'name')}' (in its namespace).",
                "A flux configuration has one source: its Kustomizations must reference it, in its namespace.")
    kustomization = _in_cluster_name(str(name), config.name)
    tokens = [f"name={kustomization}"]
    for path, value in _leaves(spec):
        dotted = ".".join(path)
        if value is None or dotted == "sourceRef":
            continue
        if dotted == "suspend" and bool(value) == bool(config.options.get("suspend")):
            continue  # as microsoft.flux writes it: every object of a suspended configuration is suspended
        if dotted == "dependsOn":
            tokens.append("depends_on=" + _depends_on(document, value, source_namespace, config.name))
        elif dotted in kustomization_fields.FLUX:
            key, text = kustomization_fields.FLUX[dotted]
            tokens.append(f"{key}={text(value)}")
        else:
            top = next((key for key in KUSTOMIZATION_WHY if dotted == key or dotted.startswith(key + ".")), None)
            why = KUSTOMIZATION_WHY.get(top)
            reader.unsupported_field(document, ("spec",) + path, f"{why + ': ' if why else ''}{AZURE_CANNOT}")
    if kustomization in config.kustomizations:
        _refuse(document, ("metadata", "name"), f"kustomization '{kustomization}' is given twice.",
                "Give each Kustomization once.")
    config.kustomizations[kustomization] = tokens


def _depends_on(document, value, namespace, config_name):
    import json
    names = []
    for i, item in enumerate(value if isinstance(value, list) else [value]):
        if not isinstance(item, dict) or not item.get("name"):
            _refuse(document, ("spec", "dependsOn", i), "each dependsOn entry needs a name.", "Write - name: NAME.")
        if (item.get("namespace") or namespace) != namespace:
            _refuse(document, ("spec", "dependsOn", i), f"dependsOn '{item.get('namespace')}/{item['name']}' is in "
                    "another namespace: a kustomization of a flux configuration can depend only on its siblings.",
                    "Depend on Kustomizations of this file.")
        names.append(_in_cluster_name(str(item["name"]), config_name))
    return json.dumps(names)


def _refuse(document, path, message, recommendation):
    raise InvalidArgumentValueError(f"{document.where(path)}: {message}", recommendation)


def _is_switch(option):
    """The option is a true/false switch of a source kind (e.g. insecure): a YAML boolean is its value."""
    from ..flux.sources.kinds import cli_rows
    return any(row.key == option and row.switch for row in cli_rows())
