"""A real kustomize engine from PATH: `kustomize build` or `kubectl kustomize` (kubectl embeds kustomize), run
with the options kustomize-controller builds with (files outside a kustomization's directory may be loaded —
LoadRestrictionsNone; no plugins), with no network (remote bases are caught before a build; a proxy that does
not exist stops any other attempt)."""
import functools
import json
import os
import shutil
import subprocess
import threading
from dataclasses import dataclass
from typing import List

BUILD_TIMEOUT = 120
_NO_NETWORK = {"HTTPS_PROXY": "http://127.0.0.1:9", "HTTP_PROXY": "http://127.0.0.1:9", "NO_PROXY": "",
               "https_proxy": "http://127.0.0.1:9", "http_proxy": "http://127.0.0.1:9", "no_proxy": "",
               "GIT_ALLOW_PROTOCOL": "file", "GIT_TERMINAL_PROMPT": "0"}


@dataclass(frozen=True)
class Engine:
    argv: List[str]  # the command before the directory
    label: str  # e.g. "kubectl kustomize (kustomize v5.5.0)"

    def build(self, directory):
        """(ok, stdout, stderr)."""
        env = dict(os.environ, **_NO_NETWORK)
        try:
            proc = subprocess.run(self.argv + [directory], capture_output=True, text=True, env=env,
                                  timeout=BUILD_TIMEOUT, check=False, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            return False, "", f"{self.label} did not finish within {BUILD_TIMEOUT} s"
        except OSError as error:
            return False, "", f"{self.label} could not run: {error}"
        return proc.returncode == 0, proc.stdout, proc.stderr


_LOCK = threading.Lock()


def find_engine():
    """The engine on PATH (kustomize first, then kubectl), or None; looked up once per process (thread-safe: the
    engine may look for it while the source is fetched)."""
    with _LOCK:
        return _find_engine()


@functools.lru_cache(maxsize=None)
def _find_engine():
    kustomize = shutil.which("kustomize")
    if kustomize:
        version = _first_line([kustomize, "version"])
        return Engine([kustomize, "build", "--load-restrictor", "LoadRestrictionsNone"],
                      f"kustomize build ({version or 'kustomize'})")
    kubectl = shutil.which("kubectl")
    if kubectl:
        version = _kubectl_kustomize_version(kubectl)
        if version:
            return Engine([kubectl, "kustomize", "--load-restrictor", "LoadRestrictionsNone"],
                          f"kubectl kustomize (kustomize {version})")
    return None


def _first_line(argv):
    try:
        out = subprocess.run(argv, capture_output=True, text=True, timeout=30, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return ""
    return out.strip().splitlines()[0] if out.strip() else ""


def _kubectl_kustomize_version(kubectl):
    """kubectl's embedded kustomize version, or "" when this kubectl has none (before 1.14) or cannot run."""
    try:
        out = subprocess.run([kubectl, "version", "--client", "-o", "json"], capture_output=True, text=True,
                             timeout=30, check=False).stdout
        return json.loads(out).get("kustomizeVersion", "") or ""
    except (OSError, subprocess.SubprocessError, ValueError, AttributeError):
        return ""
