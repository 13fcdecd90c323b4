"""5. The emulator under load: runs bench/emulator_load.py (its own private emulators; 8 clients, 10 s each) against
this tree's emulator and, side by side in alternating rounds, the emulator from before issue 10 (`--baseline auto`:
Werkzeug's server with the hand-written keep-alive handler); turns their per-route tables (client-observed) and
server-side times (from the request log) into rows, and compares after with before."""
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CLIENTS, SECONDS = 8, 10
GET_P50_TARGET_MS = 5.0
NO_WORSE = 1.10  # after / before at most this (the two runs share a loaded 2-core machine)
_ROW = re.compile(r"^(.+?)\s+(\d+)\s+(\d+)\s+([\d.]+|nan)\s+([\d.]+|nan)\s+([\d.]+)\s*$")
_TOTAL = re.compile(r"^total\s+(\d+)\s+([\d.]+)\s*$")
_SERVER = re.compile(r"^\s+(GET|PUT)\s+n=(\d+)\s+p50\s+([\d.]+) ms\s+p99\s+([\d.]+) ms")
_SECTION = re.compile(r"^== (\w+): (.*) ==$")


def run(_bench):
    script = os.path.join(HERE, "emulator_load.py")
    if not os.path.exists(script):
        return [("5 emulator load", "bench/emulator_load.py", "not present", "", "SKIP")], [], []
    notes = []
    done = _load(script, ["--baseline", "auto"])
    if done.returncode != 0:  # e.g. no git history here: measure this tree alone
        notes.append("emulator load: no before/after comparison ({})".format(done.stderr.strip()[-300:]))
        done = _load(script, [])
    if done.returncode != 0:
        return [], notes, ["bench/emulator_load.py exited {}: {}".format(done.returncode, done.stderr[-1500:])]
    figures = parse(done.stdout)
    if not figures:
        return [], notes + ["emulator_load.py output not understood:\n" + done.stdout], []
    rows = []
    for label, (what, measured) in figures.items():
        rows += _rows(label, what, measured, compared=len(figures) > 1)
    if "after" in figures and "before" in figures:
        rows += _comparison(figures["after"][1], figures["before"][1])
    return rows, notes, []


def _load(script, extra):
    return subprocess.run([sys.executable, script, "--clients", str(CLIENTS), "--seconds", str(SECONDS)] + extra,
                          capture_output=True, text=True, timeout=2 * SECONDS + 180)


def parse(stdout):
    """{label: (what, {"routes": {route: (count, errors, p50, p99)}, "total": req/s, "server": {method: ...}})}"""
    figures, label = {}, "after"
    current = None
    for line in stdout.splitlines():
        section = _SECTION.match(line)
        if section:
            label = section.group(1)
            current = None
        if current is None:
            current = {"routes": {}, "total": None, "server": {}}
            figures[label] = (section.group(2) if section else "this tree", current)
            if section:
                continue
        total = _TOTAL.match(line)
        server = _SERVER.match(line)
        row = _ROW.match(line)
        if total:
            current["total"] = float(total.group(2))
        elif server:
            method, count, p50, p99 = server.groups()
            current["server"][method] = (int(count), float(p50), float(p99))
        elif row and row.group(1).strip() != "route":
            route, count, errors, p50, p99, _rate = row.groups()
            current["routes"][route.strip()] = (int(count), int(errors), float(p50), float(p99))
    return {k: v for k, v in figures.items() if v[1]["routes"]}


def _rows(label, what, measured, compared):
    prefix = "{} ({}): ".format(label, what) if compared else ""
    is_after = label == "after"
    rows = []
    for route, (count, errors, p50, p99) in measured["routes"].items():
        is_get = route.startswith("GET")
        status = ("PASS" if p50 < GET_P50_TARGET_MS else "MISS") if is_get and is_after else ""
        rows.append(("5 emulator load", "{}{} ({} requests, {} errors)".format(prefix, route, count, errors),
                     "p50 {:.2f} ms / p99 {:.2f} ms".format(p50, p99),
                     "p50 < {:.0f} ms".format(GET_P50_TARGET_MS) if is_get and is_after else "", status))
    if measured["total"] is not None:
        rows.append(("5 emulator load", "{}throughput, {} clients x {} s (all routes)".format(prefix, CLIENTS, SECONDS),
                     "{:.1f} req/s".format(measured["total"]), "", ""))
    for method, (count, p50, p99) in measured["server"].items():
        is_get = method == "GET" and is_after
        rows.append(("5 emulator load", "{}server-side time per {} ({} requests; no TLS, no client)".format(
            prefix, method, count), "p50 {:.2f} ms / p99 {:.2f} ms".format(p50, p99),
            "p50 < {:.0f} ms".format(GET_P50_TARGET_MS) if is_get else "",
            ("PASS" if p50 < GET_P50_TARGET_MS else "MISS") if is_get else ""))
    return rows


def _comparison(after, before):
    """After vs before: GET p50 (client and server side) no worse than NO_WORSE x, throughput no lower."""
    pairs = []
    if "GET (all)" in after["routes"] and "GET (all)" in before["routes"]:
        pairs.append(("GET p50, client-observed (all GET routes)", after["routes"]["GET (all)"][2],
                      before["routes"]["GET (all)"][2], "ms", False))
    if "GET" in after["server"] and "GET" in before["server"]:
        pairs.append(("GET p50, server-side", after["server"]["GET"][1], before["server"]["GET"][1], "ms", False))
    if after["total"] and before["total"]:
        pairs.append(("throughput", after["total"], before["total"], "req/s", True))
    rows = []
    for what, new, old, unit, higher_is_better in pairs:
        ratio = new / old if old else float("nan")
        ok = ratio >= 1 / NO_WORSE if higher_is_better else ratio <= NO_WORSE
        rows.append(("5 emulator load", "after vs before: " + what,
                     "{:.2f} vs {:.2f} {} ({:.2f}x)".format(new, old, unit, ratio),
                     "no worse (within {:.0f} %)".format((NO_WORSE - 1) * 100), "PASS" if ok else "MISS"))
    return rows
