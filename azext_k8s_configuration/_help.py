"""Help text for every group and command, with runnable examples, and what of it az is given (`register`)."""
from knack.help_files import helps

from azext_k8s_configuration.flux.kustomization_settings import keys_text

# The whole help text (knack's YAML) of each group and command, by name.
TEXTS = {}

TEXTS["k8s-configuration"] = """
type: group
short-summary: GitOps with Flux v2 on Azure Arc-enabled Kubernetes and AKS clusters.
long-summary: >
    Use `az k8s-configuration flux` for Flux v2 configurations. The `list`, `show` and `delete` commands of
    this group manage Flux v1 configurations (sourceControlConfigurations), which are deprecated: delete them
    and recreate them with `az k8s-configuration flux create`.
"""

TEXTS["k8s-configuration flux"] = """
type: group
short-summary: Flux v2 configurations on a cluster.
long-summary: >
    A flux configuration pairs a source (--kind: a Git repository, an S3-compatible bucket, an Azure Blob
    container or an OCI repository) with kustomizations that apply paths of that source to the cluster. `create` installs the microsoft.flux cluster extension first when the cluster does not have it.
"""

TEXTS["k8s-configuration flux create"] = """
type: command
short-summary: Create a flux configuration (installs the microsoft.flux extension when missing).
long-summary: >
    Everything is validated locally before any request is sent: Go durations (e.g. 10m, 1h30m), names, the URL
    against the authentication options, SSH keys, known_hosts and certificates. Secrets (SSH private key, HTTPS key)
    are sent as protected settings, never returned by Azure and never printed. When no --kustomization is given,
    one named kustomization-1 is created at the repository root.
    -k/--kustomization takes KEY=VALUE pairs. Keys: KUSTOMIZATION_KEYS. substitute takes post-build variables NAME:VALUE,NAME:VALUE and substitute_from
    ConfigMap:NAME,Secret:NAME[:optional]. depends_on takes a, a,b, [a,b] or ["a","b"]; in bash quote the
    bracket forms ('dependsOn=["infra"]'); `depends_on=infra` and `depends_on=infra,db` are shell-safe. The
    in-cluster object of a kustomization is named {configuration}-{kustomization}: at most 63 characters.
    Git reference: one of --branch, --tag, --semver or --commit (a bare commit is checked out as is), or --branch
    with --commit; none given means the branch master. Any option can be given as @FILE (az puts the file's
    content in its place; @- reads standard input): when az cannot read the file it passes the text on as typed,
    so a value that still begins with '@' is refused, naming the option and the file, and nothing is sent.
    On an existing name, create replaces the configuration (so that scripts can repeat it): it first warns naming
    each kustomization the command leaves out, which is removed (with prune on, its objects are deleted from the
    cluster), and a changed source; with a terminal attached it asks before removing kustomizations with prune on
    (--yes, or `az config set core.disable_confirm_prompt=true`, skips the question). The scope and namespace of an
    existing configuration cannot change. To change only some settings, use `az k8s-configuration flux update`.
examples:
  - name: Create a configuration with two kustomizations, apps depending on infra
    text: >
        az k8s-configuration flux create -g my-rg -c my-cluster -t connectedClusters -n gitops-demo
        --namespace gitops-demo --scope cluster -u https://github.com/fluxcd/flux2-kustomize-helm-example
        --branch main --kustomization name=infra path=./infrastructure prune=true
        --kustomization name=apps path=./apps/staging prune=true depends_on=infra
  - name: Create a configuration for a private repository over SSH with a key file and known_hosts file
    text: >
        az k8s-configuration flux create -g my-rg -c my-cluster -t managedClusters -n private-repo
        -u ssh://git@github.com/my-org/my-repo.git --branch main --ssh-private-key-file ~/.ssh/id_ed25519
        --known-hosts-file ./known_hosts --kustomization name=app path=./deploy prune=true
  - name: Create a configuration whose operation ends only once its kustomizations reconciled (at most 30m)
    text: >
        az k8s-configuration flux create -g my-rg -c my-cluster -t connectedClusters -n apps
        -u https://github.com/fluxcd/flux2-kustomize-helm-example --branch main
        -k name=apps path=./apps/staging prune=true substitute=cluster_env:staging
        --wait-for-reconciliation --reconciliation-wait-duration 30m
  - name: Create a configuration over HTTPS with a user and personal access token (read from standard input, so
        it is never on az's command line), without waiting
    text: >
        printf '%s' "$PAT" | az k8s-configuration flux create -g my-rg -c my-cluster -t connectedClusters -n app
        -u https://dev.azure.com/org/project/_git/repo --branch main --https-user me --https-key @- --no-wait
  - name: Pin a configuration to one commit, without a branch (Flux checks the commit out as is)
    text: >
        az k8s-configuration flux create -g my-rg -c my-cluster -t connectedClusters -n pinned
        -u https://github.com/my-org/my-repo --commit=363a6a8fe6a7f13e05d34c163b0ef02a777da20a
        -k name=infra path=./infrastructure prune=true
  - name: Read the HTTPS token from a file, so that it is not on the command line (az reads @FILE)
    text: >
        az k8s-configuration flux create -g my-rg -c my-cluster -t connectedClusters -n app
        -u https://github.com/my-org/my-repo --branch main --https-user git --https-key @./token.txt
  - name: Replace an existing configuration with one kustomization, without being asked (its others are removed)
    text: >
        az k8s-configuration flux create -g my-rg -c my-cluster -t connectedClusters -n gitops-demo
        --namespace gitops-demo -u https://github.com/fluxcd/flux2-kustomize-helm-example --branch main
        -k name=apps path=./apps/staging prune=true --yes
""".replace("KUSTOMIZATION_KEYS", keys_text())

