"""Runs a parsed KQL query (``kql_parse``) over tables of rows (dicts). Each column has a type, as in Kusto:
``string`` columns are never null (a missing value is ""), ``dynamic`` ones hold JSON (null included), plus
``long``, ``real``, ``bool``. Comparisons follow Kusto's rules for the subset: ``==``/``in`` are case-sensitive,
``=~``/``in~``/``contains``/``has``/``startswith``/``endswith`` are not; a comparison with a null is null, and
``where`` keeps only rows whose condition is true (and/or/not are three-valued). A column that does not exist is
an error, as in Kusto (a path into a dynamic column that leads nowhere is null)."""
import json
import re

from .kql_parse import KqlError, column_name, parse

# The columns of the emulated Resource Graph tables (both tables share them).
TABLE_SCHEMA = {"id": "string", "name": "string", "type": "string", "tenantId": "string", "kind": "string",
                "location": "string", "resourceGroup": "string", "subscriptionId": "string",
                "managedBy": "string", "sku": "dynamic", "plan": "dynamic", "properties": "dynamic",
                "tags": "dynamic", "identity": "dynamic", "zones": "dynamic", "extendedLocation": "dynamic"}


class Table:
    __slots__ = ("schema", "rows")

    def __init__(self, schema, rows):
        self.schema = dict(schema)  # column -> type, in column order
        self.rows = rows


def run(text, tables):
    """The result Table of a query; ``tables`` maps a lower-cased table name to a function returning its Table."""
    return execute(parse(text), tables)


def execute(query, tables):
    source = tables.get(query.table)
    if source is None:
        raise KqlError("UnknownTable", "Table '{}' is not available in the emulated Resource Graph (available: {})"
                       .format(query.table, ", ".join(sorted(tables))), token=query.table)
    table = source()
    for op in query.operators:
        table = _OPERATORS[op.name](op.args, table, tables)
    return table


