"""`flux export`: the stored configuration -> the apply file (``--format azure``) or Flux's own manifests
(``--format flux``). Never a secret: ARM does not return them, and write-only members are left out with a note."""
from azure.cli.core.azclierror import FileOperationError

from ..arm import wire_output
from ..flux.sources.table import PROTECTED
from .azure_shape import READ_ONLY
from .file_configuration import is_redacted

COLLECTION = "fluxConfigurations"
WITHHELD_NOTE = ("'{}' is write-only (the service does not return it) and is not exported: give it with its option "
                 "when applying the file elsewhere.")


def azure_document(found):
    """ARM JSON of a configuration -> (the apply document as `flux show` prints it, less read-only members and
    empty ones, notes)."""
    printed = wire_output.resource(found, COLLECTION)
    notes = []
    document = {}
    for key, value in printed.items():
        if key in READ_ONLY or key == PROTECTED:
            continue
        value = _without_empty(value, key, notes)
        if value is not None:
            document[key] = value
    for body in (document.get("kustomizations") or {}).values():
        body.pop("name", None)
    document.setdefault("kustomizations", {})
    return document, notes


def _without_empty(value, path, notes):
    if is_redacted(value):
        notes.append(WITHHELD_NOTE.format(path))
        return None
    if isinstance(value, dict):
        result = {}
        for key, item in value.items():
            item = _without_empty(item, f"{path}.{key}", notes)
            if item is not None:
                result[key] = item
        return result if result or path.count(".") == 1 and path.startswith("kustomizations.") else None
    return value


def dump(document, file=None):
    """YAML, or JSON when ``file`` ends in .json."""
    if file and str(file).lower().endswith(".json"):
        import json
        return json.dumps(document, indent=2) + "\n"
    import yaml
    return yaml.safe_dump(document, sort_keys=False, default_flow_style=False)


def write(file, text):
    try:
        with open(file, "w", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as error:
        raise FileOperationError(f"--file '{file}' cannot be written: {error}.", "Give a writable path.") from None


def flux_manifests(found):
    from . import flux_export
    return flux_export.manifests(found)