TEXTS["k8s-configuration flux update"] = """
type: command
short-summary: Update a flux configuration (only what you pass changes).
long-summary: >
    Sends a merge patch with only the options given. Kustomizations given with -k are added or updated; remove
    one with `az k8s-configuration flux kustomization delete`. Secrets are kept unless given again. The scope and
    namespace of a configuration cannot change: delete and recreate it instead.
examples:
  - name: Switch the branch and the sync interval
    text: az k8s-configuration flux update -g my-rg -c my-cluster -t connectedClusters -n gitops-demo --branch release --interval 5m
  - name: Suspend reconciliation, then resume it
    text: |
        az k8s-configuration flux update -g my-rg -c my-cluster -t connectedClusters -n gitops-demo --suspend
        az k8s-configuration flux update -g my-rg -c my-cluster -t connectedClusters -n gitops-demo --suspend false
  - name: Pin the configuration to a commit (a stored branch is kept; a stored tag or semver is replaced)
    text: >
        az k8s-configuration flux update -g my-rg -c my-cluster -t connectedClusters -n gitops-demo
        --commit 363a6a8fe6a7f13e05d34c163b0ef02a777da20a
"""

TEXTS["k8s-configuration flux show"] = """
type: command
short-summary: Show a flux configuration, its compliance state and the status of its objects.
examples:
  - name: Show a configuration
    text: az k8s-configuration flux show -g my-rg -c my-cluster -t connectedClusters -n gitops-demo
  - name: Print only the compliance state
    text: az k8s-configuration flux show -g my-rg -c my-cluster -t connectedClusters -n gitops-demo --query complianceState -o tsv
"""

TEXTS["k8s-configuration flux list"] = """
type: command
short-summary: List the flux configurations of a cluster.
examples:
  - name: List as a table
    text: az k8s-configuration flux list -g my-rg -c my-cluster -t connectedClusters -o table
  - name: Names of the configurations that are not compliant
    text: az k8s-configuration flux list -g my-rg -c my-cluster -t managedClusters --query "[?complianceState!='Compliant'].name" -o tsv
"""

TEXTS["k8s-configuration flux delete"] = """
type: command
short-summary: Delete a flux configuration.
long-summary: >
    When a kustomization of the configuration has prune enabled, the objects it deployed are removed from the
    cluster too; the command says so. Deleting a configuration that does not exist only warns.
examples:
  - name: Delete without a confirmation prompt
    text: az k8s-configuration flux delete -g my-rg -c my-cluster -t connectedClusters -n gitops-demo --yes
  - name: Delete even when the cluster cannot be reached, without waiting
    text: az k8s-configuration flux delete -g my-rg -c my-cluster -t connectedClusters -n gitops-demo --force --yes --no-wait
"""

