"""FILE -> documents with line numbers: YAML (several documents) or JSON, '-' for standard input.

Each document keeps where each of its members was written, so that a refusal names the document and the line.
"""
import sys

from azure.cli.core.azclierror import InvalidArgumentValueError

OPTION = "--file"


class Document:
    """One document of the file: ``data`` (plain Python), ``index`` (1-based), ``lines`` {path tuple: line}."""

    def __init__(self, source, index, data, lines):
        self.source, self.index, self.data, self.lines = source, index, data, lines

    def line(self, path=()):
        """The line (1-based) of the member at ``path`` or of its nearest written parent."""
        path = tuple(path)
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path)

    def where(self, path=()):
        """'FILE, document N, line L' for messages."""
        line = self.line(path)
        text = f"{self.source}, document {self.index}"
        return text + (f", line {line}" if line else "")


def read_text(path):
    """The text of FILE ('-' = standard input); a missing or unreadable file names --file and the path."""
    if path == "-":
        return sys.stdin.read(), "(stdin)"
    try:
        with open(path, encoding="utf-8-sig") as handle:
            return handle.read(), path
    except FileNotFoundError:
        raise InvalidArgumentValueError(f"{OPTION} '{path}' does not exist.", "Give the path of a YAML or JSON "
                                        "file, or - to read standard input.") from None
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidArgumentValueError(f"{OPTION} '{path}' cannot be read: {error}.",
                                        "Give a readable UTF-8 YAML or JSON file.") from None


def load(path):
    """FILE -> [Document] (empty documents left out); text that is not YAML or JSON is refused with its line."""
    text, source = read_text(path)
    return parse(text, source)


def parse(text, source="(text)"):
    import yaml
    try:
        nodes = list(yaml.compose_all(text, Loader=_loader()))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        where = f", line {mark.line + 1}" if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error)
        raise InvalidArgumentValueError(f"{OPTION} {source}{where}: not valid YAML or JSON ({problem}).",
                                        "Fix the file: it must hold YAML documents or one JSON object.") from None
    documents = []
    constructor = yaml.SafeLoader("")  # one constructor for every scalar (building one each is slow)
    for index, node in enumerate(nodes, start=1):
        if node is None:
            continue
        lines = {}
        data = _construct(node, (), lines, source, index, constructor)
        if data is None:
            continue
        documents.append(Document(source, index, data, lines))
    if not documents:
        raise InvalidArgumentValueError(f"{OPTION} {source} holds no document.",
                                        "Give the YAML or JSON of a flux configuration, or Flux manifests.")
    return documents


def _loader():
    import yaml
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _construct(node, path, lines, source, index, constructor):
    """A composed node -> plain data (mappings with string keys, lists, scalars as YAML 1.1 safe-loads them),
    recording the line of each member."""
    import yaml
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result = {}
        for key_node, value_node in node.value:
            key = _scalar(constructor, key_node, source, index)
            if not isinstance(key, str):
                key = str(key)
            if key in result:
                raise InvalidArgumentValueError(
                    f"{OPTION} {source}, document {index}, line {key_node.start_mark.line + 1}: "
                    f"'{key}' is given twice.", "Give each member once.")
            result[key] = _construct(value_node, path + (key,), lines, source, index, constructor)
            lines[path + (key,)] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_construct(item, path + (i,), lines, source, index, constructor)
                for i, item in enumerate(node.value)]
    return _scalar(constructor, node, source, index)


def _scalar(constructor, node, source, index):
    """A scalar as YAML 1.1 safe-loads it; one it cannot build (an unknown tag, a date that is none) is refused
    with its line."""
    import yaml
    try:
        return constructor.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError, OverflowError) as error:
        problem = getattr(error, "problem", None) or str(error)
        raise InvalidArgumentValueError(
            f"{OPTION} {source}, document {index}, line {node.start_mark.line + 1}: not a value this file can hold "
            f"({problem}).", "Quote the value to make it a string, e.g. interval: '10m'.") from None


def is_unquoted_scalar(value):
    """A number, boolean or date where the API takes text (YAML reads `tag: 1.10` as 1.1, `branch: yes` as True):
    the file must quote it, or it would be sent as something else than what it says."""
    import datetime
    return isinstance(value, (bool, int, float, datetime.date))


QUOTE_IT = "Quote the value in the file so that it stays as written, e.g. tag: '1.10'."
