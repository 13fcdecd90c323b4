"""5. The emulator under load: runs bench/emulator_load.py (its own private emulator; 8 clients, 10 s) and
turns its per-route table (client-observed) and its server-side times (from the request log) into rows."""
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CLIENTS, SECONDS = 8, 10
GET_P50_TARGET_MS = 5.0
_ROW = re.compile(r"^(.+?)\s+(\d+)\s+(\d+)\s+([\d.]+|nan)\s+([\d.]+|nan)\s+([\d.]+)\s*$")
_TOTAL = re.compile(r"^total\s+(\d+)\s+([\d.]+)\s*$")
_SERVER = re.compile(r"^\s+(GET|PUT)\s+n=(\d+)\s+p50\s+([\d.]+) ms\s+p99\s+([\d.]+) ms")


def run(_bench):
    script = os.path.join(HERE, "emulator_load.py")
    if not os.path.exists(script):
        return [("5 emulator load", "bench/emulator_load.py", "not present", "", "SKIP")], [], []
    done = subprocess.run([sys.executable, script, "--clients", str(CLIENTS), "--seconds", str(SECONDS)],
                          capture_output=True, text=True, timeout=SECONDS + 120)
    if done.returncode != 0:
        return [], [], ["bench/emulator_load.py exited {}: {}".format(done.returncode, done.stderr[-1500:])]
    rows, notes = [], []
    for line in done.stdout.splitlines():
        total = _TOTAL.match(line)
        if total:
            rows.append(("5 emulator load", "throughput, {} clients x {} s (all routes)".format(CLIENTS, SECONDS),
                         "{} req/s".format(total.group(2)), "", ""))
            continue
        server = _SERVER.match(line)
        if server:
            method, count, p50, p99 = server.groups()
            rows.append(("5 emulator load", "server-side time per {} ({} requests; no TLS, no client)".format(
                method, count), "p50 {} ms / p99 {} ms".format(p50, p99),
                "p50 < {:.0f} ms".format(GET_P50_TARGET_MS) if method == "GET" else "",
                ("PASS" if float(p50) < GET_P50_TARGET_MS else "MISS") if method == "GET" else ""))
            continue
        m = _ROW.match(line)
        if not m or m.group(1).strip() == "route":
            continue
        route, count, errors, p50, p99, rate = m.groups()
        is_get = route.startswith("GET")
        status = ""
        if is_get and p50 != "nan":
            status = "PASS" if float(p50) < GET_P50_TARGET_MS else "MISS"
        rows.append(("5 emulator load", "{} ({} requests, {} errors)".format(route.strip(), count, errors),
                     "p50 {} ms / p99 {} ms".format(p50, p99),
                     "p50 < {:.0f} ms".format(GET_P50_TARGET_MS) if is_get else "", status))
    if not rows:
        notes.append("emulator_load.py output not understood:\n" + done.stdout)
    return rows, notes, []
