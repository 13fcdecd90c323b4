"""Command line: ``python -m k8s_configuration_emulator start|stop|status|add-cluster|seed|az-env|portal-link``."""
import argparse
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request

from . import DEFAULT_SUBSCRIPTION_ID, DEFAULT_TENANT_ID
from .server import info_path, port_is_free, recorded_port


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m k8s_configuration_emulator",
                                     description="Local emulator of ARM + Microsoft.KubernetesConfiguration "
                                                 "(a simulation: no real cluster or Flux behind it).")
    sub = parser.add_subparsers(dest="command", required=True)

    start = sub.add_parser("start", help="run the emulator (foreground, or --detach)")
    start.add_argument("--data-dir", required=True)
    start.add_argument("--port", type=int, help="0 = pick a free port (see DATA_DIR/emulator.json); default: the "
                                                "port of the last run on this data dir when it is free, else 0")
    start.add_argument("--operation-seconds", type=float, help="duration of long-running operations (default 3)")
    start.add_argument("--retry-after", type=int, help="Retry-After header value in seconds (default 1)")
    start.add_argument("--page-size", type=int, help="list page size (default 100)")
    start.add_argument("--graph-quota", help="Resource Graph quota per user: QUERIES/SECONDS (default 15/5; 0: none)")
    start.add_argument("--graph-lag-seconds", type=float,
                       help="how far Resource Graph's data may trail ARM's (default 0)")
    start.add_argument("--throttle", action="store_true",
                       help="ARM throttling: token buckets per subscription and principal, "
                            "x-ms-ratelimit-remaining-subscription-* headers, 429 TooManyRequests when empty")
    for kind, default in (("writes", "200/10"), ("reads", "250/25"), ("deletes", "200/10")):
        start.add_argument("--throttle-" + kind, metavar="SIZE/RATE",
                           help="with --throttle: the {} bucket, tokens / refilled per second (default {})".format(
                               kind, default))
    start.add_argument("--faults", help="JSON file with a fault rule or a list of rules")
    start.add_argument("--seed", help="JSON seed file (clusters, resource groups, provider states)")
    start.add_argument("--kubernetesconfiguration-registered", dest="kc_registered", action="store_true",
                       default=None, help="Microsoft.KubernetesConfiguration starts Registered (the default "
                                          "for a new data dir)")
    start.add_argument("--no-kubernetesconfiguration-registered", dest="kc_registered", action="store_false",
                       help="Microsoft.KubernetesConfiguration starts NotRegistered")
    start.add_argument("--detach", action="store_true", help="run in the background and return once ready")
    start.add_argument("--pid-file", help="with --detach: write the server's pid here")
    start.add_argument("--log-file", help="with --detach: server output (default DATA_DIR/emulator.log)")

    stop = sub.add_parser("stop", help="stop the emulator running on a data dir")
    stop.add_argument("--data-dir", required=True)
    stop.add_argument("--pid-file")

    status = sub.add_parser("status", help="print emulator.json and whether the server answers")
    status.add_argument("--data-dir", required=True)

    add = sub.add_parser("add-cluster", help="create a cluster resource (and its resource group)")
    add.add_argument("--data-dir", required=True)
    add.add_argument("-g", "--resource-group", required=True)
    add.add_argument("-n", "--name", required=True)
    add.add_argument("-t", "--cluster-type", default="connectedClusters",
                     choices=["connectedClusters", "managedClusters", "provisionedClusters", "appliances"])
    add.add_argument("--service-principal", action="store_true",
                     help="managedClusters: a service-principal cluster instead of a managed identity one")
    add.add_argument("--location", default="eastus")
    _placement_arguments(add)

    many = sub.add_parser("add-clusters", help="create clusters PREFIX-0001 ... PREFIX-N at once (a fleet)")
    many.add_argument("--data-dir", required=True)
    many.add_argument("--count", type=int, required=True)
    many.add_argument("--prefix", required=True)
    many.add_argument("-g", "--resource-group", required=True)
    many.add_argument("-t", "--cluster-type", default="connectedClusters",
                      choices=["connectedClusters", "managedClusters", "provisionedClusters", "appliances"])
    many.add_argument("--location", default="eastus")
    many.add_argument("--flux-configuration", metavar="SHAPE_FILE",
                      help="JSON fleet shape (see fleet.py): microsoft.flux and flux configurations on every "
                           "cluster, with a spread of compliance states")
    _placement_arguments(many)

    fleet = sub.add_parser("seed-fleet", help="apply a fleet shape (see fleet.py) to clusters already there")
    fleet.add_argument("file")
    fleet.add_argument("--data-dir", required=True)
    fleet.add_argument("--prefix", help="only the clusters whose name starts with it")

    seed = sub.add_parser("seed", help="apply a seed file to a data dir")
    seed.add_argument("file")
    seed.add_argument("--data-dir", required=True)

    azenv = sub.add_parser("az-env", help="prepare an isolated az config dir logged in to the emulator and "
                                          "print the export lines")
    azenv.add_argument("--data-dir", required=True)
    azenv.add_argument("--config-dir", required=True)
    azenv.add_argument("--extension-dir", help="AZURE_EXTENSION_DIR to export too")
    link = sub.add_parser("portal-link", help="print a new one-time login link to the running emulator's portal page")
    link.add_argument("--data-dir", required=True)

    args = parser.parse_args(argv)
    return {"start": cmd_start, "stop": cmd_stop, "status": cmd_status, "add-cluster": cmd_add_cluster,
            "add-clusters": cmd_add_clusters, "seed-fleet": cmd_seed_fleet, "seed": cmd_seed,
            "az-env": cmd_az_env, "portal-link": cmd_portal_link}[args.command](args)