TEXTS["k8s-configuration flux apply"] = """
type: command
short-summary: Make a flux configuration what a file says - create it, change only what differs, or nothing.
long-summary: >
    FILE (-f, - for standard input) is YAML or JSON in one of two shapes: what `flux show -o yaml` or
    `flux export` prints (read-only members such as statuses are ignored; an unknown member is refused, naming the
    nearest known one), or Flux's own manifests - one GitRepository, OCIRepository or Bucket
    (source.toolkit.fluxcd.io v1 or v1beta2) and the Kustomizations whose sourceRef names it. A Flux field the
    Azure API cannot express (ignore, include, targetNamespace, patches, ...) is refused with its document and
    line; --ignore-unsupported drops each with a warning. Other kinds (Namespaces, Secrets, the flux-system
    components of a bootstrap) are skipped with a note; a Secret's data is never read. The file goes through the
    same rules as flux create; options given beside -f override it (a -k merges into the file's kustomization of
    that name). Secrets never come from the file: pass them as options (--https-key @key.txt,
    --ssh-private-key-file KEY, ...); left out, the stored ones are kept. One read, then: the configuration does
    not exist - created exactly as flux create does (microsoft.flux installed first when missing); it already
    equals the file (service defaults filled, durations compared as durations, order ignored) - nothing is sent,
    the note 'unchanged', exit code 0; it differs - one PATCH of what changed (kustomizations left out of the file
    are removed), or a PUT when the source kind changes; then it waits. --dry-run sends nothing and prints the
    plan: action (create, update, unchanged), cluster, changes (path, from, to; secrets as "(secret)").
    With a cluster selection instead of -g -c -t (--clusters-file, --cluster-ids, --cluster-query,
    --subscriptions) it is a rollout: the same apply on every selected cluster, --max-parallel at once (default 8,
    at most 64). ARM throttles each subscription and principal (token buckets: writes 200 refilled at 10 a second,
    reads 250 at 25); every worker waits for one shared pacer that reads the x-ms-ratelimit-remaining-subscription-*
    headers, so the rollout slows down before the buckets are empty, and a 429's Retry-After pauses all of them.
    --canary N applies to the first N clusters first (with --canary-wait-compliant D each must be Compliant,
    read through ARM, within D); a canary failure stops the rollout. Past --max-failures failures (default 0) no
    new cluster starts. --journal F records each finished cluster (JSON lines, flushed to disk as each
    finishes); --resume skips those it records as done for the same file and options. Progress goes to stderr;
    Ctrl-C starts no new cluster and lets the running ones finish. Output: one row per cluster (id,
    resourceGroup, cluster, action, provisioningState, complianceState of a waited canary, result, error); the
    exit code is 0 only when every selected cluster succeeded.
examples:
  - name: Roll a configuration out to the production clusters, two canaries first (Compliant within 10 minutes)
    text: >
        az k8s-configuration flux apply -f cluster-config.yaml --cluster-query "tags.env == 'prod'"
        --canary 2 --canary-wait-compliant 10m --max-failures 5 --journal rollout.jsonl -o table
  - name: Go on with a rollout that was stopped (killed, Ctrl-C, too many failures), skipping what it did
    text: >
        az k8s-configuration flux apply -f cluster-config.yaml --cluster-query "tags.env == 'prod'"
        --journal rollout.jsonl --resume
  - name: See what a rollout to the clusters of a file would change on each, without sending anything
    text: >
        az k8s-configuration flux apply -f cluster-config.yaml --clusters-file clusters.txt --dry-run
  - name: Copy a configuration to another cluster
    text: >
        az k8s-configuration flux show -g my-rg -c cluster-a -t connectedClusters -n gitops-demo -o yaml > demo.yaml

        az k8s-configuration flux apply -g my-rg -c cluster-b -t connectedClusters -f demo.yaml
  - name: Review what a changed file would do, as a table, without sending anything
    text: >
        az k8s-configuration flux apply -g my-rg -c my-cluster -t connectedClusters -f demo.yaml --dry-run -o table
  - name: Bring Flux's own manifests (as `flux create source git --export` writes them), with the token as an option
    text: >
        az k8s-configuration flux apply -g my-rg -c my-cluster -t managedClusters -f flux-system.yaml
        --https-user git --https-key @token.txt
  - name: Apply the file with another branch, from standard input
    text: >
        cat demo.yaml | az k8s-configuration flux apply -g my-rg -c my-cluster -t connectedClusters -f - --branch release
"""

TEXTS["k8s-configuration flux export"] = """
type: command
short-summary: Write a flux configuration as a file - the one flux apply takes, or Flux's own manifests.
long-summary: >
    --format azure (default) writes what flux show prints without the read-only members: applying it to the same
    cluster changes nothing ('unchanged', no request but the read); applying it to another cluster copies the
    configuration. --format flux writes the source and its Kustomizations as Flux manifests
    (source.toolkit.fluxcd.io/v1, kustomize.toolkit.fluxcd.io/v1) with the names and namespace microsoft.flux gives
    them in the cluster: the source is named after the configuration, each Kustomization
    {configuration}-{kustomization}, all in the configuration's namespace; secretRef names the Secret
    microsoft.flux keeps the configuration's credentials in (README, "Configurations as files"). No secret value is
    ever exported: write-only members are left out with a note.
examples:
  - name: Keep a configuration in a file under review
    text: >
        az k8s-configuration flux export -g my-rg -c my-cluster -t connectedClusters -n gitops-demo --file demo.yaml
  - name: Leave microsoft.flux with Flux's own manifests, printed to standard output
    text: >
        az k8s-configuration flux export -g my-rg -c my-cluster -t connectedClusters -n gitops-demo --format flux
"""

TEXTS["k8s-configuration flux wait"] = """
type: command
short-summary: Wait until a flux configuration meets a condition.
long-summary: >
    Waits for one condition: --created, --updated, --deleted, --exists or --custom (several at once are refused;
    to test several fields, join them in one --custom query). Reads the configuration every --interval (default
    5 s). --interval and --timeout take seconds (600) or a Go duration (10m, 1h30m, 1.5h), in whole seconds.
    Exits 0 once the condition holds; exits 1 when --timeout passes (saying the last state seen, or that it never
    appeared) and when the configuration is Failed (with the service's errorMessage); exits 3 when the cluster or
    resource group does not exist.
examples:
  - name: Wait until the configuration is compliant, for at most 10 minutes
    text: az k8s-configuration flux wait -g my-rg -c my-cluster -t connectedClusters -n gitops-demo --custom "complianceState=='Compliant'" --timeout 10m
  - name: Wait until it has been provisioned and is compliant (one --custom query testing both)
    text: az k8s-configuration flux wait -g my-rg -c my-cluster -t connectedClusters -n gitops-demo --custom "provisioningState=='Succeeded' && complianceState=='Compliant'" --interval 30 --timeout 1.5h
  - name: Wait for a configuration created with --no-wait
    text: az k8s-configuration flux wait -g my-rg -c my-cluster -t connectedClusters -n gitops-demo --created
  - name: Wait until the configuration is deleted
    text: az k8s-configuration flux wait -g my-rg -c my-cluster -t connectedClusters -n gitops-demo --deleted
"""

