"""One validation run: fetch the source, build every kustomization, check them against each other.

    report = validate_git(GitSource(url, GitRef(branch="main"), GitAuth(...)),
                          [KustomizationSpec("infra", "./infrastructure"), ...], progress=print)
    report.valid, report.to_dict()

`builder` picks how kustomizations are built: "auto" (a kustomize engine from PATH, else the YAML fallback),
"kustomize" (an engine is required) or "yaml" (the fallback only). Messages never carry the source's secrets.
"""
import os
import shutil
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor

from . import checks, substitution, wording
from .build import build_kustomization, needs_generated_kustomization
from .git_url import parse_git_url
from .host_trust import no_known_hosts_problem
from .kustomize_engine import find_engine
from .report import INFO, KustomizationResult, Problem, Report, SourceResult
from .source_errors import AUTH_REFUSED, AUTH_REQUIRED, SourceError

AUTO, KUSTOMIZE, YAML = "auto", "kustomize", "yaml"
PARALLEL_BUILDS = max(2, min(8, os.cpu_count() or 2))


NO_ENGINE = "no kustomize engine is on PATH (install kustomize, or kubectl, which embeds it)"
YAML_CHOSEN = "the YAML fallback was asked for"


def choose_engine(builder=AUTO):
    """(engine or None, why the fallback is used)."""
    if builder == YAML:
        return None, YAML_CHOSEN
    engine = find_engine()
    if engine is None and builder == KUSTOMIZE:
        raise SourceError("kustomize-missing", "No kustomize engine on PATH (kustomize, or kubectl which embeds it).",
                          "Install one, or build with the YAML fallback.")
    return engine, None if engine else NO_ENGINE


def build_all(root, kustomizations, builder=AUTO, revision=None, progress=None):
    """Build each kustomization from the checkout `root`; returns (results, cross-kustomization problems).

    Paths without a kustomization.yaml are built one at a time (the generated file is in the tree only during
    its own build, as each Flux build starts from the artifact); the others in parallel."""
    engine, fallback_reason = choose_engine(builder)

    def build(spec):
        if progress:
            progress(f"Building kustomization '{spec.name}' ({spec.path or './'})")
        result = build_kustomization(root, spec, engine, revision, fallback_reason)
        result.problems.extend(substitution.check_variables(spec, result))
        return result

    generated = [spec for spec in kustomizations if needs_generated_kustomization(root, spec)]
    results = {spec.name: build(spec) for spec in generated}
    rest = [spec for spec in kustomizations if spec.name not in results]
    if engine is not None and len(rest) > 1:
        with ThreadPoolExecutor(max_workers=min(len(rest), PARALLEL_BUILDS)) as pool:
            results.update(zip((spec.name for spec in rest), pool.map(build, rest)))
    else:
        results.update((spec.name, build(spec)) for spec in rest)
    ordered = [results[spec.name] for spec in kustomizations]
    problems = checks.namespace_order(kustomizations, ordered) + checks.shared_objects(ordered)
    return ordered, problems


def validate_directory(root, kustomizations, builder=AUTO, source=None, progress=None):
    """Build and check kustomizations from a directory that holds the source's content."""
    report = Report(source or SourceResult("directory", root))
    report.kustomizations, report.problems = build_all(root, kustomizations, builder, report.source.revision,
                                                       progress)
    return report


def validate_git(source, kustomizations, builder=AUTO, progress=None, workdir=None, credentials_elsewhere=None,
                 words=None):
    """source: spec.GitSource. `credentials_elsewhere` names credentials this machine cannot use (e.g. "the
    secret 'git-auth' the configuration names"): an authentication refusal is then 'not checked', not an
    error. `words` (wording.Words): how messages name the inputs (the caller's option names; plain words if None)."""
    previous = wording.use(words)
    try:
        return _validate_git(source, kustomizations, builder, progress, workdir, credentials_elsewhere)
    finally:
        wording.use(previous)


def _validate_git(source, kustomizations, builder, progress, workdir, credentials_elsewhere):
    from .fetch import Fetcher

    result = SourceResult("git", _display(source.url), source.ref.describe())
    report = Report(result)
    own_dir = workdir is None
    workdir = workdir or tempfile.mkdtemp(prefix="flux-validate-")
    if builder != YAML:  # look for kustomize/kubectl while the source is fetched
        threading.Thread(target=find_engine, name="find-kustomize", daemon=True).start()
    try:
        fetcher = Fetcher(source, workdir, progress)
        try:
            checkout = fetcher.checkout()
            _host_keys(fetcher, source, result)
        except SourceError as error:
            _host_keys(fetcher, source, result)
            result.problems.append(_source_problem(error, fetcher, source, credentials_elsewhere))
            _skipped(report, kustomizations, "the source could not be read")
            return report.redact(source.auth.secrets())
        result.revision, result.commit = checkout.revision, checkout.commit
        result.problems.extend(Problem(INFO, "source-note", note) for note in checkout.notes)
        report.kustomizations, report.problems = build_all(checkout.directory, kustomizations, builder,
                                                           checkout.revision, progress)
        return report.redact(source.auth.secrets())
    except SourceError as error:  # before a connection: the URL itself
        result.problems.append(error.problem())
        _skipped(report, kustomizations, "the source could not be read")
        return report.redact(source.auth.secrets())
    finally:
        if own_dir:
            shutil.rmtree(workdir, ignore_errors=True)


def _display(url):
    try:
        return parse_git_url(url).display()
    except SourceError:
        return "(not a git URL)"


def _host_keys(fetcher, source, result):
    """Without known_hosts, say what the server offered and whether Flux will trust it (once)."""
    if not fetcher.url.is_ssh or source.auth.known_hosts is not None:
        return
    if any(p.code in ("host-key-default", "host-key-untrusted") for p in result.problems):
        return
    seen = fetcher.host_keys_seen()
    if seen:
        result.problems.append(no_known_hosts_problem(fetcher.url, seen))


def _source_problem(error, fetcher, source, credentials_elsewhere):
    if error.code in (AUTH_REQUIRED, AUTH_REFUSED):
        if credentials_elsewhere:
            return Problem(INFO, "auth-not-checked", f"{error.message} The credentials Flux will use "
                           f"({credentials_elsewhere}) cannot be used from here: authentication and the "
                           "repository's content were not checked.")
        if fetcher.url.is_ssh and not source.auth.ssh_private_key:
            words = wording.current()
            return Problem(INFO, "deploy-key-needed", f"{fetcher.url.host_port} answers and asks for a key. No "
                           f"{words.ssh_private_key} was given, so the service generates a key pair: after create, "
                           f"add its public key ({words.public_key_command}) to the repository as a deploy key. The "
                           "repository's content cannot be checked from here without a key.")
    return error.problem()


def _skipped(report, kustomizations, why):
    report.kustomizations = [KustomizationResult.not_built(k.name, k.path, why) for k in kustomizations]
    if kustomizations:
        names = ", ".join(k.name for k in kustomizations)
        report.problems.append(Problem(INFO, "kustomizations-not-built", f"Kustomizations not built ({names}): "
                                       f"{why}."))
