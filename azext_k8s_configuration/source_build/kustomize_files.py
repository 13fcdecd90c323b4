"""The files a kustomization reads, followed locally: `resources`/`bases`/`components` entries (files or
directories with their own kustomization file), and the files named by patches and generators. This is the
YAML fallback build (objects straight from the documents, kustomize's `namespace:` applied, nothing else), and
the pre-check that runs before a real kustomize build to name files and lines that kustomize would not.

Remote entries (URLs, `github.com/...`, `git@...`) are never fetched: they are reported as not fetched."""
import os
import re
from dataclasses import dataclass, field
from typing import List

from .manifests import objects_from_documents, yaml_documents, yaml_loader
from .report import ERROR, INFO, KubeObject, Problem

KUSTOMIZATION_FILES = ("kustomization.yaml", "kustomization.yml", "Kustomization")
ENTRY_LISTS = ("resources", "bases", "components")
NOT_APPLIED = ("patches", "patchesStrategicMerge", "patchesJson6902", "configMapGenerator", "secretGenerator",
               "generators", "transformers", "validators", "images", "replicas", "namePrefix", "nameSuffix",
               "commonLabels", "labels", "commonAnnotations", "replacements", "vars", "helmCharts",
               "sortOptions", "buildMetadata", "openapi", "crds", "configurations")
_REMOTE = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|git@|git::|(?:github\.com|gitlab\.com|bitbucket\.org)/)", re.I)
_HOSTLIKE = re.compile(r"^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/[^ ]+(?:\?ref=|//|\.git)")


def kustomization_file(directory):
    for name in KUSTOMIZATION_FILES:
        path = os.path.join(directory, name)
        if os.path.isfile(path):
            return path
    return None


def is_remote(entry):
    return bool(_REMOTE.match(entry) or _HOSTLIKE.match(entry))


@dataclass
class Walk:
    objects: List[KubeObject] = field(default_factory=list)
    problems: List[Problem] = field(default_factory=list)
    remote: List[str] = field(default_factory=list)
    not_applied: List[str] = field(default_factory=list)  # kustomization fields the fallback does not apply

    @property
    def has_errors(self):
        return any(p.severity == ERROR for p in self.problems)


