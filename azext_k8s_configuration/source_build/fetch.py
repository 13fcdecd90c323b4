"""Fetch a git source as source-controller would and check the revision out into a directory."""
import os
import re
from dataclasses import dataclass, field
from typing import List

from . import wording
from .git_url import parse_git_url
from .refs import resolve
from .source_errors import COMMIT_NOT_ON_BRANCH, REF_NOT_FOUND, SourceError
from .transport import RemoteRefs, Transport


@dataclass
class Checkout:
    directory: str
    revision: str
    commit: str
    notes: List[str] = field(default_factory=list)
    host_keys_seen: str = ""  # known_hosts lines OpenSSH recorded when no known_hosts was given


class Fetcher:
    """Checkout = Fetcher(source, workdir, progress).checkout(); raises SourceError.

    One connection: the server's refs arrive with the fetch, the reference is resolved against them, and only
    what it needs is fetched (the tip alone, or the whole history when a commit must be found)."""

    def __init__(self, source, workdir, progress=None):
        self.source = source
        self.url = parse_git_url(source.url)
        self.workdir = workdir
        self.progress = progress or (lambda _message: None)
        scratch = os.path.join(workdir, "scratch")
        os.makedirs(scratch, mode=0o700, exist_ok=True)
        self.transport = Transport(self.url, source.auth, scratch, source.timeout_seconds)
        self.resolution = None
        self._pending = ""

    def host_keys_seen(self):
        return self.transport.recorded_host_keys()

    def _wants(self, refs):
        self.resolution = resolve(self.source.ref, RemoteRefs(refs))
        self.progress(f"Fetching {self.resolution.label or 'all branches and tags'} from {self.url.host_port}")
        return self.resolution.wants

    def checkout(self):
        from dulwich.repo import Repo

        self.progress(f"Connecting to {self.url.host_port}")
        repo = Repo.init_bare(os.path.join(self.workdir, "objects.git"), mkdir=True)
        try:
            self.transport.fetch(repo, self._wants, depth=None if self.source.ref.commit else 1,
                                 progress=self._server_progress)
            resolution = self.resolution
            commit = self._commit(repo, resolution)
            directory = os.path.join(self.workdir, "tree")
            os.makedirs(directory, exist_ok=True)
            from .checkout import write_tree
            notes = list(resolution.notes) + write_tree(repo, repo[commit.encode()].tree, directory, self.progress)
            return Checkout(directory, resolution.revision(commit), commit, notes, self.host_keys_seen())
        finally:
            repo.close()

    def _server_progress(self, data):
        """The server's progress messages arrive in pieces; pass on whole lines (ended by \r or \n)."""
        self._pending += data.decode("utf-8", "replace")
        *complete, self._pending = re.split(r"[\r\n]", self._pending)
        for line in complete:
            if line.strip():
                self.progress(line.strip())

    def _commit(self, repo, resolution):
        wanted = self.source.ref.commit
        if not wanted:
            return resolution.commit or _peel(repo, resolution.wants[0])
        commit = _find_commit(repo, wanted.lower())
        branch = self.source.ref.branch
        if commit is not None and branch and not _reachable(repo, resolution.wants[0].decode(), commit):
            commit = None
        if commit is None:
            if branch:
                raise SourceError(COMMIT_NOT_ON_BRANCH, f"Commit '{wanted}' is not on branch '{branch}' (Flux: "
                                  "'unable to resolve commit object').",
                                  f"Give the branch the commit is on, or {wording.current().commit} alone; push the "
                                  "commit first.")
            raise SourceError(REF_NOT_FOUND, f"Commit '{wanted}' is on no branch or tag of the repository (Flux: "
                              "'unable to resolve commit object').",
                              f"Check {wording.current().commit}: push the commit first, or give the full id.")
        return commit


def _peel(repo, sha):
    from dulwich.objects import Tag

    obj = repo[sha]
    while isinstance(obj, Tag):
        obj = repo[obj.object[1]]
    return obj.id.decode()


def _find_commit(repo, text):
    from dulwich.objects import Commit

    if len(text) in (40, 64):
        try:
            obj = repo[text.encode()]
        except KeyError:
            return None
        return obj.id.decode() if isinstance(obj, Commit) else None
    matches = {sha for sha in repo.object_store if sha.decode().startswith(text)}
    commits = [sha.decode() for sha in matches if isinstance(repo[sha], Commit)]
    return commits[0] if len(commits) == 1 else None


def _reachable(repo, tip, commit):
    seen, stack = set(), [tip]
    while stack:
        sha = stack.pop()
        if sha == commit:
            return True
        if sha in seen:
            continue
        seen.add(sha)
        try:
            parents = repo[sha.encode()].parents
        except KeyError:
            continue
        stack.extend(p.decode() for p in parents)
    return False
