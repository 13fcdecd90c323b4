"""A kustomization.yaml for a path that has none, made as kustomize-controller makes it: every `.yaml`/`.yml`
file below the path, except that a subdirectory with its own kustomization file is taken as one resource and
not entered. Files must hold Kubernetes YAML (Flux: "failed to decode Kubernetes YAML from <file>")."""
import os

from .kustomize_files import KUSTOMIZATION_FILES, kustomization_file

GENERATED_NOTE = ("No kustomization.yaml at this path: Flux generates one that takes every .yaml/.yml file "
                  "below it ({count} file(s), {dirs} kustomization director(ies)); so does this check.")


def generated_resources(directory):
    """Resources (relative to `directory`, sorted as a directory walk finds them) and the number of subdirectories
    taken whole. Hidden entries are walked too, as Flux does; source-controller already left out ignored files."""
    resources, whole_dirs = [], 0
    for current, dirs, files in os.walk(directory):
        dirs.sort()
        if current != directory and kustomization_file(current):
            resources.append(os.path.relpath(current, directory).replace(os.sep, "/"))
            whole_dirs += 1
            dirs[:] = []
            continue
        for name in sorted(files):
            if name.endswith((".yaml", ".yml")) and not (current == directory and name in KUSTOMIZATION_FILES):
                resources.append(os.path.relpath(os.path.join(current, name), directory).replace(os.sep, "/"))
    return resources, whole_dirs


def write_generated(directory, resources):
    """Write the generated kustomization.yaml into `directory` (a checkout)."""
    import yaml

    spec = {"apiVersion": "kustomize.config.k8s.io/v1beta1", "kind": "Kustomization", "resources": resources}
    with open(os.path.join(directory, "kustomization.yaml"), "w", encoding="utf-8") as f:
        yaml.safe_dump(spec, f, sort_keys=False)