def _placement_arguments(parser):
    parser.add_argument("--tags", nargs="*", default=[], metavar="KEY=VALUE", help="tags of the cluster(s)")
    parser.add_argument("--subscription", help="subscription id (added to the tenant when new; default: the "
                                               "emulator's subscription)")


def _tags(parser_args):
    tags = {}
    for item in parser_args.tags or []:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise SystemExit("--tags: expected KEY=VALUE, got {!r}".format(item))
        tags[key] = value
    return tags


def _subscription(store, parser_args):
    from .subscriptions import add_subscription
    if not parser_args.subscription:
        return DEFAULT_SUBSCRIPTION_ID
    try:
        return add_subscription(store, parser_args.subscription)
    except ValueError as err:
        raise SystemExit("--subscription: {}".format(err)) from None


def cmd_start(args):
    overrides = {"operation_seconds": args.operation_seconds, "retry_after": args.retry_after,
                 "page_size": args.page_size, "graph_quota": args.graph_quota,
                 "graph_lag_seconds": args.graph_lag_seconds, "throttle": args.throttle,
                 "throttle_writes": args.throttle_writes, "throttle_reads": args.throttle_reads,
                 "throttle_deletes": args.throttle_deletes}
    from .throttle import parse_bucket
    for kind in ("writes", "reads", "deletes"):
        value = getattr(args, "throttle_" + kind)
        if value is not None:
            try:
                parse_bucket(value)
            except ValueError as err:
                print("--throttle-{}: {}".format(kind, err), file=sys.stderr)
                return 2
    if args.graph_quota is not None:
        from .graph import parse_quota
        try:
            parse_quota(args.graph_quota)
        except ValueError as err:
            print("--graph-quota: {}".format(err), file=sys.stderr)
            return 2
    running = _running_info(args.data_dir)
    if running:  # two servers on one SQLite state would step on each other
        print("emulator already running on {} (pid {}); stop it first".format(running["url"], running["pid"]),
              file=sys.stderr)
        return 1
    port = start_port(args.data_dir, args.port)
    if not args.detach:
        from .server import serve
        serve(args.data_dir, port, overrides, args.faults, args.seed, args.kc_registered)
        return 0
    os.makedirs(args.data_dir, exist_ok=True)
    path = info_path(args.data_dir)
    if os.path.exists(path):
        os.remove(path)
    argv = [sys.executable, "-m", "k8s_configuration_emulator", "start", "--data-dir", args.data_dir,
            "--port", str(port)]
    for flag, value in (("--operation-seconds", args.operation_seconds), ("--retry-after", args.retry_after),
                        ("--page-size", args.page_size), ("--faults", args.faults), ("--seed", args.seed),
                        ("--graph-quota", args.graph_quota), ("--graph-lag-seconds", args.graph_lag_seconds),
                        ("--throttle-writes", args.throttle_writes), ("--throttle-reads", args.throttle_reads),
                        ("--throttle-deletes", args.throttle_deletes)):
        if value is not None:
            argv += [flag, str(value)]
    if args.throttle:
        argv.append("--throttle")
    if args.kc_registered is not None:
        argv.append("--kubernetesconfiguration-registered" if args.kc_registered
                    else "--no-kubernetesconfiguration-registered")
    log_file = args.log_file or os.path.join(args.data_dir, "emulator.log")
    with open(log_file, "ab") as log:
        proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                start_new_session=True, cwd=os.path.dirname(os.path.dirname(__file__)))
    info = wait_ready(args.data_dir, proc)
    if args.pid_file:
        with open(args.pid_file, "w", encoding="utf-8") as f:
            f.write(str(proc.pid))
    print(json.dumps(info, indent=2))
    return 0


