"""An isolated ``az`` environment pointed at a running emulator.

Steps: a fresh AZURE_CONFIG_DIR; versionCheck.json pre-seeded with the installed versions (so az never
looks for updates on the network); ``az cloud register`` with the emulator as resource manager (az 2.91 reads
``/metadata/endpoints?api-version=2022-09-01`` from it, az 2.70 ``?api-version=2015-01-01``) and ``az cloud set``;
``az login --identity`` through the emulator's identity endpoint: az 2.73+ (MSAL) reads IDENTITY_ENDPOINT and
IDENTITY_HEADER (App Service protocol), az 2.70 to 2.72 (msrestazure) read MSI_ENDPOINT (Cloud Shell protocol).
Both are set: each az uses only its own (see identity.py).

The az is the one beside this interpreter, or the one named by $AZ_UNDER_TEST (e.g. the oldest az the extension
declares, which `make test-oldest-az` installs in its own venv).
"""
import datetime
import json
import os
import shutil
import subprocess
import sys

CLOUD_NAME = "K8sConfigEmulator"
CLOSED_PROXY = "http://127.0.0.1:9"  # discard port: any stray proxied request fails fast
_DROPPED_PREFIXES = ("AZURE_", "IDENTITY_", "MSI_", "IMDS_")
_DROPPED = {"HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "ALL_PROXY", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE",
            "SSL_CERT_FILE"}


def read_info(data_dir):
    with open(os.path.join(data_dir, "emulator.json"), encoding="utf-8") as f:
        return json.load(f)


AZ_UNDER_TEST = "AZ_UNDER_TEST"  # path of the az to run instead of the one beside this interpreter


def find_az():
    chosen = os.environ.get(AZ_UNDER_TEST)
    if chosen:
        if not os.path.isfile(chosen):
            raise RuntimeError("${} names no file: {}".format(AZ_UNDER_TEST, chosen))
        return os.path.abspath(chosen)
    candidate = os.path.join(os.path.dirname(sys.executable), "az")
    return candidate if os.path.exists(candidate) else shutil.which("az")


def az_python(az):
    """The interpreter an az runs on (pip's `az` is a Python script; its #! line names its venv's python)."""
    try:
        with open(az, "rb") as f:
            first = f.readline().decode("utf-8", "replace").strip()
    except OSError:
        return None
    if first.startswith("#!") and "python" in first:
        return first[2:].strip().split()[0]
    return None


def build_env(info, config_dir, extension_dir=None, base=None):
    env = {k: v for k, v in (os.environ if base is None else base).items()
           if not k.upper().startswith(_DROPPED_PREFIXES) and k.upper() not in _DROPPED}
    env.update({
        "AZURE_CONFIG_DIR": config_dir,
        "IDENTITY_ENDPOINT": info["identity_endpoint"],
        "IDENTITY_HEADER": info["identity_header"],
        "MSI_ENDPOINT": info.get("msi_endpoint") or info["identity_endpoint"],  # POST there (Cloud Shell)
        "REQUESTS_CA_BUNDLE": info["ca_bundle"],
        "AZURE_EXTENSION_USE_DYNAMIC_INSTALL": "no",
        "AZURE_CORE_COLLECT_TELEMETRY": "false",
        "AZURE_CORE_NO_COLOR": "true",
        "AZURE_CORE_ONLY_SHOW_ERRORS": "false",
        "AZURE_CORE_SURVEY_MESSAGE": "false",
        "AZURE_CORE_LOGIN_EXPERIENCE_V2": "off",
        "HTTPS_PROXY": CLOSED_PROXY, "HTTP_PROXY": CLOSED_PROXY,
        "https_proxy": CLOSED_PROXY, "http_proxy": CLOSED_PROXY,
        "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost",
    })
    if extension_dir:
        env["AZURE_EXTENSION_DIR"] = extension_dir
    return env


_LOCAL_VERSIONS = ("import json; from azure.cli.core.util import _get_local_versions; "
                   "print(json.dumps(_get_local_versions()))")


def _local_versions(az=None):
    """az's installed component versions, read by the interpreter that az runs on."""
    python = az_python(az) if az else None
    if python is None or os.path.realpath(python) == os.path.realpath(sys.executable):
        from azure.cli.core.util import _get_local_versions  # the az in this interpreter
        return _get_local_versions()
    done = subprocess.run([python, "-c", _LOCAL_VERSIONS], capture_output=True, text=True, timeout=120, check=True)
    return json.loads(done.stdout)


def seed_version_check(config_dir, az=None):
    """Write versionCheck.json so az believes it checked for updates recently and is up to date."""
    versions = _local_versions(az)
    for entry in versions.values():
        entry["pypi"] = entry["local"]
    later = datetime.datetime.now() + datetime.timedelta(days=3650)
    with open(os.path.join(config_dir, "versionCheck.json"), "w", encoding="utf-8") as f:
        json.dump({"versions": versions, "update_time": later.strftime("%Y-%m-%d %H:%M:%S.%f")}, f)


def prepare(data_dir, config_dir, extension_dir=None, az=None, timeout=120):
    """Create the config dir, register the cloud, log in. Returns the env dict to run az with."""
    info = read_info(data_dir)
    os.makedirs(config_dir, exist_ok=True)
    az = az or find_az()
    seed_version_check(config_dir, az)
    env = build_env(info, config_dir, extension_dir)
    steps = [
        ["cloud", "register", "-n", CLOUD_NAME, "--endpoint-resource-manager", info["url"] + "/"],
        ["cloud", "set", "-n", CLOUD_NAME],
        ["login", "--identity", "--output", "none"],
    ]
    registered = subprocess.run([az, "cloud", "list", "--query", "[].name", "-o", "tsv"], env=env,
                                capture_output=True, text=True, timeout=timeout)
    if CLOUD_NAME in registered.stdout.split():
        steps[0] = ["cloud", "update", "-n", CLOUD_NAME, "--endpoint-resource-manager", info["url"] + "/"]
    for step in steps:
        done = subprocess.run([az] + step, env=env, capture_output=True, text=True, timeout=timeout)
        if done.returncode != 0:
            raise RuntimeError("az {} failed ({}):\n{}".format(" ".join(step), done.returncode, done.stderr))
    return env


def export_lines(env, keys=None):
    import shlex
    keys = keys or sorted(k for k in env if k.startswith(("AZURE_", "IDENTITY_", "MSI_", "REQUESTS_CA_BUNDLE"))
                          or k.upper() in ("HTTPS_PROXY", "HTTP_PROXY", "NO_PROXY"))
    return ["export {}={}".format(k, shlex.quote(env[k])) for k in keys]


def path_line(az=None):
    """`export PATH=...` putting the directory of the az that was prepared first, so that `az` after an
    `eval "$(... az-env ...)"` is that az (e.g. .venv/bin/az), not another one or none."""
    import shlex
    az = az or find_az()
    if not az:
        return None
    return "export PATH={}:\"$PATH\"".format(shlex.quote(os.path.dirname(os.path.abspath(az))))