class KustomizeFiles:
    """walk = KustomizeFiles(root).walk(directory): root is the checkout (nothing outside it is read); paths are
    taken as given (resolved once, at the root), not resolved file by file."""

    def __init__(self, root):
        self.root = os.path.realpath(root)

    def rel(self, path):
        return os.path.relpath(path, self.root).replace(os.sep, "/")

    def walk(self, directory):
        result = Walk()
        self._directory(os.path.realpath(directory), result, stack=())
        return result

    def walk_generated(self, directory, resources):
        """The walk of the kustomization Flux generates for a directory without one (flux_generator)."""
        result = Walk()
        directory = os.path.realpath(directory)
        for entry in resources:
            self._entry(directory, os.path.join(directory, "kustomization.yaml"), entry, None, result,
                        (directory,), None)
        return result

    # -- one kustomization directory -------------------------------------------------------------------------
    def _directory(self, directory, result, stack, namespace=None):
        kfile = kustomization_file(directory)
        if kfile is None:
            result.problems.append(Problem(ERROR, "no-kustomization", f"'{self.rel(directory)}' is listed as a "
                                           "resource but has no kustomization.yaml (kustomize needs one in every "
                                           "directory it is given).", self.rel(directory)))
            return
        if directory in stack:
            result.problems.append(Problem(ERROR, "resource-cycle", "Kustomizations include each other in a "
                                           f"cycle: {' -> '.join(self.rel(d) for d in stack + (directory,))}.",
                                           self.rel(kfile)))
            return
        spec, lines = self._read_kustomization(kfile, result)
        if spec is None:
            return
        own_namespace = spec.get("namespace") if isinstance(spec.get("namespace"), str) else None
        effective = namespace or own_namespace  # an outer kustomization's namespace wins
        for key in NOT_APPLIED:
            if spec.get(key) and key not in result.not_applied:
                result.not_applied.append(key)
        self._check_named_files(directory, kfile, spec, lines, result)
        for key in ENTRY_LISTS:
            for entry, line in _entries(spec.get(key), lines.get(key)):
                self._entry(directory, kfile, entry, line, result, stack + (directory,), effective)

    def _read_kustomization(self, kfile, result):
        rel = self.rel(kfile)
        text = _read_text(kfile)
        documents, problems = yaml_documents(text, rel)
        if problems:
            result.problems.extend(problems)
            return None, {}
        spec = documents[0][0] if documents else {}
        if not isinstance(spec, dict):
            result.problems.append(Problem(ERROR, "bad-kustomization", "kustomization.yaml is not a mapping.", rel, 1))
            return None, {}
        return spec, _entry_lines(text)

    def _entry(self, directory, kfile, entry, line, result, stack, namespace):
        rel_k = self.rel(kfile)
        if not isinstance(entry, str) or not entry.strip():
            result.problems.append(Problem(ERROR, "bad-resource", f"A resources entry that is not a path: {entry!r}.",
                                           rel_k, line))
            return
        target = _resolved(directory, entry)
        if not os.path.exists(target) and is_remote(entry):
            result.remote.append(entry)
            result.problems.append(Problem(INFO, "remote-not-fetched", f"Remote resource '{entry}' was not fetched "
                                           "(validate never fetches remote bases): its objects are not checked.",
                                           rel_k, line))
            return
        if not _inside(target, self.root):
            result.problems.append(Problem(ERROR, "outside-repository", f"Resource '{entry}' points outside the "
                                           "repository; Flux builds only from the repository's content.", rel_k, line))
            return
        if not os.path.exists(target):
            result.problems.append(Problem(ERROR, "resource-not-found", f"Resource '{entry}' listed in "
                                           f"{os.path.basename(kfile)} does not exist (kustomize fails the "
                                           "whole build).", rel_k, line))
            return
        if os.path.isdir(target):
            self._directory(target, result, stack, namespace)
        else:
            self._file(target, result, namespace)

    def _file(self, path, result, namespace):
        rel = self.rel(path)
        documents, problems = yaml_documents(_read_text(path), rel)
        objects, more = objects_from_documents(documents, rel, namespace)
        result.objects.extend(objects)
        result.problems.extend(problems + more)

    def _check_named_files(self, directory, kfile, spec, lines, result):
        """Files that patches and generators name must exist (kustomize fails the build otherwise)."""
        rel_k = self.rel(kfile)
        for key, path in _named_files(spec):
            full = _resolved(directory, path)
            if not os.path.isfile(full):
                result.problems.append(Problem(ERROR, "file-not-found", f"'{path}' named in {key} does not exist "
                                               "(kustomize fails the whole build).", rel_k, lines.get(key)))


def _named_files(spec):
    for key in ("patchesStrategicMerge",):
        for entry in spec.get(key) or []:
            if isinstance(entry, str) and "\n" not in entry and entry.endswith((".yaml", ".yml", ".json")):
                yield key, entry
    for key in ("patches", "patchesJson6902"):
        for entry in spec.get(key) or []:
            if isinstance(entry, dict) and isinstance(entry.get("path"), str):
                yield key, entry["path"]
    for key in ("configMapGenerator", "secretGenerator"):
        for generator in spec.get(key) or []:
            if not isinstance(generator, dict):
                continue
            for source in (generator.get("files") or []) + (generator.get("envs") or []) + \
                    ([generator["env"]] if isinstance(generator.get("env"), str) else []):
                if isinstance(source, str):
                    yield key, source.split("=", 1)[-1]


def _entries(values, lines):
    if not isinstance(values, list):
        return []
    lines = lines or []
    return [(value, lines[i] if i < len(lines) else None) for i, value in enumerate(values)]


def _entry_lines(text):
    """{key: [line of each list item]} for top-level list keys, and {key: line} of the other keys."""
    import yaml

    out = {}
    try:
        loader = yaml_loader(text)
        node = loader.get_single_node()
        loader.dispose()
    except yaml.YAMLError:
        return out
    if not isinstance(node, yaml.MappingNode):
        return out
    for key_node, value_node in node.value:
        key = key_node.value
        if key in ENTRY_LISTS and isinstance(value_node, yaml.SequenceNode):
            out[key] = [item.start_mark.line + 1 for item in value_node.value]
        else:
            out[key] = key_node.start_mark.line + 1
    return out


def _resolved(directory, entry):
    """The path an entry names. Normalised without asking the file system for each one (a checkout has no link
    that leaves the repository: checkout.py does not write them); a link inside it is followed."""
    target = os.path.normpath(os.path.join(directory, entry))
    return os.path.realpath(target) if os.path.islink(target) else target


def _read_text(path):
    with open(path, "rb") as f:
        return f.read().decode("utf-8", "replace")


def _inside(path, root):
    return path == root or path.startswith(root + os.sep)
