"""Which commit Flux would check out: the reference resolved against the server's refs (ls-remote), and the
revision string Flux reports for it (`main@sha1:<id>`, `v1.2.0@sha1:<id>`, `sha1:<id>`)."""
import re
from dataclasses import dataclass, field
from typing import List, Optional

from . import wording
from .semver_range import SemverRange
from .source_errors import REF_NOT_FOUND, SEMVER_NO_MATCH, SourceError

HEADS, TAGS = b"refs/heads/", b"refs/tags/"
_HEX = re.compile(r"^[0-9a-f]{4,64}$")


@dataclass
class Resolution:
    label: str  # what Flux prints before "@sha1:" ("main", "v1.2.0"), or "" for a bare commit
    wants: List[bytes]  # objects to fetch
    commit: Optional[str] = None  # known commit id (branch tip, peeled tag), or None until fetched
    full_history: bool = False  # need the whole history (commit lookups, commit-on-branch)
    notes: List[str] = field(default_factory=list)

    def revision(self, commit):
        return f"{self.label}@sha1:{commit}" if self.label else f"sha1:{commit}"


def resolve(ref, remote):
    """ref: spec.GitRef; remote: transport.RemoteRefs. Raises SourceError when the reference does not exist."""
    if ref.commit and not ref.branch:
        return _bare_commit(ref.commit, remote)
    if ref.semver:
        return _semver(ref.semver, remote)
    if ref.tag:
        return _tag(ref.tag, remote)
    branch = ref.branch or "master"
    sha = remote.sha(HEADS + branch.encode())
    if sha is None:
        raise _missing("branch", branch, remote.names(HEADS), wording.current().branch)
    if ref.commit:
        _check_commit_text(ref.commit)
        return Resolution(branch, [sha], None, full_history=True)
    return Resolution(branch, [sha], sha.decode())


def _tag(tag, remote):
    name = TAGS + tag.encode()
    sha = remote.sha(name)
    if sha is None:
        raise _missing("tag", tag, remote.names(TAGS), wording.current().tag)
    return Resolution(tag, [sha], remote.peeled(name).decode() if remote.refs.get(name + b"^{}") else None)


def _semver(text, remote):
    tags = remote.names(TAGS)
    tag, version, ambiguous = SemverRange(text).newest(tags)
    if tag is None:
        shown = ", ".join(tags[-10:]) if tags else "none"
        raise SourceError(SEMVER_NO_MATCH, f"No tag matches {wording.current().semver} '{text}' (Flux: 'no match "
                          f"found for semver'). Tags on the server: {shown}.",
                          "Widen the range, or push a tag in it (full versions such as v1.2.3).")
    resolution = _tag(tag, remote)
    resolution.notes.append(f"{wording.current().semver} '{text}' picks tag '{tag}' (version {version}), the newest of "
                            f"{len(tags)} tag(s) in range.")
    if ambiguous:
        resolution.notes.append(f"Tags {', '.join([tag] + ambiguous)} are the same version; Flux may pick "
                                "another one of them.")
    return resolution


def _bare_commit(commit, remote):
    _check_commit_text(commit)
    wants = sorted({sha for name, sha in remote.refs.items()
                    if name.startswith((HEADS, TAGS)) and not name.endswith(b"^{}")})
    return Resolution("", wants, None, full_history=True)


def _check_commit_text(commit):
    if not _HEX.match(commit.lower()):
        raise SourceError(REF_NOT_FOUND, f"{wording.current().commit} '{commit}' is not a commit id.",
                          "Give the full 40-character id, e.g. from `git rev-parse HEAD`.")


def _missing(what, name, existing, option):
    shown = ", ".join(existing[:15]) + (" ..." if len(existing) > 15 else "") if existing else "none"
    return SourceError(REF_NOT_FOUND, f"The repository has no {what} '{name}' (Flux: 'couldn't find remote ref'). "
                       f"{what.capitalize()}es on the server: {shown}." if what == "branch" else
                       f"The repository has no {what} '{name}'. {what.capitalize()}s on the server: {shown}.",
                       f"Check {option} (names are case-sensitive), or push it first.")