TEXTS["k8s-configuration flux compliance"] = """
type: command
short-summary: Compliance of flux configurations across a fleet of clusters, in one Azure Resource Graph query.
long-summary: >
    Reads Resource Graph (kubernetesconfigurationresources joined with the clusters), page by page, instead of one
    ARM call per cluster: one row per flux configuration (subscription, resource group, cluster, cluster type,
    configuration, namespace, complianceState, provisioningState, sourceSyncedCommitId, statusUpdatedAt, and a
    reason: the first non-compliant deployed object and its message). With --name, one row per selected cluster,
    Missing where the cluster lacks that configuration. Clusters: --clusters-file, --cluster-ids or
    --cluster-query (a Resource Graph where clause over connected and AKS clusters), within --subscriptions
    (default: the current subscription). A summary (counts by state) goes to stderr. It is a report: exit 0
    whatever the states; exit 1 when no cluster matches or Resource Graph refuses the query. With --wait it asks
    again every --interval until every row is Compliant (exit 0), or exits 1 when --timeout passes, listing the
    rest. Resource Graph's data trails ARM by seconds to minutes, and its per-user quota is honoured (the command
    waits for the next window rather than failing).
examples:
  - name: Every flux configuration of the current subscription, as a table
    text: az k8s-configuration flux compliance -o table
  - name: One configuration on the production clusters of two subscriptions, only where it is not in sync
    text: az k8s-configuration flux compliance -n cluster-config --subscriptions 00000000-0000-0000-0000-000000000001 00000000-0000-0000-0000-000000000002 --cluster-query "tags.env == 'prod' and location =~ 'westeurope'" --state Non-Compliant Missing
  - name: The clusters listed in a file (one resource id a line)
    text: az k8s-configuration flux compliance -n cluster-config --clusters-file clusters.txt -o table
  - name: Wait until a rollout is compliant everywhere, for at most 15 minutes
    text: az k8s-configuration flux compliance -n cluster-config --cluster-query "tags.ring == '1'" --wait --interval 30s --timeout 15m
  - name: Names of the clusters whose configuration is not compliant
    text: az k8s-configuration flux compliance -n cluster-config --query "[?complianceState!='Compliant'].cluster" -o tsv
"""

TEXTS["k8s-configuration flux validate"] = """
type: command
short-summary: Check a configuration before it is sent - its real source and the manifests it builds.
long-summary: >
    Runs flux create's local rules first (the same code; without --name the rules that need the name are
    skipped). Without --cluster-name nothing is read from or sent to Azure. For a git source it then connects as
    Flux would, with the same credentials (HTTPS user/key, CA certificate, SSH key with the host key checked
    against --known-hosts; without known_hosts it shows the server's key fingerprint and which host keys Flux
    trusts), resolves --branch/--tag/--commit/--semver (Flux's range syntax, e.g. '>=1.0.0 <2.0.0'), and builds
    every kustomization path at that revision as kustomize-controller does: with kustomize or kubectl when one is
    on PATH, otherwise from the YAML files with a note that patches and generators were not applied; a path
    without kustomization.yaml gets the one Flux generates; remote bases are never fetched. It reports the
    objects, YAML errors with file and line, objects without kind or name, missing files, objects in a namespace
    another kustomization creates without dependsOn on it, objects two kustomizations apply, and post-build
    variables nothing provides. Exit code 0 when Flux would succeed, 1 when anything would fail (or when the
    source cannot be reached from here: the result is then unknown); the problems go to stderr, and --report
    FILE writes the full JSON result in both cases. What cannot be checked from here is said: --local-auth-ref
    secrets, --provider identities, the deploy key of an SSH URL without --ssh-private-key, and the remote part
    of bucket, azblob and oci sources. With -g -c -t -n the configuration stored on the cluster is checked (one
    read); ARM never returns secrets, so pass --https-key or --ssh-private-key-file again to check authentication.
examples:
  - name: Check the tutorial's configuration before creating it
    text: >
        az k8s-configuration flux validate -u https://github.com/fluxcd/flux2-kustomize-helm-example --branch main
        -k name=infra path=./infrastructure prune=true -k name=apps path=./apps/staging prune=true depends_on=infra
  - name: In CI, a private repository with a token read from a file, the JSON result kept as an artifact
    text: >
        az k8s-configuration flux validate -n gitops-demo -u https://dev.azure.com/org/project/_git/repo
        --branch main --https-user git --https-key @token.txt -k name=apps path=./apps --report validate.json
  - name: Over SSH with a key and known_hosts, with a semver range of tags
    text: >
        az k8s-configuration flux validate -u ssh://git@github.com/my-org/my-repo.git --semver ">=1.0.0 <2.0.0"
        --ssh-private-key-file ~/.ssh/id_ed25519 --known-hosts-file ./known_hosts -k name=app path=./deploy
  - name: Check the configuration stored on a cluster, giving its HTTPS key again
    text: >
        az k8s-configuration flux validate -g my-rg -c my-cluster -t connectedClusters -n gitops-demo
        --https-key @token.txt -o table
  - name: Only the local rules (no connection)
    text: >
        az k8s-configuration flux validate -u https://github.com/org/repo --branch main -k name=app path=./app
        --offline
  - name: Check the file flux apply -f will take (flux export output or Flux manifests), before applying it
    text: >
        az k8s-configuration flux validate -f demo.yaml --https-key @token.txt
"""

