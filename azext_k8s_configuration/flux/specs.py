"""What the flux model hands the handlers: the checked create spec and the update patch, with their warnings."""
from dataclasses import dataclass, field

from . import payload
from .sources.table import Change


@dataclass
class FluxCreateSpec:
    """Everything ``flux create`` sends. ``body`` is the PUT body; ``warnings`` are to be printed in order.

    ``source`` is the checked source of the chosen kind (a Change; its secrets are left out of repr)."""
    name: str
    scope: str
    namespace: str
    source: Change
    kustomizations: list
    suspend: bool = False
    warnings: list = field(default_factory=list)
    wait_for_reconciliation: bool = None
    reconciliation_wait_duration: int = None   # seconds

    @property
    def kind(self):
        return self.source.kind

    @property
    def body(self):
        return payload.create_body(self)


@dataclass
class FluxUpdateSpec:
    """``flux update``: ``patch`` is the PATCH body; ``needs_confirmation`` is a statement to confirm (the
    handler adds its own question), set when the source kind changes. ``patch`` may hold secrets: it is
    left out of repr (log ``payload.redact(spec.patch)`` instead)."""
    patch: dict = field(repr=False)
    warnings: list = field(default_factory=list)
    needs_confirmation: str = None


@dataclass
class KustomizationChange:
    """``flux kustomization create|update|delete``: ``patch`` is the PATCH body; ``warnings`` are to be printed
    before it is sent (depends_on problems already stored on the configuration, which the command leaves alone).
    On delete, ``dependents`` are the kustomizations that depended on the deleted one: the same PATCH removes it
    from their depends_on."""
    patch: dict
    warnings: list = field(default_factory=list)
    dependents: list = field(default_factory=list)
