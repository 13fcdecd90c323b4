"""Fault injection rules, matched against incoming (non-admin) requests.

A rule: ``{"method": "PUT", "path": "fluxConfigurations/.*", "status": 500, "headers": {}, "body": {...},
"count": 1, "delay": 0, "drop": false}``. ``path`` is a case-insensitive regex searched in the request path;
``method`` is optional (any method when missing or "*"). ``count`` is how many times the rule fires
(default 1; 0 or a negative number = forever). ``delay`` seconds are waited before answering (alone, it
just slows the real answer); ``drop`` closes the connection without an answer; ``status`` answers with
that status (and ``body``, default an ARM error body) instead of the real handler.
"""
import re
import threading

_KEYS = {"method", "path", "status", "headers", "body", "count", "delay", "drop"}


class FaultRules:
    def __init__(self):
        self._lock = threading.Lock()
        self._rules = []
        self._next_id = 1

    def add(self, rules):
        if isinstance(rules, dict):
            rules = [rules]
        added = []
        for rule in rules:
            unknown = set(rule) - _KEYS - {"id"}
            if unknown:
                raise ValueError("unknown fault rule keys: {}".format(", ".join(sorted(unknown))))
            if not (rule.get("status") or rule.get("drop") or rule.get("delay")):
                raise ValueError("a fault rule needs at least one of status, drop, delay")
            rule = dict(rule)
            rule.setdefault("count", 1)
            rule["_regex"] = re.compile(rule.get("path") or ".*", re.IGNORECASE)
            with self._lock:
                rule["id"] = self._next_id
                self._next_id += 1
                rule["fired"] = 0
                self._rules.append(rule)
            added.append(_public(rule))
        return added

    def list(self):
        with self._lock:
            return [_public(r) for r in self._rules]

    def clear(self):
        with self._lock:
            self._rules = []

    def match(self, method, path):
        """Return the first live rule matching (and count it as fired), or None."""
        if not self._rules:
            return None
        with self._lock:
            for rule in self._rules:
                m = rule.get("method")
                if m and m != "*" and m.upper() != method:
                    continue
                if not rule["_regex"].search(path):
                    continue
                rule["fired"] += 1
                if rule["count"] > 0 and rule["fired"] >= rule["count"]:
                    self._rules.remove(rule)
                return _public(rule)
        return None


def _public(rule):
    return {k: v for k, v in rule.items() if not k.startswith("_")}
