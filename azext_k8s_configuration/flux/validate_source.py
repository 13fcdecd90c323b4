"""`flux validate`: the checked options (flux create's spec, or a stored configuration) as the inputs of the
source-and-build engine (source_build.spec), and what this machine cannot check."""
import base64

from ..source_build.spec import GitAuth, GitRef, GitSource, KustomizationSpec
from ..source_build.wording import Words
from ..validation.urls import is_ssh_url
from .kustomization_settings import DEFAULT_INTERVAL_SECONDS

# How the engine's messages name what the user gives: flux validate's options (source_build speaks no az)
AZ_WORDS = Words(
    url="--url", https_user="--https-user", https_key="--https-key", https_ca_cert_file="--https-ca-cert-file",
    ssh_private_key="--ssh-private-key", ssh_private_key_file="--ssh-private-key-file", known_hosts="--known-hosts",
    known_hosts_file="--known-hosts-file", local_auth_ref="--local-auth-ref", branch="--branch", tag="--tag",
    semver="--semver", commit="--commit", offline="--offline",
    public_key="`flux show ... --query repositoryPublicKey`",
    public_key_command="`az k8s-configuration flux show ... --query repositoryPublicKey -o tsv`")


def validate_git(source, kustomizations, **options):
    """source_build's engine.validate_git, its messages naming flux validate's options (AZ_WORDS)."""
    from ..source_build.engine import validate_git as run
    return run(source, kustomizations, words=AZ_WORDS, **options)


def _decode(value, as_text=True):
    if value is None:
        return None
    raw = base64.b64decode(value)
    return raw.decode("utf-8") if as_text else raw


def git_source(values):
    """values: {option key: value} of a git source as the table's checks return them (base64 where the wire is)."""
    ref = GitRef(branch=values.get("branch"), tag=values.get("tag"), semver=values.get("semver"),
                 commit=values.get("commit"))
    auth = GitAuth(https_user=values.get("https_user"), https_key=_decode(values.get("https_key")),
                   ca_cert_pem=_decode(values.get("https_ca_cert"), as_text=False),
                   ssh_private_key=_decode(values.get("ssh_private_key"), as_text=False),
                   known_hosts=_decode(values.get("known_hosts")))
    return GitSource(values["url"], ref, auth, int(values.get("timeout") or DEFAULT_INTERVAL_SECONDS))


def reference(kind, values):
    """What the source was asked for, in words, as the report's ``source.reference`` says it after a fetch."""
    if kind == "git":
        return GitRef(branch=values.get("branch"), tag=values.get("tag"), semver=values.get("semver"),
                      commit=values.get("commit")).describe()
    if kind == "oci":
        given = [f"{label} '{values[key]}'" for key, label in (("tag", "tag"), ("semver", "semver range"),
                                                               ("digest", "digest")) if values.get(key)]
        return " and ".join(given) or "the tag 'latest'"
    if kind == "bucket":
        return f"bucket '{values.get('bucket_name')}'"
    return f"container '{values.get('container_name')}'"


def kustomization_specs(kustomizations):
    """flux.kustomization_args.Kustomization objects -> KustomizationSpec, in the order given."""
    specs = []
    for k in kustomizations:
        substitute_from = tuple(f"{item.get('kind')}/{item.get('name')}" for item in (k.substitute_from or [])
                                if isinstance(item, dict))
        specs.append(KustomizationSpec(k.name, k.path or "", tuple(k.depends_on or ()),
                                       dict(k.substitute) if k.substitute else None, substitute_from))
    return specs


def credentials_elsewhere(values, stored=False):
    """What Flux will authenticate with that cannot be used from here (None when everything is at hand)."""
    if values.get("local_auth_ref"):
        return f"the Kubernetes secret '{values['local_auth_ref']}' named by --local-auth-ref"
    if values.get("provider") in ("Azure", "GitHub"):
        return (f"the {values['provider']} identity of --provider {values['provider'].lower()}, which exists "
                "only in the cluster")
    if stored and values.get("https_user") and not values.get("https_key"):
        return "the stored --https-key (ARM never returns it: pass --https-key again to check authentication)"
    if stored and is_ssh_url(values.get("url")) and not values.get("ssh_private_key"):
        return ("the stored SSH key, if any (ARM never returns it: pass --ssh-private-key-file again to check "
                "authentication)")
    return None