def start_port(data_dir, requested):
    """The port asked for; without one, the port of the last run on this data dir when it is free (so exports
    printed by az-env before a restart stay valid), else 0: a free one."""
    if requested is not None:
        return requested
    last = recorded_port(data_dir)
    if last is None:
        return 0
    if port_is_free(last):
        return last
    print("port {} (the last run's) is in use: listening on another port; run az-env again".format(last),
          file=sys.stderr)
    return 0


def wait_ready(data_dir, proc=None, timeout=30):
    """Wait until emulator.json (written once the port is bound) exists and the server answers."""
    path = info_path(data_dir)
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc is not None and proc.poll() is not None:
            raise SystemExit("emulator exited early with code {}; see its log".format(proc.returncode))
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                info = json.load(f)
            if proc is None or info["pid"] == proc.pid:
                if _health(info):
                    return info
        time.sleep(0.05)
    raise SystemExit("emulator did not become ready within {} s".format(timeout))


def _running_info(data_dir):
    path = info_path(data_dir)
    if not os.path.exists(path):
        return None
    try:
        with open(path, encoding="utf-8") as f:
            info = json.load(f)
    except (OSError, ValueError):
        return None
    return info if _health(info) else None


def _health(info):
    """True when the server recorded in info answers (and is that process, not a newcomer on the port)."""
    import ssl
    try:
        ctx = ssl.create_default_context(cafile=info["ca_bundle"])
        with urllib.request.urlopen(info["url"] + "/_emulator/health", context=ctx, timeout=2) as resp:
            return resp.status == 200 and json.load(resp).get("pid") == info["pid"]
    except (OSError, ValueError):
        return False


def cmd_stop(args):
    pid = None
    path = info_path(args.data_dir)
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            pid = json.load(f).get("pid")
    if pid is None and args.pid_file and os.path.exists(args.pid_file):
        with open(args.pid_file, encoding="utf-8") as f:
            pid = int(f.read().strip())
    if pid is None:
        print("emulator not running (no {})".format(path))
        return 0
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        print("emulator not running (stale pid {})".format(pid))
        _cleanup(path, args.pid_file)
        return 0
    deadline = time.time() + 10
    while time.time() < deadline and _alive(pid):
        time.sleep(0.05)
    if _alive(pid):
        os.kill(pid, signal.SIGKILL)
    _cleanup(path, args.pid_file)
    print("emulator stopped (pid {})".format(pid))
    return 0


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie child of ours counts as gone
        done, _ = os.waitpid(pid, os.WNOHANG)
        return done == 0
    except ChildProcessError:
        return True