TEXTS["k8s-configuration flux kustomization"] = """
type: group
short-summary: Kustomizations of a flux configuration.
"""

TEXTS["k8s-configuration flux kustomization create"] = """
type: command
short-summary: Add a kustomization to a flux configuration.
examples:
  - name: Add a kustomization that depends on infra
    text: az k8s-configuration flux kustomization create -g my-rg -c my-cluster -t connectedClusters -n gitops-demo -k monitoring --path ./monitoring --depends-on infra --prune
  - name: Add a kustomization with post-build variables, some read from a ConfigMap
    text: az k8s-configuration flux kustomization create -g my-rg -c my-cluster -t connectedClusters -n gitops-demo -k tenants --path ./tenants --substitute cluster_env:prod,replicas:2 --substitute-from ConfigMap:cluster-vars
  - name: Add a kustomization with its own intervals
    text: az k8s-configuration flux kustomization create -g my-rg -c my-cluster -t connectedClusters -n gitops-demo -k jobs --path ./jobs --sync-interval 1h --timeout 5m --retry-interval 2m
"""

TEXTS["k8s-configuration flux kustomization update"] = """
type: command
short-summary: Update a kustomization of a flux configuration (only what you pass changes).
long-summary: >
    --depends-on replaces the whole list; --depends-on "" clears it (the kustomization no longer waits for any
    other). A dependsOn already stored that names a kustomization the configuration no longer has (left by
    another tool or the portal) does not block commands that do not set it: they warn, naming the kustomization
    and the --depends-on that clears it.
examples:
  - name: Change the path
    text: az k8s-configuration flux kustomization update -g my-rg -c my-cluster -t connectedClusters -n gitops-demo -k apps --path ./apps/production
  - name: Turn pruning off and replace the dependencies
    text: az k8s-configuration flux kustomization update -g my-rg -c my-cluster -t connectedClusters -n gitops-demo -k apps --prune false --depends-on infra,monitoring
  - name: Clear the dependencies of apps (it no longer waits for any other kustomization)
    text: az k8s-configuration flux kustomization update -g my-rg -c my-cluster -t connectedClusters -n gitops-demo -k apps --depends-on ""
"""

TEXTS["k8s-configuration flux kustomization list"] = """
type: command
short-summary: List the kustomizations of a flux configuration.
examples:
  - name: List as a table
    text: az k8s-configuration flux kustomization list -g my-rg -c my-cluster -t connectedClusters -n gitops-demo -o table
  - name: Show the dependencies of apps
    text: az k8s-configuration flux kustomization list -g my-rg -c my-cluster -t connectedClusters -n gitops-demo --query apps.dependsOn
"""

TEXTS["k8s-configuration flux kustomization show"] = """
type: command
short-summary: Show a kustomization of a flux configuration.
long-summary: >
    Prints {"NAME": {...}}, as Microsoft's k8s-configuration extension does, so its scripts' queries work unchanged:
    `--query apps.path` for the kustomization apps.
examples:
  - name: Show a kustomization
    text: az k8s-configuration flux kustomization show -g my-rg -c my-cluster -t connectedClusters -n gitops-demo -k apps
  - name: Print only its path
    text: >
        az k8s-configuration flux kustomization show -g my-rg -c my-cluster -t connectedClusters -n gitops-demo -k apps
        --query apps.path -o tsv
  - name: Show it as a table
    text: az k8s-configuration flux kustomization show -g my-rg -c my-cluster -t connectedClusters -n gitops-demo -k infra -o table
"""

TEXTS["k8s-configuration flux kustomization delete"] = """
type: command
short-summary: Delete a kustomization from a flux configuration.
long-summary: >
    Kustomizations that depend on it lose that dependency in the same change (their other dependencies stay),
    so they reconcile without waiting for it instead of waiting for good (DependencyNotReady). The command names
    each of them, and the confirmation asks about it too. Delete them first if they must not run without it.
examples:
  - name: Delete a kustomization without a prompt
    text: az k8s-configuration flux kustomization delete -g my-rg -c my-cluster -t connectedClusters -n gitops-demo -k apps --yes
  - name: Delete it without waiting
    text: az k8s-configuration flux kustomization delete -g my-rg -c my-cluster -t connectedClusters -n gitops-demo -k apps --yes --no-wait
"""

