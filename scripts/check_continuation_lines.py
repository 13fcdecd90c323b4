"""Continuation lines aligned with their opening bracket (pycodestyle's E127/E128), which ruff does not check.

ruff (0.17, see ruff.toml) implements none of pycodestyle's E12x continuation-line rules, even in preview, and
``ruff format`` would rewrite every file of the tree. After a rename (``raw_request`` -> ``service_call``) the
arguments aligned under the old opening bracket stay where they were: this check finds them.

The rule: when an opening bracket is followed by code on its own line (visual indentation), every line that starts
inside it (and not inside a deeper bracket) starts in the column just after it, or where a value began on an
earlier line of it (after ``=`` or ``:``, or a string: ``help="..."`` continued by ``+ "..."`` under the string), or
is the closing bracket; under ``if (``/``elif (``/``while (`` a line may also be indented further by a multiple of four
(to stand apart from the block). A bracket that ends its line (hanging indentation) leaves the indentation free, as
do generated files (GENERATED).

Checked: the extension and the scripts (DEFAULT_PATHS). The emulator, tests and bench have a few such lines too; they
can join once the work under way on them has landed (a whitespace-only change there would only conflict with it).

    python scripts/check_continuation_lines.py [PATH ...]     (default: the repository's Python packages)
Exit code 1 and one line per finding (path:line:column) when a line is off.
"""
import io
import sys
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PATHS = ("azext_k8s_configuration", "scripts")
GENERATED = ("azext_k8s_configuration/arm/output_schema.py",)  # scripts/gen_output_schema.py (pprint)
OPENING, CLOSING = "([{", ")]}"
_SKIPPED = (tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER)


def findings(source, path="<source>"):
    """[(path, line, column, message)] of the continuation lines not aligned with their opening bracket."""
    found = []
    brackets = []  # per open bracket: the columns a line inside it may start at (empty: a hanging indent, any)
    last_line = 0
    before = previous = None
    tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    for index, token in enumerate(tokens):
        if token.type in _SKIPPED:
            continue
        row, column = token.start
        starts_line = row != last_line
        if starts_line and brackets and token.string not in CLOSING:
            allowed = brackets[-1]
            if allowed and column not in allowed and not (
                    getattr(allowed, "condition", False) and column > min(allowed) and column % 4 == 0):
                found.append((path, row, column + 1, f"continuation line at column {column + 1}, its bracket's "
                                                     f"content at {min(allowed) + 1}"))
        if brackets and brackets[-1] and not starts_line and (
                token.type == tokenize.STRING or (previous is not None and previous.string in ("=", ":"))):
            brackets[-1].add(column)
        last_line = token.end[0]
        before, previous = previous, token
        if token.type == tokenize.OP and token.string in OPENING:
            following = _next_code(tokens, index)
            allowed = _Columns({following.start[1]} if following is not None and following.start[0] == row else ())
            allowed.condition = before is not None and before.string in ("if", "elif", "while")
            brackets.append(allowed)
        elif token.type == tokenize.OP and token.string in CLOSING and brackets:
            brackets.pop()
    return found


class _Columns(set):
    """The columns a line inside a bracket may start at; ``condition``: the bracket follows if/elif/while."""
    condition = False


def _next_code(tokens, index):
    for token in tokens[index + 1:]:
        if token.type == tokenize.COMMENT:
            return None  # a comment after the bracket: a hanging indent
        if token.type not in _SKIPPED:
            return token
    return None


def python_files(paths):
    for name in paths:
        path = Path(name) if Path(name).is_absolute() else ROOT / name
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*.py") if ".build" not in p.parts)
        elif path.exists():
            yield path


def main(argv):
    count = 0
    for path in python_files(argv or DEFAULT_PATHS):
        shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        if str(shown) in GENERATED:
            continue
        for _, line, column, message in findings(path.read_text(encoding="utf-8"), shown):
            print(f"{shown}:{line}:{column}: {message}")
            count += 1
    if count:
        print(f"{count} continuation line(s) not aligned with their opening bracket.", file=sys.stderr)
    return 1 if count else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
