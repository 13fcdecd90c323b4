"""What `flux validate` shows: the table (-o table: one row per kustomization; one not built — --offline, another
kind, a source not read — shows '-' objects and why in Builder) and the problem lines on stderr.
Imported at load time for the table transformer: keep it light."""
from collections import OrderedDict


def validate_table(result):
    rows = []
    for k in result.get("kustomizations") or []:
        rows.append(OrderedDict([
            ("Kustomization", k.get("name")), ("Path", k.get("path")),
            ("Objects", len(k.get("objects") or []) if k.get("built", True) else "-"),
            ("Errors", k.get("errors")), ("Warnings", k.get("warnings")), ("Builder", k.get("builder")),
        ]))
    if not rows:
        source = result.get("source") or {}
        rows.append(OrderedDict([("Kustomization", ""), ("Path", ""), ("Objects", 0), ("Errors", result.get("errors")),
                                 ("Warnings", result.get("warnings")), ("Builder", source.get("kind", ""))]))
    return rows


def problem_lines(report):
    """(severity, line) for every problem of a report dict, most severe first, each saying where it is."""
    lines = []
    source = report.get("source") or {}
    for problem in source.get("problems") or []:
        lines.append((problem["severity"], _line("source", problem)))
    for k in report.get("kustomizations") or []:
        for problem in k.get("problems") or []:
            lines.append((problem["severity"], _line(f"kustomization '{k['name']}'", problem)))
    for problem in report.get("problems") or []:
        lines.append((problem["severity"], _line("configuration", problem)))
    order = {"error": 0, "warning": 1, "info": 2}
    return sorted(lines, key=lambda item: order.get(item[0], 3))


def _line(where, problem):
    place = problem.get("file", "")
    if place and problem.get("line"):
        place += f":{problem['line']}"
    return f"{where}{' ' + place if place else ''}: {problem['message']}"


def summary(report):
    errors, warnings = report.get("errors", 0), report.get("warnings", 0)
    revision = (report.get("source") or {}).get("revision")
    at = f" at {revision}" if revision else ""
    return f"{errors} error(s), {warnings} warning(s){at}"
