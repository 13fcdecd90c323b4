"""Write a commit's tree into a directory, as source-controller's artifact holds it: ignored files left out,
submodules not fetched, symbolic links kept only when they stay inside the repository."""
import os
import posixpath
import stat

from .sourceignore import SourceIgnore

_GITLINK = 0o160000


def write_tree(repo, tree_id, directory, progress=None):
    """Returns notes (list of str) about what was not written."""
    store = repo.object_store
    entries = [(e.path.decode("utf-8", "surrogateescape"), e.mode, e.sha)
               for e in store.iter_tree_contents(tree_id)]
    ignore = SourceIgnore(lambda path: _blob(repo, entries, path), [p for p, _, _ in entries])
    notes, submodules, links = [], [], []
    written = 0
    for path, mode, sha in entries:
        if mode == _GITLINK:
            submodules.append(path)
            continue
        if ignore.ignored(path):
            continue
        target = os.path.join(directory, *path.split("/"))
        os.makedirs(os.path.dirname(target), exist_ok=True)
        data = repo[sha].data
        if stat.S_ISLNK(mode):
            if not _link_inside(path, data) or not _symlink(data, target):
                links.append(path)
            continue
        with open(target, "wb") as f:
            f.write(data)
        written += 1
        if progress and written % 500 == 0:
            progress(f"Checked out {written} files")
    if submodules:
        notes.append(f"Submodules not fetched (Flux fetches them only with recurseSubmodules, which the "
                     f"configuration cannot set): {', '.join(submodules[:5])}.")
    if links:
        notes.append(f"Symbolic links that leave the repository were not followed: {', '.join(links[:5])}.")
    return notes


def _blob(repo, entries, path):
    for entry_path, _mode, sha in entries:
        if entry_path == path:
            return repo[sha].data
    return b""


def _link_inside(path, target):
    text = target.decode("utf-8", "surrogateescape")
    if posixpath.isabs(text):
        return False
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), text))
    return not resolved.startswith("../") and resolved != ".."


def _symlink(data, target):
    try:
        os.symlink(data.decode("utf-8", "surrogateescape"), target)
        return True
    except (OSError, NotImplementedError):
        return False
