"""Helpers for the build tests: a repository tree written from a dict, and the two build paths."""
import os

import pytest

from azext_k8s_configuration.source_build.engine import KUSTOMIZE, YAML, validate_directory
from azext_k8s_configuration.source_build.spec import KustomizationSpec

BOTH_BUILDERS = pytest.mark.parametrize("builder", [KUSTOMIZE, YAML])  # the real engine must be there: no skip

NS = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {name}\n"
CM = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\n  namespace: {ns}\ndata:\n  key: {value}\n"
KUSTOMIZATION = "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n{entries}"


def kustomization(*entries, extra=""):
    return KUSTOMIZATION.format(entries="".join(f"  - {e}\n" for e in entries)) + extra


def tree(root, files):
    for path, text in files.items():
        full = os.path.join(str(root), *path.split("/"))
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w", encoding="utf-8") as f:
            f.write(text)
    return str(root)


def validate(root, builder, *specs):
    specs = [s if isinstance(s, KustomizationSpec) else KustomizationSpec(*s) for s in specs]
    return validate_directory(str(root), specs, builder=builder)


def problems(report, code=None, severity=None):
    return [p for p in report.all_problems()
            if (code is None or p.code == code) and (severity is None or p.severity == severity)]


def object_labels(result):
    return sorted(o.label() for o in result.objects)
