"""Fetch and build a loopback git source for real, with the source-and-build engine that `flux validate` uses
(``azext_k8s_configuration.source_build``: it knows nothing of ARM; the emulator never imports the extension's
ARM-side rules). The emulator stands in for Flux here, so failures are said in Flux's words.

    outcome = run(props, secrets)   # a stored configuration's properties and protected settings
    outcome["source"]  -> {"ready", "revision", "commit"} or {"ready": False, "reason", "message"}
    outcome["builds"]  -> {kustomization: {"ok": True, "objects": [...]} or {"ok": False, "reason", "message"}}

Credentials come from the configuration as Flux gets them: ``httpsUser`` + protected ``httpsKey``, ``httpsCACert``
(the CA of a private HTTPS server), protected ``sshPrivateKey`` + ``sshKnownHosts``. They are used for the fetch
only, never written to a log, and scrubbed from every message. Builds are cached per commit and kustomization
paths: a configuration updated to the same commit is not built again.
"""
import base64
import collections
import hashlib
import json
import os
import shutil
import tempfile
import threading

from . import flux_objects
from .loopback import LOOPBACK_HOSTS, loopback_host

CACHE_SIZE = 64
_cache = collections.OrderedDict()
_cache_lock = threading.Lock()
PATH_CODES = ("path-not-found", "path-not-directory", "path-outside")


def engine_inputs(props, secrets):
    """(GitSource, [KustomizationSpec]) of a stored configuration, as Flux's GitRepository and Kustomizations."""
    from azext_k8s_configuration.source_build.spec import GitAuth, GitRef, GitSource, KustomizationSpec

    git = props.get("gitRepository") or {}
    ref = git.get("repositoryRef") or {}
    given = {k: ref.get(k) for k in ("branch", "tag", "semver", "commit") if ref.get(k)}
    git_ref = GitRef(**given) if given else GitRef(branch="master")  # Flux's default branch
    auth = GitAuth(https_user=git.get("httpsUser"), https_key=_text(secrets.get("httpsKey")),
                   ca_cert_pem=_bytes(git.get("httpsCACert")), ssh_private_key=_bytes(secrets.get("sshPrivateKey")),
                   known_hosts=_text(git.get("sshKnownHosts")))
    source = GitSource(git.get("url") or "", git_ref, auth, int(git.get("timeoutInSeconds") or 600))
    specs = []
    for name, kust in (props.get("kustomizations") or {}).items():
        post_build = kust.get("postBuild") or {}
        substitute_from = tuple("{}/{}".format(s.get("kind"), s.get("name"))
                                for s in post_build.get("substituteFrom") or [] if isinstance(s, dict))
        specs.append(KustomizationSpec(name, kust.get("path") or "", tuple(kust.get("dependsOn") or ()),
                                       post_build.get("substitute"), substitute_from))
    return source, specs


def _bytes(value):
    return base64.b64decode(value) if value else None


def _text(value):
    return base64.b64decode(value).decode("utf-8", "replace") if value else None


def run(props, secrets):
    """Fetch the configuration's source and build its kustomizations (blocking: run it in the background)."""
    from azext_k8s_configuration.source_build.git_url import parse_git_url
    from azext_k8s_configuration.source_build.report import redact
    from azext_k8s_configuration.source_build.source_errors import SourceError

    source, specs = engine_inputs(props, secrets)
    hidden = source.auth.secrets()
    try:
        url = parse_git_url(source.url)
    except SourceError as error:
        return {"source": _failed(redact(error.message, hidden))}
    if url.is_ssh and source.auth.known_hosts is None:
        return {"source": _failed(_clone_failed(url, "ssh: handshake failed: knownhosts: key is unknown"))}
    if loopback_host(source.url) is None or url.host.lower() != loopback_host(source.url):
        return {"source": _failed("not fetched: the emulator fetches only from 127.0.0.1 or localhost")}
    _never_through_a_proxy()
    workdir = tempfile.mkdtemp(prefix="emulator-flux-")
    try:
        return _fetch_and_build(source, specs, url, workdir, hidden)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _never_through_a_proxy():
    """Loopback is reached directly, whatever proxy the emulator's environment names (the git client honours
    https_proxy unless no_proxy lists the host): nothing may leave the machine."""
    with _cache_lock:
        for name in ("no_proxy", "NO_PROXY"):
            listed = [v.strip() for v in os.environ.get(name, "").split(",") if v.strip()]
            missing = [h for h in LOOPBACK_HOSTS if h not in listed]
            if missing:
                os.environ[name] = ",".join(listed + missing)


