"""Runnable examples in error hints: ``e.g. --timeout 10m`` for an option, ``e.g. --kustomization name=apps
timeout=10m`` for a KEY=VALUE key of one.

Validators take the name they report as a string (``option``); a key of an option is a ``KeyOfOption``, a string
that reads "--kustomization (name=apps) timeout" in messages (which -k is meant) and writes its examples the way
the command line takes them.
"""


class KeyOfOption(str):
    """``key`` of the KEY=VALUE group of ``option`` whose name=``name`` (the name is left out when not known)."""

    def __new__(cls, option, key, name=None):
        label = f"{option} (name={name}) {key}" if name is not None else f"{option} {key}"
        instance = super().__new__(cls, label)
        instance.option, instance.key, instance.name = option, key, name
        return instance

    def example(self, value):
        named = f"name={self.name} " if self.name is not None and self.key != "name" else ""
        return f"{self.option} {named}{self.key}={value}"


def example(option, value):
    """How the user would pass ``value`` to ``option`` (a plain option name or a KeyOfOption)."""
    return option.example(value) if isinstance(option, KeyOfOption) else f"{option} {value}"
