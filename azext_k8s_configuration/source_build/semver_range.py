"""Semver ranges as Flux reads them (Masterminds/semver v3), evaluated by node-semver (the Python port of
npm's semver, which Masterminds' range rules follow).

Masterminds syntax accepted: comparisons `=`, `>`, `<`, `>=`, `<=` (and `=>`, `=<`), `~` (and `~>`), `^`,
x-ranges (`1.2.x`, `1.*`, `*`), hyphen ranges (`1.2 - 1.4.5`), AND by spaces or commas, OR by `||`, `v` prefixes.
Pre-releases: as in Masterminds, an OR-group that names a pre-release anywhere (e.g. `>=1.0.0-0 <2.0.0`) admits
pre-release tags for all its comparisons; other groups admit none.

Differences from Flux, each refused or said in the report: `!=` is not supported here (refused: use
`<X || >X`); tags must be full versions (`1.2.3`, `v1.2.3`) — Masterminds also reads `1.2` as `1.2.0`; two tags
of the same version (`v1.0.0` and `1.0.0`) are reported as ambiguous.
"""
import re

from . import wording
from .source_errors import SEMVER_INVALID, SourceError

_VERSION = r"[vV]?(?:[0-9]+|[xX*])(?:\.(?:[0-9]+|[xX*])){0,2}(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?"
_COMPARISON = re.compile(rf"(?P<op>>=|=>|<=|=<|~>|!=|[=<>~^])?\s*(?P<version>{_VERSION})")
_HYPHEN = re.compile(rf"^\s*(?P<low>{_VERSION})\s+-\s+(?P<high>{_VERSION})\s*$")
_ALIASES = {"=>": ">=", "=<": "<=", "~>": "~"}


class SemverRange:
    def __init__(self, text):
        self.text = text
        self.groups = [_parse_group(part, text) for part in text.split("||")]

    def newest(self, tags):
        """(newest tag in range, its version, other tags of that same version); (None, None, []) when none."""
        import nodesemver

        best = None
        ambiguous = []
        for tag in tags:
            parsed = _parse_version(tag)
            if parsed is None or not self._admits(parsed, nodesemver):
                continue
            if best is None or nodesemver.gt(parsed, best[1], loose=True):
                best, ambiguous = (tag, parsed), []
            elif nodesemver.eq(parsed, best[1], loose=True):
                ambiguous.append(tag)
        if best is None:
            return None, None, []
        return best[0], getattr(best[1], "version", str(best[1])), ambiguous

    def _admits(self, version, nodesemver):
        for npm_range, has_prerelease in self.groups:
            if nodesemver.satisfies(version, npm_range, loose=True, include_prerelease=has_prerelease):
                return True
        return False


def _parse_group(part, whole):
    hyphen = _HYPHEN.match(part)
    if hyphen:
        low, high = hyphen.group("low"), hyphen.group("high")
        return f"{_strip_v(low)} - {_strip_v(high)}", "-" in low.split("+")[0] or "-" in high.split("+")[0]
    text = part.replace(",", " ").strip()
    if not text:
        raise _invalid(whole, "an empty part between '||'")
    comparisons, position = [], 0
    for match in _COMPARISON.finditer(text):
        gap = text[position:match.start()]
        if gap.strip():
            raise _invalid(whole, f"'{gap.strip()}'")
        op = match.group("op") or ""
        if op == "!=":
            raise SourceError(SEMVER_INVALID, f"{wording.current().semver} '{whole}': '!=' is not supported here.",
                              "Write it as '<X || >X' (Flux reads both).")
        comparisons.append(_ALIASES.get(op, op) + _strip_v(match.group("version")))
        position = match.end()
    if text[position:].strip() or not comparisons:
        raise _invalid(whole, f"'{text[position:].strip() or text}'")
    has_prerelease = any("-" in c.split("+")[0].lstrip("<>=~^") for c in comparisons)
    return " ".join(comparisons), has_prerelease


def _strip_v(version):
    return version[1:] if version[:1] in ("v", "V") else version


def _parse_version(tag):
    import nodesemver

    text = _strip_v(tag)
    if not re.fullmatch(r"[0-9]+\.[0-9]+\.[0-9]+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?", text):
        return None
    try:
        return nodesemver.valid(text, loose=False)
    except (ValueError, TypeError):
        return None


def _invalid(whole, what):
    return SourceError(SEMVER_INVALID,
                       f"{wording.current().semver} '{whole}' is not a semver range: cannot read {what}.",
                       "Use Flux's range syntax, e.g. '>=1.0.0 <2.0.0', '^1.2', '~1.2.3', '1.x' or '>=1.0.0, <2.0.0'.")