def _fetch_and_build(source, specs, url, workdir, hidden):
    from azext_k8s_configuration.source_build.fetch import Fetcher
    from azext_k8s_configuration.source_build.report import redact
    from azext_k8s_configuration.source_build.source_errors import SourceError

    try:
        checkout = Fetcher(source, workdir).checkout()
    except SourceError as error:
        return {"source": _failed(redact(_clone_failed(url, _flux_words(error, source, url)), hidden))}
    key = (url.display(), checkout.commit, tuple((s.name, s.path) for s in specs))
    with _cache_lock:
        builds = _cache.get(key)
        if builds is not None:
            _cache.move_to_end(key)
    if builds is None:
        builds = _build(checkout, specs, hidden)
        with _cache_lock:
            _cache[key] = builds
            while len(_cache) > CACHE_SIZE:
                _cache.popitem(last=False)
    return {"source": {"ready": True, "revision": checkout.revision, "commit": checkout.commit},
            "builds": json.loads(json.dumps(builds))}  # a copy: callers may change it


def _build(checkout, specs, hidden):
    from azext_k8s_configuration.source_build.engine import build_all
    from azext_k8s_configuration.source_build.report import ERROR, redact

    results, _cross_checks = build_all(checkout.directory, specs, revision=checkout.revision)
    builds = {}
    for result in results:
        errors = [p for p in result.problems if p.severity == ERROR]
        if errors:
            reason, message = _build_failure(errors[0], result.path)
            builds[result.name] = {"ok": False, "reason": reason, "message": redact(message, hidden)}
        else:
            builds[result.name] = {"ok": True, "objects": [_object(o) for o in result.objects]}
    return builds


def _build_failure(problem, path):
    """(reason, message) as kustomize-controller reports a kustomization that does not build."""
    if problem.code in PATH_CODES:
        return "ArtifactFailed", f"kustomization path not found: stat {path}: no such file or directory"
    if problem.code == "kustomize-build-failed":
        return "BuildFailed", problem.message
    where = f"{problem.where()}: " if problem.where() else ""
    return "BuildFailed", f"kustomize build failed: {where}{problem.message}"


def _object(obj):
    from azext_k8s_configuration.source_build.manifests import CLUSTER_SCOPED_KINDS

    namespace = obj.namespace
    if not namespace and obj.kind not in CLUSTER_SCOPED_KINDS:
        namespace = "default"  # where the API server puts a namespaced object that names none
    digest = hashlib.sha1(json.dumps(obj.data, sort_keys=True, default=str).encode()).hexdigest()
    return {"apiVersion": obj.api_version, "kind": obj.kind, "namespace": namespace, "name": obj.name,
            "digest": digest, "facts": flux_objects.facts(obj.kind, obj.data)}


def _failed(message):
    return {"ready": False, "reason": "GitOperationFailed", "message": message}


def _clone_failed(url, words):
    return f"failed to checkout and determine revision: unable to clone '{url.display()}': {words}"


def _flux_words(error, source, url):
    """What source-controller says for a failure the engine classified (codes of source_build.source_errors)."""
    from azext_k8s_configuration.source_build import source_errors as codes

    ref = source.ref
    if error.code in (codes.AUTH_REFUSED, codes.AUTH_REQUIRED):
        return ("ssh: handshake failed: ssh: unable to authenticate, attempted methods [none publickey], no "
                "supported methods remain") if url.is_ssh else "authentication required"
    if error.code == codes.HOST_KEY_MISMATCH:
        return "ssh: handshake failed: knownhosts: key mismatch"
    if error.code == codes.HOST_KEY_UNKNOWN:
        return "ssh: handshake failed: knownhosts: key is unknown"
    if error.code == codes.REPOSITORY_NOT_FOUND:
        return "repository not found"
    if error.code == codes.TLS_ERROR:
        return "tls: failed to verify certificate: x509: certificate signed by unknown authority"
    if error.code == codes.UNREACHABLE:
        return f"dial tcp {url.host_port}: connect: " + ("connection refused" if "refused" in error.message
                                                         else "i/o timeout")
    if error.code == codes.REF_NOT_FOUND and not ref.commit:
        kind, name = ("tags", ref.tag) if ref.tag else ("heads", ref.branch or "master")
        return f"couldn't find remote ref \"refs/{kind}/{name}\""
    if error.code == codes.SEMVER_NO_MATCH:
        return f"no match found for semver: {ref.semver}"
    return error.message