# -- values --------------------------------------------------------------------------------------
def to_text(value):
    """tostring(): "" for null, JSON for arrays and bags, Kusto's spelling for booleans."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, separators=(",", ":"))
    return str(value)


def _number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _equal(a, b):
    if a is None or b is None:
        return None
    if _number(a) and _number(b):
        return a == b
    if type(a) is not type(b):
        return False
    return a == b


def _order(a, b, test):
    if a is None or b is None:
        return None
    if (_number(a) and _number(b)) or (isinstance(a, str) and isinstance(b, str)):
        return test(a, b)
    return None


def _has(text, term):
    if not term:
        return True
    pattern = r"(?<![A-Za-z0-9])" + re.escape(term) + r"(?![A-Za-z0-9])"
    return re.search(pattern, text, re.IGNORECASE) is not None


def _negate(value):
    return None if value is None else not value


def _string_op(name):
    base = name.lstrip("!")
    test = {"contains": lambda a, b: b.lower() in a.lower(), "has": _has,
            "startswith": lambda a, b: a.lower().startswith(b.lower()),
            "endswith": lambda a, b: a.lower().endswith(b.lower())}[base]
    if name.startswith("!"):
        return lambda a, b: not test(to_text(a), to_text(b))
    return lambda a, b: test(to_text(a), to_text(b))


def _insensitive_equal(a, b):
    if a is None or b is None:
        return None
    return to_text(a).lower() == to_text(b).lower()


_COMPARE = {
    "==": _equal,
    "!=": lambda a, b: _negate(_equal(a, b)),
    "=~": _insensitive_equal,
    "!~": lambda a, b: _negate(_insensitive_equal(a, b)),
    "<": lambda a, b: _order(a, b, lambda x, y: x < y),
    "<=": lambda a, b: _order(a, b, lambda x, y: x <= y),
    ">": lambda a, b: _order(a, b, lambda x, y: x > y),
    ">=": lambda a, b: _order(a, b, lambda x, y: x >= y),
}
for _name in ("contains", "!contains", "has", "!has", "startswith", "!startswith", "endswith", "!endswith"):
    _COMPARE[_name] = _string_op(_name)


def _in(a, values, insensitive):
    if a is None:
        return None
    if insensitive:
        text = to_text(a).lower()
        return any(v is not None and to_text(v).lower() == text for v in values)
    return any(_equal(a, v) for v in values)


def _and(a, b):
    if a is False or b is False:
        return False
    if a is None or b is None:
        return None
    return bool(a) and bool(b)


def _or(a, b):
    if a is True or b is True:
        return True
    if a is None or b is None:
        return None
    return bool(a) or bool(b)


_FUNCTIONS = {
    "not": (lambda a: _negate(None if a is None else bool(a)), "bool"),
    "isnull": (lambda a: a is None, "bool"),
    "isnotnull": (lambda a: a is not None, "bool"),
    "isempty": (lambda a: a is None or a == "", "bool"),
    "isnotempty": (lambda a: not (a is None or a == ""), "bool"),
    "tolower": (lambda a: to_text(a).lower(), "string"),
    "toupper": (lambda a: to_text(a).upper(), "string"),
    "tostring": (to_text, "string"),
}


def _literal_type(value):
    if value is None or isinstance(value, (dict, list)):
        return "dynamic"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "real"
    return "string"


def compile_expr(expr, schema):
    """(fn(row) -> value, type) for an expression over rows of ``schema``."""
    kind = expr[0]
    if kind == "lit":
        value = expr[1]
        return (lambda _row: value), _literal_type(value)
    if kind == "path":
        return _compile_path(expr[1], expr[2], schema)
    if kind == "cmp":
        left, _ = compile_expr(expr[2], schema)
        right, _ = compile_expr(expr[3], schema)
        test = _COMPARE[expr[1]]
        return (lambda row: test(left(row), right(row))), "bool"
    if kind == "in":
        left, _ = compile_expr(expr[2], schema)
        values = [compile_expr(v, schema)[0] for v in expr[3]]
        negate = expr[1].startswith("!")
        insensitive = expr[1].endswith("~")
        if all(v[0] == "lit" and isinstance(v[1], str) for v in expr[3]):  # a list of strings: one set lookup
            wanted = {v[1].lower() if insensitive else v[1] for v in expr[3]}

            def in_strings(row):
                value = left(row)
                if value is None:
                    return None
                text = to_text(value).lower() if insensitive else value
                result = isinstance(text, str) and text in wanted
                return not result if negate else result
            return in_strings, "bool"

        def contained(row):
            result = _in(left(row), [v(row) for v in values], insensitive)
            return _negate(result) if negate else result
        return contained, "bool"
    if kind in ("and", "or"):
        left, _ = compile_expr(expr[1], schema)
        right, _ = compile_expr(expr[2], schema)
        combine = _and if kind == "and" else _or
        return (lambda row: combine(left(row), right(row))), "bool"
    if kind == "call":
        args = [compile_expr(a, schema)[0] for a in expr[2]]
        if expr[1] == "strcat":
            return (lambda row: "".join(to_text(a(row)) for a in args)), "string"
        if expr[1] in ("iff", "iif"):
            test, then, otherwise = args
            types = {compile_expr(a, schema)[1] for a in expr[2][1:]}
            return (lambda row: then(row) if test(row) is True else otherwise(row)), \
                types.pop() if len(types) == 1 else "dynamic"
        fn, result_type = _FUNCTIONS[expr[1]]
        arg = args[0]
        return (lambda row: fn(arg(row))), result_type
    raise AssertionError(expr)


def _compile_path(column, keys, schema):
    if column not in schema:
        raise KqlError("UnknownColumn", "Failed to resolve scalar expression named '{}'".format(column),
                       token=column)
    if not keys:
        return (lambda row: row.get(column)), schema[column]
    if schema[column] != "dynamic":
        raise KqlError("InvalidQuery", "'{}' is a {} column: only dynamic columns have members"
                       .format(column, schema[column]), token=column)

    if all(isinstance(key, str) for key in keys):  # the common case: members only
        def members(row):
            value = row.get(column)
            for key in keys:
                if value.__class__ is not dict:
                    return None
                value = value.get(key)
            return value
        return members, "dynamic"

    def walk(row):
        value = row.get(column)
        for key in keys:
            if isinstance(key, str) and isinstance(value, dict):
                value = value.get(key)
            elif isinstance(key, int) and isinstance(value, list) and -len(value) <= key < len(value):
                value = value[key]
            else:
                return None
        return value
    return walk, "dynamic"


def _null_of(column_type):
    return "" if column_type == "string" else None


# -- tabular operators ---------------------------------------------------------------------------
def _where(args, table, _tables):
    test, _ = compile_expr(args["expr"], table.schema)
    return Table(table.schema, [row for row in table.rows if test(row) is True])


def _named(items, schema):
    out = []
    for ordinal, (alias, expr) in enumerate(items, 1):
        fn, column_type = compile_expr(expr, schema)
        out.append((alias or column_name(expr, ordinal), fn, column_type))
    return out


def _project(args, table, _tables):
    columns = _named(args["columns"], table.schema)
    names = [c[0] for c in columns]
    duplicate = next((n for n in names if names.count(n) > 1), None)
    if duplicate:
        raise KqlError("InvalidQuery", "project: the column '{}' is named twice".format(duplicate), token=duplicate)
    schema = {name: column_type for name, _, column_type in columns}
    rows = [{name: fn(row) for name, fn, _ in columns} for row in table.rows]
    return Table(schema, rows)


def _extend(args, table, _tables):
    columns = _named(args["columns"], table.schema)
    schema = dict(table.schema)
    for name, _, column_type in columns:
        schema[name] = column_type
    rows = []
    for row in table.rows:
        new = dict(row)
        for name, fn, _ in columns:
            new[name] = fn(row)
        rows.append(new)
    return Table(schema, rows)


def _project_away(args, table, _tables):
    for name in args["names"]:
        if name not in table.schema:
            raise KqlError("UnknownColumn", "project-away: no column named '{}'".format(name), token=name)
    gone = set(args["names"])
    schema = {k: v for k, v in table.schema.items() if k not in gone}
    return Table(schema, [{k: v for k, v in row.items() if k not in gone} for row in table.rows])


def _key(value):
    """A hashable stand-in for a value (bags and arrays by their JSON)."""
    return json.dumps(value, sort_keys=True) if isinstance(value, (dict, list)) else (type(value).__name__, value)


def _summarize(args, table, _tables):
    keys = _named(args["keys"], table.schema)
    groups = {}
    for row in table.rows:
        values = tuple(fn(row) for _, fn, _ in keys)
        entry = groups.get(tuple(_key(v) for v in values))
        if entry is None:
            groups[tuple(_key(v) for v in values)] = [values, 1]
        else:
            entry[1] += 1
    if not keys and not groups:
        groups[()] = [(), 0]
    schema = {name: column_type for name, _, column_type in keys}
    for aggregate in args["aggregates"]:
        schema[aggregate] = "long"
    rows = []
    for values, count in groups.values():
        row = {name: value for (name, _, _), value in zip(keys, values)}
        for aggregate in args["aggregates"]:
            row[aggregate] = count
        rows.append(row)
    return Table(schema, rows)


_TYPE_RANK = {bool: 1, int: 2, float: 2, str: 3, list: 4, dict: 5}


def _sorted(rows, keys, schema):
    rows = list(rows)
    for expr, descending in reversed(keys):
        fn, _ = compile_expr(expr, schema)

        def sort_key(row, fn=fn, descending=descending):
            value = fn(row)
            if value is None:  # nulls last when descending, first when ascending (Kusto's defaults)
                return (0, 0, "")
            rank = _TYPE_RANK.get(type(value), 6)
            comparable = value if rank in (1, 2, 3) else _key(value)
            return (1, rank, comparable)
        rows.sort(key=sort_key, reverse=descending)
    return rows


def _order_by(args, table, _tables):
    return Table(table.schema, _sorted(table.rows, args["keys"], table.schema))


def _top(args, table, _tables):
    return Table(table.schema, _sorted(table.rows, args["keys"], table.schema)[:args["count"]])


def _limit(args, table, _tables):
    return Table(table.schema, table.rows[:args["count"]])


def _mv_expand(args, table, _tables):
    """One row per element of an array (per {key: value} of a bag); a row whose value is null or empty goes."""
    fn, _ = compile_expr(args["expr"], table.schema)
    name = args["column"]
    schema = dict(table.schema)
    schema[name] = "dynamic"
    rows = []
    for row in table.rows:
        value = fn(row)
        if isinstance(value, list):
            items = value
        elif isinstance(value, dict):
            items = [{k: v} for k, v in value.items()]
        elif value is None:
            items = []
        else:
            items = [value]
        for item in items:
            new = dict(row)
            new[name] = item
            rows.append(new)
    return Table(schema, rows)


def _parse(args, table, _tables):
    """Kusto's simple mode: literals in order, ``*`` and columns match the text between them (the last one to the
    end); text that does not match gives empty strings (nulls for numbers)."""
    source, _ = compile_expr(args["source"], table.schema)
    parts = args["parts"]
    pattern = ""
    columns = []
    last = len(parts) - 1
    for index, part in enumerate(parts):
        lazy = "" if index == last else "?"
        if part[0] == "lit":
            pattern += re.escape(part[1])
        elif part[0] == "any":
            pattern += "(?:.*{})".format(lazy)
        else:
            pattern += "(?P<c{}>.*{})".format(len(columns), lazy)
            columns.append((part[1], part[2]))
    regex = re.compile(pattern, re.DOTALL)
    schema = dict(table.schema)
    for name, kind in columns:
        schema[name] = "string" if kind == "string" else "long"
    rows = []
    for row in table.rows:
        match = regex.match(to_text(source(row)))
        new = dict(row)
        for index, (name, kind) in enumerate(columns):
            text = match.group("c{}".format(index)) if match else None
            if kind == "string":
                new[name] = text or ""
            else:
                try:
                    new[name] = int(text) if text is not None else None
                except ValueError:
                    new[name] = None
        rows.append(new)
    return Table(schema, rows)


def _join(args, left, tables):
    right = execute(args["right"], tables)
    for left_name, right_name in args["keys"]:
        if left_name not in left.schema:
            raise KqlError("UnknownColumn", "join: the left side has no column '{}'".format(left_name),
                           token=left_name)
        if right_name not in right.schema:
            raise KqlError("UnknownColumn", "join: the right side has no column '{}'".format(right_name),
                           token=right_name)
    renames = {}
    schema = dict(left.schema)
    for name, column_type in right.schema.items():
        new_name = name
        suffix = 1
        while new_name in schema:
            new_name = "{}{}".format(name, suffix)
            suffix += 1
        renames[name] = new_name
        schema[new_name] = column_type

    def key_of(row, names):
        values = tuple(row.get(n) for n in names)
        return None if any(v is None for v in values) else tuple(_key(v) for v in values)

    left_names = [k[0] for k in args["keys"]]
    right_names = [k[1] for k in args["keys"]]
    index = {}
    for row in right.rows:
        key = key_of(row, right_names)
        if key is not None:
            index.setdefault(key, []).append(row)
    seen = set()
    rows = []
    empty_right = {renames[name]: _null_of(column_type) for name, column_type in right.schema.items()}
    for row in left.rows:
        key = key_of(row, left_names)
        if args["kind"] == "innerunique":
            if key in seen:
                continue
            seen.add(key)
        matches = index.get(key, []) if key is not None else []
        for match in matches:
            new = dict(row)
            for name, value in match.items():
                new[renames[name]] = value
            rows.append(new)
        if not matches and args["kind"] == "leftouter":
            new = dict(row)
            new.update(empty_right)
            rows.append(new)
    return Table(schema, rows)


_OPERATORS = {"where": _where, "project": _project, "extend": _extend, "project-away": _project_away,
              "summarize": _summarize, "order": _order_by, "top": _top, "limit": _limit, "mv-expand": _mv_expand,
              "parse": _parse, "join": _join}
