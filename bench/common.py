"""Shared bench plumbing: a private emulator + isolated az environment, timed `az` runs with peak memory.

Every benchmark gets a `Bench` (see `run_all.py`): one emulator (temp data dir, free port) and one az config
dir logged in to it. `Bench.az()` runs the real `az` of this venv as a user would and returns wall time,
exit code, output, peak RSS of the az process (from wait4's rusage) and the emulator's request log for it.

az is started by a small spawner process, not by the bench itself: on Linux a child's ru_maxrss is at least the
resident size of the process it was forked from (exec keeps the old address space's high-water mark), so az
forked from a bench grown to 100 MiB by its seeding reported 100 MiB whatever it used.
"""
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if REPO_ROOT not in sys.path:
    sys.path.insert(0, REPO_ROOT)

from k8s_configuration_emulator.azenv import find_az, prepare  # noqa: E402
from tests.harness.emulator import Emulator  # noqa: E402

EXTENSION_DIR = os.path.join(REPO_ROOT, ".build", "extensions")


class AzRun:
    __slots__ = ("argv", "seconds", "exit_code", "stdout", "stderr", "maxrss_kb", "requests", "ended_at")

    def __init__(self, argv, seconds, exit_code, stdout, stderr, maxrss_kb, requests, ended_at):
        self.argv, self.seconds, self.exit_code = argv, seconds, exit_code
        self.stdout, self.stderr, self.maxrss_kb = stdout, stderr, maxrss_kb
        self.requests, self.ended_at = requests, ended_at


class Bench:
    """A private emulator and az environment for the whole bench run."""

    def __init__(self, operation_seconds=0.0, retry_after=1):
        self.tmp = tempfile.TemporaryDirectory(prefix="k8s-config-bench-")
        self.emulator = Emulator(os.path.join(self.tmp.name, "emulator"), operation_seconds=operation_seconds,
                                 retry_after=retry_after)
        self.env = None
        self.az_path = find_az()
        self._spawner = None

    def __enter__(self):
        self._spawner = subprocess.Popen([sys.executable, "-c", _SPAWNER], stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, text=True)
        self.emulator.start()
        self.env = prepare(self.emulator.data_dir, os.path.join(self.tmp.name, "azure-config"),
                           extension_dir=EXTENSION_DIR)
        return self

    def __exit__(self, *exc):
        self._spawner.stdin.close()
        self._spawner.wait(timeout=60)
        self.emulator.stop()
        self.tmp.cleanup()

    def az(self, args, log_requests=True, check=True, env=None):
        """Run `az ARGS` (in ``env``, default the bench's); wall time from spawn to reap, peak RSS of the az
        process (KiB)."""
        argv = shlex.split(args) if isinstance(args, str) else list(args)
        mark = self.emulator.mark() if log_requests else None
        with tempfile.NamedTemporaryFile(dir=self.tmp.name) as out, \
                tempfile.NamedTemporaryFile(dir=self.tmp.name) as err:
            job = {"argv": [self.az_path] + argv, "env": env or self.env, "stdout": out.name, "stderr": err.name}
            self._spawner.stdin.write(json.dumps(job) + "\n")
            self._spawner.stdin.flush()
            done = json.loads(self._spawner.stdout.readline())
            stdout, stderr = out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
        requests = self.emulator.requests(since=mark) if log_requests else []
        run = AzRun(argv, done["seconds"], done["exit_code"], stdout, stderr, done["maxrss_kb"], requests,
                    done["ended_at"])
        if check and run.exit_code != 0:
            raise RuntimeError("az {} exited {}:\n{}".format(" ".join(argv), run.exit_code, stderr[-3000:]))
        return run


def paired_rounds(bench, pairs, runs, warmups=1):
    """{name: ([seconds of a], [seconds of b])}: for pairs {name: (args a, args b[, env])}, each round runs every
    pair's two commands one right after the other, b first every other round, so that the machine's drift and the
    order fall on both alike; warm-up rounds first."""
    samples = {}
    for round_number in range(-warmups, runs):
        for name, pair in pairs.items():
            env = pair[2] if len(pair) > 2 else None
            order = (0, 1) if round_number % 2 == 0 else (1, 0)
            for side in order:
                seconds = bench.az(pair[side], log_requests=False, env=env).seconds
                if round_number >= 0:
                    samples.setdefault(name, ([], []))[side].append(seconds)
    return samples


def paired_ratio(a_seconds, b_seconds):
    """The median over rounds of a's time / b's time in the same round: a ratio of two medians of a few noisy runs
    swings more than the ratio of runs made side by side."""
    return statistics.median(a / b for a, b in zip(a_seconds, b_seconds))


FLOOR_EXTENSION = "benchempty"


def add_floor_extension(extension_dir):
    """Install bench/floor_extension (an extension that does nothing) into ``extension_dir``."""
    shutil.copytree(os.path.join(os.path.dirname(os.path.abspath(__file__)), "floor_extension"),
                    os.path.join(extension_dir, FLOOR_EXTENSION))


def ms(seconds):
    return "{:.0f} ms".format(seconds * 1000)


def mib(kib):
    return "{:.0f} MiB".format(kib / 1024.0)


# Runs az for the bench (see the module's docstring): one JSON job per line in, one JSON result per line out.
_SPAWNER = r"""
import json, os, subprocess, sys, time
for line in sys.stdin:
    job = json.loads(line)
    with open(job["stdout"], "wb") as out, open(job["stderr"], "wb") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(job["argv"], env=job["env"], stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "exit_code": os.waitstatus_to_exitcode(status),
                      "maxrss_kb": usage.ru_maxrss, "ended_at": time.time()}), flush=True)
"""