TEXTS["k8s-configuration flux deployed-object"] = """
type: group
short-summary: Objects Flux deployed for a configuration, with their status.
"""

TEXTS["k8s-configuration flux deployed-object list"] = """
type: command
short-summary: List the objects deployed by a flux configuration.
examples:
  - name: List as a table
    text: az k8s-configuration flux deployed-object list -g my-rg -c my-cluster -t connectedClusters -n gitops-demo -o table
  - name: Names of the objects that are not compliant
    text: az k8s-configuration flux deployed-object list -g my-rg -c my-cluster -t connectedClusters -n gitops-demo --query "[?complianceState!='Compliant'].name"
"""

TEXTS["k8s-configuration flux deployed-object show"] = """
type: command
short-summary: Show one object deployed by a flux configuration.
examples:
  - name: Show the kustomization object of apps
    text: az k8s-configuration flux deployed-object show -g my-rg -c my-cluster -t connectedClusters -n gitops-demo --object-name gitops-demo-apps --object-namespace gitops-demo --object-kind Kustomization
  - name: Show the source object
    text: az k8s-configuration flux deployed-object show -g my-rg -c my-cluster -t connectedClusters -n gitops-demo --object-name gitops-demo --object-namespace gitops-demo --object-kind GitRepository
"""

TEXTS["k8s-configuration list"] = """
type: command
short-summary: List Flux v1 configurations (deprecated; use `az k8s-configuration flux list`).
examples:
  - name: List Flux v1 configurations to migrate
    text: az k8s-configuration list -g my-rg -c my-cluster -t connectedClusters -o table
  - name: Names only
    text: az k8s-configuration list -g my-rg -c my-cluster -t managedClusters --query "[].name" -o tsv
"""

TEXTS["k8s-configuration show"] = """
type: command
short-summary: Show a Flux v1 configuration (deprecated; use `az k8s-configuration flux show`).
examples:
  - name: Show a Flux v1 configuration
    text: az k8s-configuration show -g my-rg -c my-cluster -t connectedClusters -n old-config
  - name: Show its repository URL
    text: az k8s-configuration show -g my-rg -c my-cluster -t connectedClusters -n old-config --query repositoryUrl -o tsv
"""

TEXTS["k8s-configuration delete"] = """
type: command
short-summary: Delete a Flux v1 configuration (deprecated; migrate to `az k8s-configuration flux create`).
examples:
  - name: Delete a Flux v1 configuration without a prompt
    text: az k8s-configuration delete -g my-rg -c my-cluster -t connectedClusters -n old-config --yes
  - name: Delete every Flux v1 configuration of a cluster
    text: |
        for n in $(az k8s-configuration list -g my-rg -c my-cluster -t connectedClusters --query "[].name" -o tsv); do
          az k8s-configuration delete -g my-rg -c my-cluster -t connectedClusters -n "$n" --yes
        done
"""

TEXTS["k8s-extension"] = """
type: group
short-summary: Cluster extensions on Arc-enabled Kubernetes, AKS, provisioned clusters and appliances.
"""

TEXTS["k8s-extension create"] = """
type: command
short-summary: Create a cluster extension (on an existing extension of the same type, update its settings).
long-summary: >
    Non-AKS clusters get a SystemAssigned identity for the extension. When an extension of the same name and
    type already exists (e.g. `flux`, installed by `az k8s-configuration flux create`), its settings are
    updated instead, with a warning; the given keys are merged into its settings. For microsoft.flux, a key
    that is not a documented setting of the extension gets a one-line warning naming the nearest known setting,
    and is still sent (the service decides). A value given as @FILE that az could not read (it then passes the
    text on as typed) is refused before anything is sent; protected settings can also come from
    --configuration-protected-settings-file. With --version, the versions the service offers the cluster (on the
    release train given, or its default) are read first: a version it does not offer is refused, listing those it
    does (when they cannot be read, a warning says so and the request goes on). Before installing a new
    extension, the types the service offers the cluster are read: a type not among them (e.g. a typo) gets a
    warning naming the nearest one, and is still sent (the service refuses a type it does not offer). The names
    of Microsoft's k8s-extension (--config-settings, --config-protected-settings, --config-settings-file,
    --config-protected-settings-file) are accepted too.
examples:
  - name: Install Flux with the image automation and reflector controllers
    text: >
        az k8s-extension create -g my-rg -c my-cluster -t connectedClusters --name flux --extension-type microsoft.flux
        --config image-automation-controller.enabled=true image-reflector-controller.enabled=true
  - name: Install a pinned version of an extension in a namespace
    text: >
        az k8s-extension create -g my-rg -c my-aks -t managedClusters --name flux --extension-type microsoft.flux
        --scope cluster --release-namespace flux-system --auto-upgrade false --version 1.8.2
  - name: Install a marketplace extension on AKS, with its plan (the IDs its offer shows)
    text: >
        az k8s-extension create -g my-rg -c my-aks -t managedClusters --name sampleapp --extension-type contoso.sampleapp
        --plan-name standard --plan-product sampleapp-offer --plan-publisher contoso --scope namespace
        --target-namespace sampleapp
"""

