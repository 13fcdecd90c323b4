"""Messages name an option as the user typed it: `--interval 1d` is refused naming --interval, not --sync-interval.

A handler calls ``remember(cmd)`` before it checks anything; from then on ``as_typed(name)`` turns any name of an
option (e.g. the one messages use, --sync-interval) into the name typed on the command line (--interval), or
leaves it as it is when the option was not typed under another name (or az's parser took an abbreviation).

Where az keeps what was typed: before it runs a command, az stores the option names of the command line in
``cli_ctx.data['safe_params']`` (``AzCliCommandInvoker._extract_parameter_names``: ``--name`` of ``--name=value``,
``-k`` of ``-k``), for telemetry, in the az of 2.70 and of 2.91 alike; the command's options and their names are
``cmd.arguments`` (``options_list``). No second parse of sys.argv: the names come from az's own. Without them
(a handler called directly, in tests) every name stays as it is.

One command runs per az process: the names typed are kept here, at module level, until the next ``remember``.
"""
_typed = {}


def remember(cmd):
    """Keep, for every name of each option typed under one of its names, the name typed (the last, when an option
    was given more than once: argparse keeps the last value)."""
    _typed.clear()
    cli_ctx = getattr(cmd, "cli_ctx", None)
    data = getattr(cli_ctx, "data", None)
    typed = list(data.get("safe_params") or []) if isinstance(data, dict) else []
    arguments = getattr(cmd, "arguments", None)
    if not typed or not isinstance(arguments, dict):
        return
    for argument in arguments.values():
        settings = getattr(getattr(argument, "type", None), "settings", None) or {}
        names = [str(name) for name in settings.get("options_list") or ()]
        given = [name for name in typed if name in names]
        if given:
            for name in names:
                _typed[name] = given[-1]


def as_typed(name):
    """The name of this option the user typed, or ``name`` itself."""
    return _typed.get(name, name)
