"""1. Start-up: `az k8s-configuration flux -h` and `az k8s-extension -h` against `az -h` (and the floor: the group
help of an extension that does nothing), and the extension's import time alone."""
import os
import re
import statistics
import subprocess
import sys

from common import FLOOR_EXTENSION, REPO_ROOT, add_floor_extension, ms, paired_ratio, paired_rounds

from k8s_configuration_emulator.azenv import prepare

RUNS = 31  # rounds of the start-up commands: a few ms of noise on ~100 ms runs needs this many
IMPORT_RUNS = 11
RATIO_TARGET = 1.5
IMPORT_TARGET_MS = 30.0
# az itself (azure.cli.core, knack) is already loaded when az imports an extension: import it first, so the
# figure is what the extension adds.
_IMPORT_CODE = ("import azure.cli.core, azure.cli.core.commands, knack.help_files; "
                "import azext_k8s_configuration")
_LINE = re.compile(r"import time:\s+(\d+)\s+\|\s+(\d+)\s+\|(\s*)(\S+)")


def import_time_ms():
    """Cumulative -X importtime microseconds of `import azext_k8s_configuration` (after az's own modules)."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", _IMPORT_CODE], cwd=REPO_ROOT,
                          capture_output=True, text=True, check=True)
    total, modules, pending = 0, [], []
    for line in done.stderr.splitlines():
        m = _LINE.match(line)
        if not m:
            continue
        self_us, cumulative_us, indent, name = int(m.group(1)), int(m.group(2)), len(m.group(3)), m.group(4)
        pending.append((self_us, name))  # children are listed before their parent
        if indent == 1:
            if name == "azext_k8s_configuration":
                total, modules = cumulative_us, pending
            pending = []
    return total / 1000.0, modules


_TABLE_PROBE = """
import time
from azure.cli.core.mock import DummyCli
cli = DummyCli()
started = time.perf_counter()
from azext_k8s_configuration import K8sConfigurationCommandsLoader
table = K8sConfigurationCommandsLoader(cli_ctx=cli).load_command_table(None)
print(len(table), (time.perf_counter() - started) * 1000)
"""


def command_table_ms():
    """Import of the extension + loading its command table (what az does before parsing), in a fresh process."""
    done = subprocess.run([sys.executable, "-c", _TABLE_PROBE], cwd=REPO_ROOT, capture_output=True, text=True,
                          check=True, env=dict(os.environ, PYTHONPATH=REPO_ROOT))
    count, elapsed = done.stdout.split()[-2:]
    return int(count), float(elapsed)


# The two groups users start from: each must stay within RATIO_TARGET of `az -h`.
GROUPS = ("k8s-configuration flux", "k8s-extension")


def floor_env(bench):
    """An az environment (own config dir, logged in to the bench's emulator) whose only extension is the floor
    (bench/floor_extension): az 2.91 serves `az -h` from its help cache, while `az GROUP -h` loads the extension
    (its metadata, its command table) and knack's YAML parser; that much of the ratio is any extension's."""
    root = os.path.join(bench.tmp.name, "help-floor")
    add_floor_extension(os.path.join(root, "extensions"))
    return prepare(bench.emulator.data_dir, os.path.join(root, "azure-config"),
                   extension_dir=os.path.join(root, "extensions"))


def run(bench):
    pairs = {group: ("{} -h".format(group), "-h") for group in GROUPS}
    pairs["floor"] = ("{} -h".format(FLOOR_EXTENSION), "-h", floor_env(bench))
    samples = paired_rounds(bench, pairs, RUNS)
    imports = []
    heaviest = None
    for _ in range(IMPORT_RUNS):
        value, modules = import_time_ms()
        imports.append(value)
        heaviest = modules
    import_ms = statistics.median(imports)
    # the modules of the last run that were imported under the extension, heaviest first
    own = sorted(heaviest or [], reverse=True)[:3]
    rows = []
    for group in GROUPS:
        ours, base = samples[group]
        ratio = paired_ratio(ours, base)
        rows += [("1 start-up", "`az {} -h` / `az -h`".format(group),
                  "{} / {}".format(ms(statistics.median(ours)), ms(statistics.median(base))), "", ""),
                 ("1 start-up", "ratio {} -h / az -h".format(group.split()[-1]), "{:.2f}x".format(ratio),
                  "<= {}x".format(RATIO_TARGET), "PASS" if ratio <= RATIO_TARGET else "MISS")]
    rows += [
        ("1 start-up", "floor: an extension that does nothing, `az {} -h` / `az -h`".format(FLOOR_EXTENSION),
         "{:.2f}x".format(paired_ratio(*samples["floor"])), "", ""),
        ("1 start-up", "`import azext_k8s_configuration` (-X importtime, median of {})".format(IMPORT_RUNS),
         "{:.1f} ms".format(import_ms), "<= {:.0f} ms".format(IMPORT_TARGET_MS),
         "PASS" if import_ms <= IMPORT_TARGET_MS else "MISS"),
    ]
    tables = [command_table_ms() for _ in range(IMPORT_RUNS)]
    table_ms = statistics.median(t[1] for t in tables)
    rows.append(("1 start-up", "import + command table of {} commands (median of {})".format(
        tables[0][0], IMPORT_RUNS), "{:.1f} ms".format(table_ms), "", ""))
    notes = ["Start-up: heaviest modules under `import azext_k8s_configuration` (self time): " +
             (", ".join("{} {:.1f} ms".format(name, us / 1000.0) for us, name in own) or "n/a"),
             "Start-up: each ratio is the median over {} rounds of the ratio of two runs made one right after the "
             "other (which first alternates); the floor is what any extension's group help costs against az's "
             "cached `az -h`, measured on an extension that does nothing (bench/floor_extension) in an az "
             "environment of its own".format(RUNS)]
    return rows, notes, []


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    print(import_time_ms())
