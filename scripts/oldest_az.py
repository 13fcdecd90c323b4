"""The oldest az the extension declares, installed as its installers ship it, with the extension added to it.

    .venv/bin/python scripts/oldest_az.py [--python python3]     (`make oldest-az`; `make test-oldest-az` runs
                                                                  the tutorial and k8s-extension scenarios on it)

.build/oldest-az/venv        azure-cli at azext.minCliCoreVersion with the azure-core and azure-mgmt-core its
                             installers bundled (requirements-oldest-az.txt); made again when that file changes
.build/oldest-az/extensions  the extension, added from a wheel of the working tree with the old az's own
                             `az extension add --source <wheel> --yes` (never pip-installed into az's venv, so az's
                             own packages come first on sys.path, as for users); added again when the sources change

Prints the two variables that point the test harness at them (tests/conftest.py):
AZ_UNDER_TEST=.../venv/bin/az and AZ_UNDER_TEST_EXTENSION_DIR=.../extensions.
"""
import argparse
import glob
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from k8s_configuration_emulator.azenv import seed_version_check  # noqa: E402

REQUIREMENTS = os.path.join(ROOT, "requirements-oldest-az.txt")
HOME = os.path.join(ROOT, ".build", "oldest-az")
VENV = os.path.join(HOME, "venv")
AZ = os.path.join(VENV, "bin", "az")
EXTENSIONS = os.path.join(HOME, "extensions")
WHEELHOUSE = os.path.join(ROOT, ".build", "wheelhouse")  # the extension's dependencies (scripts/dev_extension.py)
VENV_STAMP = os.path.join(VENV, ".installed")
EXTENSION_STAMP = os.path.join(HOME, "extension.stamp")
SOURCES = ("azext_k8s_configuration", "setup.py", "README.md", "HISTORY.rst")


def _digest(paths):
    h = hashlib.sha256()
    for path in paths:
        h.update(os.path.relpath(path, ROOT).encode() + b"\0")
        with open(path, "rb") as f:
            h.update(f.read() + b"\0")
    return h.hexdigest()


def _source_files():
    files = []
    for entry in SOURCES:
        path = os.path.join(ROOT, entry)
        if os.path.isfile(path):
            files.append(path)
            continue
        for folder, dirs, names in os.walk(path):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            files.extend(os.path.join(folder, n) for n in sorted(names) if not n.endswith((".pyc", ".pyo")))
    return files


def _fresh(stamp, digest):
    try:
        with open(stamp, encoding="utf-8") as f:
            return f.read().strip() == digest
    except OSError:
        return False


def _step(message):
    print("oldest az: " + message, flush=True)
    return time.perf_counter()


def install_az(python):
    digest = _digest([REQUIREMENTS])
    if _fresh(VENV_STAMP, digest):
        return
    started = _step("installing {} (requirements-oldest-az.txt)".format(_pinned_az()))
    shutil.rmtree(VENV, ignore_errors=True)
    shutil.rmtree(EXTENSIONS, ignore_errors=True)  # added by the az that is going away
    subprocess.check_call([python, "-m", "venv", VENV])
    pip = [os.path.join(VENV, "bin", "python"), "-m", "pip", "--quiet"]
    subprocess.check_call(pip + ["install", "--upgrade", "pip", "setuptools", "wheel"])
    # Byte-compiling az's ~20,000 modules is 2 of pip's 2.5 minutes, on one core: done after the install on all
    # cores instead. Not left out: where PYTHONDONTWRITEBYTECODE is set (this machine, CI) az would compile every
    # module it imports in every run (az builds its command index from all of them), several times slower.
    subprocess.check_call(pip + ["install", "--no-compile", "-r", REQUIREMENTS])
    subprocess.check_call(pip + ["check"])
    subprocess.run([os.path.join(VENV, "bin", "python"), "-m", "compileall", "-q", "-j", "0", VENV],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)  # py2-only files may fail
    with open(VENV_STAMP, "w", encoding="utf-8") as f:
        f.write(digest)
    _step("az installed in {:.0f} s".format(time.perf_counter() - started))


def _pinned_az():
    with open(REQUIREMENTS, encoding="utf-8") as f:
        return next(line.strip() for line in f if line.startswith("azure-cli=="))


def _az_env(config_dir):
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith(("AZURE_", "AZ_UNDER_TEST"))}
    env.update({"AZURE_CONFIG_DIR": config_dir, "AZURE_EXTENSION_DIR": EXTENSIONS,
                "AZURE_CORE_COLLECT_TELEMETRY": "false", "AZURE_EXTENSION_USE_DYNAMIC_INSTALL": "no",
                "AZURE_CORE_NO_COLOR": "true", "AZURE_CORE_SURVEY_MESSAGE": "false"})
    if glob.glob(os.path.join(WHEELHOUSE, "*.whl")):
        # the dependencies from the wheels `make env` built (same versions as .venv's), not from the index
        env.update({"PIP_FIND_LINKS": WHEELHOUSE, "PIP_NO_INDEX": "1"})
    return env


def add_extension():
    digest = _digest(_source_files() + [VENV_STAMP])
    if _fresh(EXTENSION_STAMP, digest):
        return
    started = _step("adding the extension (az extension add --source <wheel of the working tree>)")
    with tempfile.TemporaryDirectory(prefix="oldest-az-") as tmp:
        dist = os.path.join(tmp, "dist")
        built = subprocess.run([sys.executable, "-m", "pip", "--quiet", "wheel", "--no-deps", "--no-build-isolation",
                                "-w", dist, "."], cwd=ROOT, capture_output=True, text=True, check=False)
        if built.returncode != 0:
            sys.exit("building the extension's wheel failed:\n" + built.stdout + built.stderr)
        shutil.rmtree(os.path.join(ROOT, "build"), ignore_errors=True)
        wheel = glob.glob(os.path.join(dist, "k8s_configuration-*.whl"))[0]
        config_dir = os.path.join(tmp, "config")
        os.makedirs(config_dir)
        seed_version_check(config_dir, AZ)
        shutil.rmtree(EXTENSIONS, ignore_errors=True)
        os.makedirs(EXTENSIONS)
        done = subprocess.run([AZ, "extension", "add", "--source", wheel, "--yes"], env=_az_env(config_dir),
                              capture_output=True, text=True, timeout=600, check=False)
        if done.returncode != 0 or not os.path.isdir(os.path.join(EXTENSIONS, "k8s-configuration")):
            sys.exit("az extension add failed ({}):\n{}{}".format(done.returncode, done.stdout, done.stderr))
    with open(EXTENSION_STAMP, "w", encoding="utf-8") as f:
        f.write(digest)
    _step("extension added in {:.0f} s".format(time.perf_counter() - started))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--python", default=os.environ.get("PYTHON", "python3"),
                        help="the interpreter to make the venv with (default: $PYTHON or python3)")
    args = parser.parse_args(argv)
    install_az(args.python)
    add_extension()
    print("AZ_UNDER_TEST={}".format(AZ))
    print("AZ_UNDER_TEST_EXTENSION_DIR={}".format(EXTENSIONS))


if __name__ == "__main__":
    main()
