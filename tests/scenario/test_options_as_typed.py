"""Errors name an option as the user typed it (issue 14), with the real az: an alias typed is the name the error
gives, and its hint is a command line that runs as written. Microsoft's long synonyms, hidden from the help's option
column, are accepted without any warning. Each call is refused before any request is sent."""
import pytest

CLUSTER = "-g rg -c cluster -t connectedClusters"
GIT = f"k8s-configuration flux create {CLUSTER} -n cfg -u https://github.com/org/repo --branch main"
AZBLOB = f"k8s-configuration flux create {CLUSTER} -n cfg --kind azblob -u https://acct.blob.core.windows.net " \
         "--container-name c"
EXTENSION = f"k8s-extension create {CLUSTER} -n ext --extension-type microsoft.flux"
KUSTOMIZATION = f"k8s-configuration flux kustomization create {CLUSTER} -n cfg -k apps --path ./apps"


@pytest.mark.parametrize("command, named, not_named", [
    (f"{GIT} --interval 1d", ["--interval '1d'", "e.g. --interval 10m"], "--sync-interval"),
    (f"{GIT} --sync-interval 1d", ["--sync-interval '1d'", "e.g. --sync-interval 10m"], "--interval "),
    (f"{GIT} -k name=apps timeout=1d", ["-k (name=apps) timeout '1d'", "e.g. -k name=apps timeout=10m"],
     "--kustomization"),
    (f"{GIT} --kustomization name=apps timeout=1d", ["e.g. --kustomization name=apps timeout=10m"], "-k "),
    (f"{EXTENSION} --config foo", ["--config: 'foo' is not a KEY=VALUE pair"], "--configuration-settings"),
    (f"{EXTENSION} --config-settings foo", ["--config-settings: 'foo'"], "--configuration-settings"),
    (f"{AZBLOB} --service-principal-client-id not-a-guid --sp-tenant-id 00000000-0000-0000-0000-000000000001 "
     "--sp-client-secret s", ["--service-principal-client-id"], "--sp-client-id"),
    (f"{KUSTOMIZATION} --interval 1d", ["--interval '1d'", "e.g. --interval 10m"], "--sync-interval"),
    (f"{KUSTOMIZATION} --dependencies Bad_Name", ["--dependencies"], "--depends-on"),
])
def test_the_error_names_the_option_as_typed(az, command, named, not_named):
    result = az(command, check=False)
    assert result.exit_code == 1, result.stderr
    assert result.requests == [], result.requests
    for text in named:
        assert text in result.stderr, (command, result.stderr)
    assert not_named not in result.stderr, (command, result.stderr)
    assert "deprecated" not in result.stderr.lower(), result.stderr