TEXTS["k8s-extension update"] = """
type: command
short-summary: Update a cluster extension (only what you pass changes).
long-summary: >
    Sends a PATCH: settings given are merged key by key into the extension's settings. --remove-config KEY ...
    removes stored settings (sent as null: a JSON merge patch), e.g. a mistyped key; `--config KEY=` stores an
    empty value instead. A key the extension does not hold gets a warning and is left out; a key both set and
    removed in one command is refused. Setting or removing protected settings asks for confirmation (their
    stored values cannot be shown or compared); --yes skips it.
examples:
  - name: Turn on the image controllers of Flux
    text: az k8s-extension update -g my-rg -c my-cluster -t connectedClusters -n flux --config image-automation-controller.enabled=true image-reflector-controller.enabled=true
  - name: Remove a mistyped setting (and set the intended one)
    text: >
        az k8s-extension update -g my-rg -c my-cluster -t connectedClusters -n flux
        --remove-config image-automation-controler.enabled --config image-automation-controller.enabled=true
  - name: Turn automatic minor upgrades back on
    text: az k8s-extension update -g my-rg -c my-cluster -t connectedClusters -n flux --auto-upgrade true
"""

TEXTS["k8s-extension show"] = """
type: command
short-summary: Show a cluster extension.
examples:
  - name: Show the flux extension
    text: az k8s-extension show -g my-rg -c my-cluster -t connectedClusters -n flux
  - name: Show its provisioning state only
    text: az k8s-extension show -g my-rg -c my-cluster -t connectedClusters -n flux --query provisioningState -o tsv
"""

TEXTS["k8s-extension list"] = """
type: command
short-summary: List the extensions of a cluster.
examples:
  - name: List as a table
    text: az k8s-extension list -g my-rg -c my-cluster -t connectedClusters -o table
  - name: Names of the extensions of an AKS cluster
    text: az k8s-extension list -g my-rg -c my-aks -t managedClusters --query "[].name" -o tsv
"""

TEXTS["k8s-extension delete"] = """
type: command
short-summary: Delete a cluster extension.
examples:
  - name: Delete the flux extension of an Arc-enabled cluster
    text: az k8s-extension delete -g my-rg -c my-cluster -t connectedClusters -n flux --yes
  - name: Delete the flux extension of an AKS cluster even if the cluster cannot be reached
    text: az k8s-extension delete -g my-rg -c my-aks -t managedClusters -n flux --force --yes
"""

TEXTS["k8s-extension wait"] = """
type: command
short-summary: Wait until a cluster extension meets a condition.
long-summary: >
    Pairs with --no-wait on create, update and delete. Waits for one condition: --created, --updated, --deleted,
    --exists or --custom (several at once are refused). Reads the extension every --interval (default 5 s).
    --interval and --timeout take seconds (900) or a Go duration (15m, 1h30m, 1.5h), in whole seconds.
    Exits 0 once the condition holds; exits 1 when --timeout passes (saying the last state seen, or that it never
    appeared) and when the extension is Failed (with the service's error details); exits 3 when the cluster or
    resource group does not exist.
examples:
  - name: Wait for an extension created with --no-wait, for at most 15 minutes
    text: az k8s-extension wait -g my-rg -c my-cluster -t connectedClusters -n flux --created --timeout 15m
  - name: Wait until an extension is deleted
    text: az k8s-extension wait -g my-rg -c my-cluster -t connectedClusters -n flux --deleted
"""

TEXTS["k8s-extension extension-types"] = """
type: group
short-summary: Which extension types, versions and release trains can be installed, by cluster or by location.
long-summary: >
    The service's catalog of cluster extensions (extensionTypes, API 2024-11-01-preview). The -by-cluster commands
    answer for one cluster (its type, location and Kubernetes version); the -by-location commands for a region.
    Use what they show with `az k8s-extension create --version/--release-train`. The requests go to the cloud az is
    registered to (`az cloud show`).
"""

TEXTS["k8s-extension extension-types list-by-cluster"] = """
type: command
short-summary: List the extension types a cluster can install.
examples:
  - name: The extension types an Arc-enabled cluster can install
    text: az k8s-extension extension-types list-by-cluster -g my-rg -c my-cluster -t connectedClusters -o table
  - name: Those with versions on the preview release train, names only
    text: >
        az k8s-extension extension-types list-by-cluster -g my-rg -c my-aks -t managedClusters --release-train preview
        --query "[].name" -o tsv
"""

TEXTS["k8s-extension extension-types show-by-cluster"] = """
type: command
short-summary: Show an extension type as a cluster can install it (publisher, cluster types, scope, plan).
examples:
  - name: Show microsoft.flux for an Arc-enabled cluster
    text: >
        az k8s-extension extension-types show-by-cluster -g my-rg -c my-cluster -t connectedClusters
        --extension-type microsoft.flux
  - name: Its default release namespace
    text: >
        az k8s-extension extension-types show-by-cluster -g my-rg -c my-aks -t managedClusters
        --extension-type microsoft.flux
        --query properties.supportedScopes.clusterScopeSettings.defaultReleaseNamespace -o tsv
"""