def _cleanup(path, pid_file):
    for p in (path, pid_file):
        if p and os.path.exists(p):
            os.remove(p)


def cmd_status(args):
    path = info_path(args.data_dir)
    if not os.path.exists(path):
        print("not running")
        return 1
    with open(path, encoding="utf-8") as f:
        info = json.load(f)
    info["answering"] = _health(info)
    print(json.dumps(info, indent=2))
    return 0 if info["answering"] else 1


def cmd_add_cluster(args):
    from .clusters import add_cluster
    from .store import Store
    store = Store(args.data_dir)
    body = add_cluster(store, _subscription(store, args), DEFAULT_TENANT_ID, args.resource_group,
                       args.name, args.cluster_type, args.location, args.service_principal, _tags(args))
    print(json.dumps(body, indent=2))
    return 0


def cmd_add_clusters(args):
    from .clusters import add_clusters
    from .store import Store
    if args.count < 1:
        raise SystemExit("--count: 1 or more")
    store = Store(args.data_dir)
    tags = _tags(args)
    shape = _load_json(args.flux_configuration) if args.flux_configuration else None
    ids = add_clusters(store, _subscription(store, args), DEFAULT_TENANT_ID, args.resource_group, args.prefix,
                       args.count, args.cluster_type, args.location, tags)
    if shape is not None:
        from .fleet import apply_shape
        apply_shape(store, ids, shape)
    print(json.dumps({"created": len(ids), "first": ids[0], "last": ids[-1]}, indent=2))
    return 0


def cmd_seed_fleet(args):
    from .fleet import apply_shape, cluster_ids
    from .store import Store
    store = Store(args.data_dir)
    ids = cluster_ids(store, args.prefix)
    counts = apply_shape(store, ids, _load_json(args.file))
    print(json.dumps(counts, indent=2))
    return 0


def _load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def cmd_seed(args):
    from .seed import apply_seed_data
    from .store import Store
    with open(args.file, encoding="utf-8") as f:
        seed = json.load(f)
    store = Store(args.data_dir)
    apply_seed_data(store, DEFAULT_SUBSCRIPTION_ID, DEFAULT_TENANT_ID, seed)
    for name, value in (seed.get("settings") or {}).items():
        store.set_setting(name, value)
    return 0


def cmd_az_env(args):
    from .azenv import export_lines, path_line, prepare, read_info
    env = prepare(args.data_dir, os.path.abspath(args.config_dir),
                  os.path.abspath(args.extension_dir) if args.extension_dir else None)
    lines = export_lines(env)
    path = path_line()
    print("\n".join(lines + ([path] if path else [])))
    link = _portal_login_url(read_info(args.data_dir))
    if link:
        print("# portal page (one-time login link): " + link, file=sys.stderr)
    return 0


def cmd_portal_link(args):
    info = _running_info(args.data_dir)
    link = _portal_login_url(info) if info else None
    if link is None:
        print("emulator not running on data dir {} (start it first)".format(args.data_dir), file=sys.stderr)
        return 1
    print(link)
    return 0


def _portal_login_url(info):
    """A new one-time login link for the portal page (None when the server does not answer)."""
    import ssl
    try:
        ctx = ssl.create_default_context(cafile=info["ca_bundle"])
        request = urllib.request.Request(info["url"] + "/_emulator/portal-login", method="POST",
                                         headers={"X-IDENTITY-HEADER": info["identity_header"]})
        with urllib.request.urlopen(request, context=ctx, timeout=5) as resp:
            return json.load(resp)["url"]
    except (OSError, ValueError, KeyError):
        return None
