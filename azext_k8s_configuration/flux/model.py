"""Flux configurations as plain data built from command options; every input rule is checked in the modules below.

Handlers call ``build_create_spec``, ``build_update_patch`` and the ``kustomization_*_patch`` functions,
print ``.warnings`` and send ``.body`` / ``.patch``; the JSON itself comes from ``payload.py``.

This module is the facade (the public API, ``__all__``); the work is done in: ``options`` (kinds and option
vocabulary), ``sources/`` (one module per source kind: its table and its create and update rules),
``kustomization_settings`` (the table of kustomization settings), ``kustomization_args`` (-k), ``create`` (flux
create), ``update`` (flux update) and ``kustomization_patches`` (flux kustomization create/update/delete).
"""
from .create import DEFAULT_KUSTOMIZATION, DEFAULT_KUSTOMIZATION_WARNING, build_create_spec, prune_notice
from .kustomization_args import VALIDATION_IGNORED_WARNING, Kustomization
from .kustomization_patches import (
    check_kustomization_options,
    kustomization_create_patch,
    kustomization_delete_patch,
    kustomization_update_patch,
)
from .payload import read_existing
from .sources.git import DEFAULT_BRANCH_WARNING, HTTPS_WITHOUT_AUTH_WARNING
from .specs import FluxCreateSpec, FluxUpdateSpec
from .update import build_update_patch, check_update_options

__all__ = [
    "FluxCreateSpec", "FluxUpdateSpec", "Kustomization", "build_create_spec", "build_update_patch",
    "check_update_options", "check_kustomization_options", "kustomization_create_patch",
    "kustomization_update_patch", "kustomization_delete_patch", "read_existing", "prune_notice",
    "HTTPS_WITHOUT_AUTH_WARNING", "DEFAULT_BRANCH_WARNING", "DEFAULT_KUSTOMIZATION", "DEFAULT_KUSTOMIZATION_WARNING",
    "VALIDATION_IGNORED_WARNING",
]  # the public API (handlers and tests import these from here)