TEXTS["k8s-extension extension-types list-versions-by-cluster"] = """
type: command
short-summary: List the versions of an extension type a cluster can install (-o table shows the newest first).
long-summary: >
    The versions of one release train (--release-train, stable when left out). A version from this list can be
    pinned with `az k8s-extension create ... --auto-upgrade false --version VERSION`.
examples:
  - name: The stable versions of microsoft.flux an Arc-enabled cluster can install
    text: >
        az k8s-extension extension-types list-versions-by-cluster -g my-rg -c my-cluster -t connectedClusters
        --extension-type microsoft.flux -o table
  - name: The latest preview version
    text: >
        az k8s-extension extension-types list-versions-by-cluster -g my-rg -c my-cluster -t connectedClusters
        --extension-type microsoft.flux --release-train preview --show-latest --query "[].properties.version" -o tsv
"""

TEXTS["k8s-extension extension-types show-version-by-cluster"] = """
type: command
short-summary: Show one version of an extension type, if a cluster can install it.
examples:
  - name: Can this cluster install microsoft.flux 1.15.1?
    text: >
        az k8s-extension extension-types show-version-by-cluster -g my-rg -c my-cluster -t connectedClusters
        --extension-type microsoft.flux --version 1.15.1
  - name: The Kubernetes versions it does not support
    text: >
        az k8s-extension extension-types show-version-by-cluster -g my-rg -c my-cluster -t connectedClusters
        --extension-type microsoft.flux --version 1.8.2 --query properties.unsupportedKubernetesVersions
"""

TEXTS["k8s-extension extension-types list-by-location"] = """
type: command
short-summary: List the extension types offered in a location.
examples:
  - name: The extension types offered in East US
    text: az k8s-extension extension-types list-by-location --location eastus -o table
  - name: The marketplace extension types of one publisher that AKS clusters can install there
    text: az k8s-extension extension-types list-by-location -l eastus -t managedClusters --plan-publisher contoso -o table
"""

TEXTS["k8s-extension extension-types show-by-location"] = """
type: command
short-summary: Show an extension type offered in a location.
examples:
  - name: Show microsoft.flux in East US
    text: az k8s-extension extension-types show-by-location --location eastus --extension-type microsoft.flux
  - name: The cluster types it supports
    text: >
        az k8s-extension extension-types show-by-location -l eastus --extension-type microsoft.flux
        --query properties.supportedClusterTypes -o tsv
"""

TEXTS["k8s-extension extension-types list-versions-by-location"] = """
type: command
short-summary: List the versions of an extension type offered in a location (-o table shows the newest first).
examples:
  - name: The stable versions of microsoft.flux for AKS clusters in East US
    text: >
        az k8s-extension extension-types list-versions-by-location -l eastus --extension-type microsoft.flux
        -t managedClusters -o table
  - name: The latest 1.x preview version
    text: >
        az k8s-extension extension-types list-versions-by-location --location eastus --extension-type microsoft.flux
        --release-train preview --major-version 1 --show-latest --query "[].properties.version" -o tsv
"""

TEXTS["k8s-extension extension-types show-version-by-location"] = """
type: command
short-summary: Show one version of an extension type, if it is offered in a location.
examples:
  - name: Is microsoft.flux 1.15.1 offered in West Europe?
    text: >
        az k8s-extension extension-types show-version-by-location -l westeurope --extension-type microsoft.flux
        --version 1.15.1
  - name: The cluster types that version supports
    text: >
        az k8s-extension extension-types show-version-by-location --location eastus --extension-type microsoft.flux
        --version 1.15.1 --query properties.supportedClusterTypes -o tsv
"""


def register(args=None):
    """Give az the help texts for a command line (None: every text whole).

    To print a group's help, az parses the whole YAML text of each of its children (pure Python, a millisecond or
    two for a text with examples) to print one line of each: some 10 ms of `az k8s-configuration flux -h`. So when
    the command line names a group (`az k8s-configuration flux -h`, or without -h), the texts on its path go whole
    and the others as their `type` and `short-summary`, all a group's help reads of a child. A command line that
    names a command, or none of ours (options first, `az help`, az's own probes), gets every text whole."""
    words = _command_words(args)
    on_path = [name for name in TEXTS if words[:len(name.split())] == name.split()]
    named = max(on_path, key=len, default=None)  # the group or command the command line names
    group_help = named is not None and TEXTS[named].lstrip().startswith("type: group")
    for name, text in TEXTS.items():
        helps[name] = _summary(text) if group_help and name not in on_path else text


def _command_words(args):
    """The command's words: the arguments before the first option (`-h`, `--name`...)."""
    words = []
    for arg in args or ():
        if not isinstance(arg, str) or arg.startswith("-"):
            break
        words.append(arg)
    return words


def _summary(text):
    """The `type` and `short-summary` entries of a help text (their lines as written, continuation lines kept)."""
    kept, keeping = [], False
    for line in text.splitlines():
        if line and not line[0].isspace():
            keeping = line.startswith(("type:", "short-summary:"))
        if keeping:
            kept.append(line)
    return "\n".join(kept) + "\n"


register()
