"""Build one kustomization path at the checked-out revision, as kustomize-controller would: the path must exist;
without a kustomization.yaml one is generated (flux_generator); the local files are pre-checked (kustomize_files:
YAML errors with file and line, objects without kind or name, listed files that do not exist, remote bases);
then a real kustomize engine builds it when one is on PATH, else the YAML fallback stands in, saying what it
did not apply."""
import difflib
import os
import posixpath
import re

from .flux_generator import GENERATED_NOTE, generated_resources, write_generated
from .kustomize_files import KustomizeFiles, kustomization_file
from .manifests import objects_from_text
from .report import ERROR, INFO, WARNING, KustomizationResult, Problem

FALLBACK = "yaml fallback"


def normalize_path(path):
    """Flux's path, relative to the repository root: './apps/staging' -> 'apps/staging'; '' -> '.'."""
    text = (path or "").strip().replace("\\", "/")
    normalized = posixpath.normpath(text.lstrip("/")) if text else "."
    return normalized


def needs_generated_kustomization(root, spec):
    """The path exists and has no kustomization file: Flux generates one for it."""
    path = normalize_path(spec.path)
    directory = os.path.join(root, *path.split("/")) if path != "." else root
    return os.path.isdir(directory) and kustomization_file(directory) is None


def build_kustomization(root, spec, engine=None, revision=None, fallback_reason=None):
    """root: the checkout directory; spec: KustomizationSpec; engine: kustomize_engine.Engine, or None for the
    YAML fallback (`fallback_reason` says why, e.g. that no engine is on PATH)."""
    path = normalize_path(spec.path)
    result = KustomizationResult(spec.name, spec.path or "./")
    directory = os.path.join(root, *path.split("/")) if path != "." else root
    if path == ".." or path.startswith("../"):
        result.problems.append(Problem(ERROR, "path-outside", f"Path '{spec.path}' leaves the repository.",
                                       None))
        return result
    if not os.path.isdir(directory):
        result.problems.append(_path_not_found(root, spec.path, path, os.path.exists(directory), revision))
        return result
    files = KustomizeFiles(root)
    resources = None
    if kustomization_file(directory) is None:
        resources, whole_dirs = generated_resources(directory)
        result.problems.append(Problem(INFO, "generated-kustomization", GENERATED_NOTE.format(
            count=len(resources) - whole_dirs, dirs=whole_dirs)))
        walk = files.walk_generated(directory, resources)
    else:
        walk = files.walk(directory)
    result.problems.extend(walk.problems)
    if engine is None or walk.has_errors or walk.remote:
        _fallback(result, walk, engine, fallback_reason)
        return result
    if resources is not None:
        write_generated(directory, resources)
    try:
        ok, stdout, stderr = engine.build(directory)
    finally:
        if resources is not None:  # each kustomization builds from the pristine tree, as in Flux
            os.remove(os.path.join(directory, "kustomization.yaml"))
    result.builder = engine.label
    if not ok:
        result.problems.append(Problem(ERROR, "kustomize-build-failed",
                                       f"kustomize build failed: {_clean(stderr, root)}"))
        result.objects = walk.objects
        return result
    for line in _warnings(stderr, root):
        result.problems.append(Problem(WARNING, "kustomize-warning", f"kustomize: {line}"))
    objects, problems = objects_from_text(stdout)
    files_by_identity = {o.identity: o.file for o in walk.objects}
    result.objects = [_with_file(o, files_by_identity.get(o.identity)) for o in objects]
    result.problems.extend(problems)
    return result


def _fallback(result, walk, engine, reason):
    result.builder = FALLBACK
    result.objects = walk.objects
    if walk.has_errors and engine is not None:
        result.problems.append(Problem(INFO, "build-skipped", f"{engine.label} was not run because of the errors "
                                       "above; the objects listed come from the YAML files."))
        return
    if walk.remote and engine is not None:
        reason = "the kustomization uses remote resources, which are never fetched here"
    elif engine is not None:
        return
    applied = f" Not applied: {', '.join(walk.not_applied)}." if walk.not_applied else ""
    result.problems.append(Problem(INFO, "fallback-build", f"Built without kustomize because {reason}: objects "
                                   "come straight from the YAML files that resources: lists (namespace: applied); "
                                   f"patches, generators and other transformers were not applied.{applied}"))


def _with_file(obj, file):
    if file is None or obj.file:
        return obj
    from dataclasses import replace
    return replace(obj, file=file)


def _path_not_found(root, given, path, is_file, revision):
    """No ``file``: the message names the path already (a problem line would say it twice:
    "kustomization 'infra' infra: Path 'infra' ...")."""
    at = f" at revision {revision}" if revision else ""
    if is_file:
        return Problem(ERROR, "path-not-directory", f"Path '{given}' is a file{at}; a kustomization path must be "
                       "a directory (Flux: 'kustomization path not found').")
    directories = _directories(root)
    close = difflib.get_close_matches(path, directories, n=3, cutoff=0.6)
    hint = f" Did you mean: {', '.join('./' + c for c in close)}?" if close else \
        f" Top-level directories: {', '.join(d for d in directories if '/' not in d)[:300] or 'none'}."
    return Problem(ERROR, "path-not-found", f"Path '{given}' does not exist in the repository{at} (Flux: "
                   f"'kustomization path not found').{hint}")


def _directories(root):
    out = []
    for current, dirs, _files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        rel = os.path.relpath(current, root).replace(os.sep, "/")
        if rel != ".":
            out.append(rel)
    return out


def _clean(stderr, root):
    text = stderr.replace(os.path.realpath(root) + os.sep, "").replace(root + os.sep, "")
    text = re.sub(r"^Error: ", "", text.strip(), flags=re.M)
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("# Warning")]
    return " ".join(lines)[:1500] or "no message"


def _warnings(stderr, root):
    text = stderr.replace(os.path.realpath(root) + os.sep, "").replace(root + os.sep, "")
    return [ln.lstrip("# ").replace("Warning: ", "", 1) for ln in text.splitlines() if "Warning" in ln]
