"""Install the extension into .build/extensions the way `az extension add` lays it out,
with the package itself replaced by a link to the working tree (edits need no reinstall).

Also builds .build/wheelhouse: wheels of the extension and its dependencies, so tests can
exercise the real `az extension add --source <wheel>` path without any network access.
"""
import glob
import os
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(ROOT, ".build")
EXT_ROOT = os.path.join(BUILD, "extensions", "k8s-configuration")
WHEELHOUSE = os.path.join(BUILD, "wheelhouse")


def pip(*args):
    subprocess.check_call([sys.executable, "-m", "pip", "--quiet", *args], cwd=ROOT)


def main():
    shutil.rmtree(WHEELHOUSE, ignore_errors=True)
    pip("wheel", "--no-build-isolation", "-w", WHEELHOUSE, ".")
    for stale in glob.glob(os.path.join(ROOT, "build")):
        shutil.rmtree(stale, ignore_errors=True)
    wheel = glob.glob(os.path.join(WHEELHOUSE, "k8s_configuration-*.whl"))[0]
    shutil.rmtree(EXT_ROOT, ignore_errors=True)
    pip("install", "--no-deps", "--target", EXT_ROOT, wheel)
    package = os.path.join(EXT_ROOT, "azext_k8s_configuration")
    shutil.rmtree(package)
    os.symlink(os.path.join(ROOT, "azext_k8s_configuration"), package)
    print("extension linked:", package)


if __name__ == "__main__":
    main()
