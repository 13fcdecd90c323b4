"""FILE -> FileConfiguration, whichever of the two shapes it holds (REFERENCE.md §12)."""
from azure.cli.core.azclierror import InvalidArgumentValueError

from . import azure_shape, documents


def read_file(path, ignore_unsupported=False):
    """Read FILE ('-' = stdin): the `flux show` shape (one document) or Flux's own manifests."""
    return read_documents(documents.load(path), ignore_unsupported)


def read_documents(docs, ignore_unsupported=False):
    for document in docs:
        if not isinstance(document.data, dict):
            raise InvalidArgumentValueError(f"{document.where()}: a document must be an object (a mapping).",
                                            "Give the configuration as `flux show -o yaml` prints it, or Flux "
                                            "manifests.")
    if any(not azure_shape.looks_like(document.data) for document in docs):
        from . import flux_shape
        return flux_shape.read(docs, ignore_unsupported)
    if len(docs) > 1:
        raise InvalidArgumentValueError(
            f"{docs[1].where()}: the file holds {len(docs)} configurations; `flux apply` applies one.",
            "Give one configuration per file (or Flux manifests with one source).")
    return azure_shape.read(docs[0])
