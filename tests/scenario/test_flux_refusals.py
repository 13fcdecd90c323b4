"""Bad input through the real az: a typed error naming the option, no traceback, nothing sent to ARM."""
import base64

import pytest

HTTPS = "-u https://github.com/org/repo --branch main"
SSH = "-u ssh://git@github.com/org/repo.git --branch main"


def b64(text):
    return base64.b64encode(text.encode()).decode()


BAD = [
    ("interval without unit", f"{HTTPS} --interval 10", "--interval '10'"),  # named as typed (issue 14)
    ("interval in days", f"{HTTPS} --sync-interval 1d", "--sync-interval"),
    ("timeout with a fraction of a second", f"{HTTPS} --timeout 1.5s", "--timeout"),
    ("empty timeout", f"{HTTPS} --timeout ''", "--timeout"),
    ("empty bucket interval", "--kind bucket -u https://s3.example.com --bucket-name manifests --local-auth-ref s "
                              "--interval ''", "--interval"),
    ("bad kustomization duration", f"{HTTPS} -k name=a sync_interval=5m30", "sync_interval"),
    ("uppercase name", f"{HTTPS} --name-override Bad_Name", "--name"),
    ("namespace with dot", f"{HTTPS} --namespace my.ns", "--namespace"),
    ("ftp url", "-u ftp://example.com/repo --branch main", "-u 'ftp://"),
    ("credentials in url", "-u https://user:secret@github.com/org/repo --branch main", "--https-user"),
    ("ssh key with https url", f"{HTTPS} --ssh-private-key {b64('garbage')}", "--ssh-private-key"),
    ("known hosts with https url", f"{HTTPS} --known-hosts {b64('github.com ssh-ed25519 AAAA')}", "--known-hosts"),
    ("https user without key", f"{HTTPS} --https-user bot", "--https-key"),
    ("https auth with ssh url", f"{SSH} --https-user bot --https-key k", "--https-"),
    ("ca cert with ssh url", f"{SSH} --https-ca-cert {b64('x')}", "--https-ca-cert"),
    ("key and key file", f"{SSH} --ssh-private-key {b64('x')} --ssh-private-key-file /nonexistent",
     "--ssh-private-key"),
    ("local ref with inline key", f"{HTTPS} --https-user u --https-key k --local-auth-ref s", "--local-auth-ref"),
    ("garbage ssh key", f"{SSH} --ssh-private-key {b64('not a key')}", "--ssh-private-key"),
    ("raw pem inline", f"{SSH} '--ssh-private-key=-----BEGIN OPENSSH PRIVATE KEY-----'", "--ssh-private-key-file"),
    ("missing key file", f"{SSH} --ssh-private-key-file /nonexistent/id_rsa", "/nonexistent/id_rsa"),
    ("bad known_hosts line", f"{SSH} --known-hosts {b64('# c' + chr(10) + 'github.com ssh-rsa !!!')}", "line 2"),
    ("garbage ca cert", f"{HTTPS} --https-ca-cert {b64('nope')}", "--https-ca-cert"),
    ("unknown -k key", f"{HTTPS} -k name=a colour=blue", "colour"),
    ("-k token without =", f"{HTTPS} -k name=a prune", "prune"),
    ("-k bad boolean", f"{HTTPS} -k name=a prune=yes", "prune"),
    ("duplicate kustomization", f"{HTTPS} -k name=a -k name=a", "'a'"),
    ("unknown dependency", f"{HTTPS} -k name=a depends_on=b", "'b'"),
    ("self dependency", f"{HTTPS} -k name=a depends_on=a", "'a'"),
    ("dependency cycle", f"{HTTPS} -k name=a depends_on=b -k name=b depends_on=a", "a -> b -> a"),
    ("in-cluster name too long", f"{HTTPS} -k name={'k' * 60}", "63"),
]


@pytest.mark.parametrize("label,args,named", BAD, ids=[b[0] for b in BAD])
def test_refused_before_anything_is_sent(az, cluster, label, args, named):
    name = "cfg"
    if "--name-override" in args:
        args, _, name = args.partition(" --name-override ")
        name = name.strip()
    result = az(f"k8s-configuration flux create {cluster.args} -n {name} {args}", check=False)
    assert result.exit_code != 0, f"{label}: accepted"
    assert result.exit_code != 3
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("ERROR: ") or "\nERROR: " in result.stderr
    assert named in result.stderr, result.stderr
    assert result.requests == [], f"{label}: sent {result.requests}"


UPDATE_BAD = [
    ("update with nothing to change", "flux update {c} -n cfg", "Nothing to update"),
    ("update interval without unit", "flux update {c} -n cfg --interval 10", "--interval '10'"),
    ("update bad -k token", "flux update {c} -n cfg -k name=a prune", "prune"),
    ("update bad namespace", "flux update {c} -n cfg --namespace Bad_NS", "--namespace"),
    ("kustomization create bad duration", "flux kustomization create {c} -n cfg -k apps --timeout 1d", "--timeout"),
    ("kustomization update bad boolean", "flux kustomization update {c} -n cfg -k apps --prune maybe", "--prune"),
    ("kustomization delete bad name", "flux kustomization delete {c} -n cfg -k Bad_Name --yes", "--kustomization-name"),
]


@pytest.mark.parametrize("label,command,named", UPDATE_BAD, ids=[b[0] for b in UPDATE_BAD])
def test_update_refusals_are_found_before_any_request(az, cluster, label, command, named):
    # The configuration does not even exist: the input error must come first, with no request at all.
    result = az("k8s-configuration " + command.format(c=cluster.args), check=False)
    assert result.exit_code not in (0, 3), f"{label}: {result.stderr}"
    assert named in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert result.requests == [], f"{label}: sent {result.requests}"
