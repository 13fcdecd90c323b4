"""ARM path patterns with named segments, e.g. ``subscriptions/{subscription}/resourceGroups/{resource_group}``.

Literal segments compare case-insensitively, as ARM does; ``{name}`` captures the segment as the client sent it.
A capture may be limited to a few values (``choices``), and a whole match to a condition (``where``).
"""


class Pattern:
    __slots__ = ("text", "_parts", "_choices", "_where")

    def __init__(self, text, choices=None, where=None):
        self.text = text
        self._parts = []  # (literal in lower case, None) or (None, capture name)
        for segment in text.strip("/").split("/"):
            if segment.startswith("{") and segment.endswith("}"):
                self._parts.append((None, segment[1:-1]))
            else:
                self._parts.append((segment.lower(), None))
        self._choices = {name: {v.lower() for v in values} for name, values in (choices or {}).items()}
        self._where = where

    def __len__(self):
        return len(self._parts)

    def match(self, lower, segments):
        """The named segments of a path (given as lower-cased and as-sent segment lists), or None."""
        if len(lower) != len(self._parts):
            return None
        params = {}
        for (literal, name), low, segment in zip(self._parts, lower, segments):
            if literal is not None:
                if low != literal:
                    return None
                continue
            allowed = self._choices.get(name)
            if allowed is not None and low not in allowed:
                return None
            params[name] = segment
        if self._where is not None and not self._where(params):
            return None
        return params

    def __repr__(self):
        return "Pattern({!r})".format(self.text)
