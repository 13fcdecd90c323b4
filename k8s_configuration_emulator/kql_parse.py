"""The KQL subset the emulated Resource Graph understands: tokens, then a query as plain data (``Query``: a table,
or a default one, and its operators). What is outside the subset is refused here, naming what was found
(``KqlError``): the evaluator (``kql_eval``) never sees a query it would answer wrongly.

Supported (see the emulator's README, "Resource Graph"): tabular operators ``where``, ``project``,
``project-away``, ``extend``, ``summarize [name =] count() [by ...]``, ``order by`` / ``sort by``, ``top N by``,
``limit`` / ``take``, ``mv-expand``, ``parse ... with``, ``join kind=inner|innerunique|leftouter (...) on ...``;
scalar operators ``==``, ``!=``, ``=~``, ``!~``, ``<``, ``<=``, ``>``, ``>=``, ``contains``, ``!contains``, ``has``,
``!has``, ``startswith``, ``!startswith``, ``endswith``, ``!endswith``, ``in``, ``!in``, ``in~``, ``!in~``, ``and``,
``or``; functions ``not``, ``isnull``, ``isnotnull``, ``isempty``, ``isnotempty``, ``tolower``, ``toupper``,
``tostring``, ``strcat``, ``iff``/``iif``; literals: strings, numbers, ``true``/``false``, ``dynamic(JSON)``;
dotted and ``['x']`` / ``[0]`` paths into dynamic columns."""
import json
import re

TABULAR = ("where", "project", "project-away", "extend", "summarize", "order", "sort", "top", "limit", "take",
           "mv-expand", "parse", "join")
HYPHENATED = {"project-away", "project-rename", "project-keep", "project-reorder", "mv-expand", "mv-apply",
              "make-series"}
STRING_OPERATORS = ("contains", "!contains", "has", "!has", "startswith", "!startswith", "endswith", "!endswith")
COMPARISONS = ("==", "!=", "=~", "!~", "<", "<=", ">", ">=") + STRING_OPERATORS
IN_OPERATORS = ("in", "!in", "in~", "!in~")
FUNCTIONS = {"not": 1, "isnull": 1, "isnotnull": 1, "isempty": 1, "isnotempty": 1, "tolower": 1, "toupper": 1,
             "tostring": 1, "strcat": None, "iff": 3, "iif": 3}
JOIN_KINDS = ("inner", "innerunique", "leftouter")
PARSE_TYPES = ("string", "long", "int")

_TOKEN = re.compile(r"""
    (?P<space>\s+|//[^\n]*)
  | (?P<str>@?'(?:[^'\\\n]|\\.)*'|@?"(?:[^"\\\n]|\\.)*")
  | (?P<num>\d+(?:\.\d+)?)
  | (?P<word>!?[A-Za-z_][A-Za-z0-9_]*~?)
  | (?P<punct>==|!=|=~|!~|<=|>=|[|(),.\[\]{}=<>*$:\-+/%])
""", re.VERBOSE)


class KqlError(Exception):
    """A query outside the subset or malformed: ``code`` (Resource Graph's detail code) and where it is."""

    def __init__(self, code, message, position=None, token=None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.position = position
        self.token = token


class Token:
    __slots__ = ("kind", "text", "value", "pos")

    def __init__(self, kind, text, value, pos):
        self.kind, self.text, self.value, self.pos = kind, text, value, pos

    def __repr__(self):
        return "Token({}, {!r})".format(self.kind, self.text)


def tokenize(text):
    tokens = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            raise KqlError("ParserFailure", "Unexpected character {!r} at position {}".format(text[pos], pos), pos,
                           text[pos])
        kind = m.lastgroup
        raw = m.group()
        if kind == "str":
            tokens.append(Token("str", raw, _unquote(raw), pos))
        elif kind == "num":
            tokens.append(Token("num", raw, float(raw) if "." in raw else int(raw), pos))
        elif kind == "word":
            word = raw
            end = m.end()
            nxt = _TOKEN.match(text, end + 1) if text[end:end + 1] == "-" else None
            if nxt is not None and nxt.lastgroup == "word" and (word + "-" + nxt.group()).lower() in HYPHENATED:
                word, end = word + "-" + nxt.group(), nxt.end()
            tokens.append(Token("word", word, word, pos))
            pos = end
            continue
        elif kind == "punct":
            tokens.append(Token("punct", raw, raw, pos))
        pos = m.end()
    tokens.append(Token("end", "", None, len(text)))
    return tokens


def _unquote(raw):
    if raw.startswith("@"):
        return raw[2:-1]
    body = raw[1:-1]
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t", "r": "\r"}.get(m.group(1), m.group(1)), body)


# -- the parsed shapes ---------------------------------------------------------------------------
class Query:
    __slots__ = ("table", "operators")

    def __init__(self, table, operators):
        self.table, self.operators = table, operators


class Op:
    """A tabular operator: ``name`` and its own fields (``args``)."""
    __slots__ = ("name", "args")

    def __init__(self, operator, **args):
        self.name, self.args = operator, args

    def __repr__(self):
        return "Op({}, {})".format(self.name, self.args)


# Expressions are tuples: ("lit", value) ("path", column, [keys]) ("call", name, [args]) ("cmp", op, a, b)
# ("in", op, a, [values]) ("and", a, b) ("or", a, b)


class Parser:
    def __init__(self, text):
        self.text = text
        self.tokens = tokenize(text)
        self.i = 0

    # -- token helpers
    @property
    def tok(self):
        return self.tokens[self.i]

    def next(self):
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def at(self, *texts):
        tok = self.tok
        return tok.kind in ("word", "punct") and tok.text.lower() in texts

    def accept(self, *texts):
        if self.at(*texts):
            return self.next()
        return None

    def expect(self, text):
        if not self.at(text):
            self.fail("expected '{}'".format(text))
        return self.next()

    def fail(self, what, code="ParserFailure"):
        tok = self.tok
        found = "end of query" if tok.kind == "end" else "'{}'".format(tok.text)
        raise KqlError(code, "{}, found {} at position {}".format(what, found, tok.pos), tok.pos, tok.text)

    def name(self):
        tok = self.tok
        if tok.kind != "word" or tok.text.startswith("!"):
            self.fail("expected a name")
        return self.next().text

    def integer(self):
        tok = self.tok
        if tok.kind != "num" or not isinstance(tok.value, int):
            self.fail("expected a whole number")
        return self.next().value

    # -- queries
    def parse(self):
        query = self.query()
        if self.tok.kind != "end":
            self.fail("expected '|' or the end of the query")
        return query

    def query(self):
        if self.tok.kind == "word" and self.tok.text.lower() in TABULAR:
            table, first = "resources", True  # as Resource Graph does: no table named -> Resources
        else:
            table, first = self.name().lower(), False
        operators = []
        while first or self.accept("|"):
            first = False
            operators.append(self.operator())
        return Query(table, operators)

    def operator(self):
        tok = self.tok
        if tok.kind == "end":
            self.fail("expected a tabular operator after '|'")
        word = tok.text.lower() if tok.kind == "word" else None
        if word not in TABULAR:
            raise KqlError("UnsupportedOperator", "The tabular operator '{}' is not supported by the emulated "
                           "Resource Graph (supported: {})".format(tok.text, ", ".join(TABULAR)),
                           tok.pos, tok.text)
        self.next()
        return getattr(self, "op_" + word.replace("-", "_"))()

    def op_where(self):
        return Op("where", expr=self.expr())

    def op_project(self):
        return Op("project", columns=self.assignments())

    def op_extend(self):
        return Op("extend", columns=self.assignments())

    def op_project_away(self):
        names = [self.name()]
        while self.accept(","):
            names.append(self.name())
        return Op("project-away", names=names)

    def assignments(self):
        items = [self.assignment()]
        while self.accept(","):
            items.append(self.assignment())
        return items

    def assignment(self):
        """``name = expr`` or ``expr`` (named after its path, as Kusto names it)."""
        tok, nxt = self.tok, self.tokens[self.i + 1]
        if tok.kind == "word" and nxt.text == "=":
            self.i += 2
            return tok.text, self.expr()
        expr = self.expr()
        return None, expr

    def op_summarize(self):
        aggregates = []
        if not self.at("by"):
            while True:
                alias = None
                if self.tok.kind == "word" and self.tokens[self.i + 1].text == "=":
                    alias = self.next().text
                    self.next()
                tok = self.tok
                if not (tok.kind == "word" and tok.text.lower() == "count" and self.tokens[self.i + 1].text == "("):
                    raise KqlError("UnsupportedOperator", "The aggregation '{}' is not supported by the emulated "
                                   "Resource Graph (supported: count())".format(tok.text), tok.pos, tok.text)
                self.next()
                self.expect("(")
                self.expect(")")
                aggregates.append(alias or "count_")
                if not self.accept(","):
                    break
        keys = []
        if self.accept("by"):
            keys = self.assignments()
        return Op("summarize", aggregates=aggregates, keys=keys)

    def sort_keys(self):
        keys = []
        while True:
            expr = self.expr()
            descending = True  # Kusto's default
            if self.accept("asc"):
                descending = False
            elif self.accept("desc"):
                descending = True
            if self.accept("nulls"):
                if not self.accept("first", "last"):
                    self.fail("expected 'first' or 'last'")
            keys.append((expr, descending))
            if not self.accept(","):
                return keys

    def op_order(self):
        self.expect("by")
        return Op("order", keys=self.sort_keys())

    op_sort = op_order

    def op_top(self):
        count = self.integer()
        self.expect("by")
        return Op("top", count=count, keys=self.sort_keys())

    def op_limit(self):
        return Op("limit", count=self.integer())

    op_take = op_limit

    def op_mv_expand(self):
        if self.accept("kind"):
            self.fail("mv-expand kind= is not supported", "UnsupportedOperator")
        alias, expr = self.assignment()
        if expr[0] != "path":
            self.fail("mv-expand expects a column or a path")
        if self.accept("limit"):
            self.fail("mv-expand limit is not supported", "UnsupportedOperator")
        return Op("mv-expand", column=alias or _path_name(expr), expr=expr)

    def op_parse(self):
        if self.accept("kind"):
            self.fail("parse kind= is not supported", "UnsupportedOperator")
        source = self.expr()
        self.expect("with")
        parts = []  # ("lit", text) | ("any",) | ("col", name, type)
        while self.tok.kind in ("str", "word") or self.at("*"):
            if self.accept("*"):
                parts.append(("any",))
            elif self.tok.kind == "str":
                parts.append(("lit", self.next().value))
            else:
                name = self.name()
                kind = "string"
                if self.accept(":"):
                    kind = self.name().lower()
                    if kind not in PARSE_TYPES:
                        raise KqlError("UnsupportedOperator", "parse: the type '{}' is not supported (supported: "
                                       "{})".format(kind, ", ".join(PARSE_TYPES)), self.tok.pos, kind)
                parts.append(("col", name, kind))
        if not any(p[0] == "col" for p in parts):
            self.fail("parse ... with needs at least one column")
        return Op("parse", source=source, parts=parts)

    def op_join(self):
        kind = "innerunique"  # Kusto's default
        while self.tok.kind == "word" and self.tokens[self.i + 1].text == "=":
            option = self.next().text
            self.next()
            value = self.name().lower()
            if option.lower() != "kind" or value not in JOIN_KINDS:
                raise KqlError("UnsupportedOperator", "join {}={} is not supported by the emulated Resource Graph "
                               "(supported: kind={})".format(option, value, "|".join(JOIN_KINDS)),
                               self.tok.pos, value)
            kind = value
        self.expect("(")
        right = self.query()
        self.expect(")")
        self.expect("on")
        keys = []
        while True:
            if self.accept("$"):
                side = self.name().lower()
                self.expect(".")
                left_name = self.name()
                self.expect("==")
                self.expect("$")
                other = self.name().lower()
                self.expect(".")
                right_name = self.name()
                if (side, other) != ("left", "right"):
                    self.fail("expected $left.column == $right.column")
                keys.append((left_name, right_name))
            else:
                column = self.name()
                keys.append((column, column))
            if not self.accept(","):
                break
        return Op("join", kind=kind, right=right, keys=keys)

    # -- expressions
    def expr(self):
        left = self.and_expr()
        while self.accept("or"):
            left = ("or", left, self.and_expr())
        return left

    def and_expr(self):
        left = self.comparison()
        while self.accept("and"):
            left = ("and", left, self.comparison())
        return left

    def comparison(self):
        left = self.primary()
        tok = self.tok
        text = tok.text.lower() if tok.kind in ("word", "punct") else None
        if text in COMPARISONS:
            self.next()
            return ("cmp", text, left, self.primary())
        if text in IN_OPERATORS:
            self.next()
            self.expect("(")
            values = [self.primary()]
            while self.accept(","):
                values.append(self.primary())
            self.expect(")")
            return ("in", text, left, values)
        if tok.kind == "word" and tok.text.lower() not in ("and", "or", "by", "asc", "desc", "with", "nulls",
                                                            "on", "limit"):
            raise KqlError("UnsupportedOperator", "The operator '{}' is not supported by the emulated Resource "
                           "Graph".format(tok.text), tok.pos, tok.text)
        if tok.kind == "punct" and tok.text in ("+", "-", "*", "/", "%"):
            raise KqlError("UnsupportedOperator", "Arithmetic ('{}') is not supported by the emulated Resource "
                           "Graph".format(tok.text), tok.pos, tok.text)
        return left

    def primary(self):
        tok = self.tok
        if tok.kind in ("str", "num"):
            self.next()
            return ("lit", tok.value)
        if tok.kind == "punct" and tok.text == "[" and self.tokens[self.i + 1].kind == "str":
            self.next()
            column = self.next().value
            self.expect("]")
            return self.path(column)
        if self.accept("("):
            inner = self.expr()
            self.expect(")")
            return inner
        if tok.kind == "word" and not tok.text.startswith("!"):
            word = tok.text
            if word in ("true", "false"):
                self.next()
                return ("lit", word == "true")
            if word.lower() == "dynamic" and self.tokens[self.i + 1].text == "(":
                return self.dynamic()
            if self.tokens[self.i + 1].text == "(":
                return self.call()
            self.next()
            return self.path(word)
        self.fail("expected a value, a column or a function")

    def dynamic(self):
        """dynamic(JSON): the text between the parentheses, read as JSON."""
        start = self.next().pos
        self.expect("(")
        depth = 1
        while depth:
            tok = self.next()
            if tok.kind == "end":
                raise KqlError("ParserFailure", "dynamic( is not closed", start, "dynamic")
            depth += {"(": 1, ")": -1}.get(tok.text if tok.kind == "punct" else "", 0)
        text = self.text[self.text.index("(", start) + 1:self.tokens[self.i - 1].pos]
        try:
            return ("lit", json.loads(text.replace("'", '"')))
        except ValueError:
            raise KqlError("ParserFailure", "dynamic({}) is not a JSON value".format(text), start, text) from None

    def call(self):
        tok = self.next()
        name = tok.text.lower()
        if name not in FUNCTIONS:
            raise KqlError("UnknownFunction", "The function '{}' is not supported by the emulated Resource Graph "
                           "(supported: {})".format(tok.text, ", ".join(sorted(FUNCTIONS))), tok.pos, tok.text)
        self.expect("(")
        args = []
        if not self.at(")"):
            args.append(self.expr())
            while self.accept(","):
                args.append(self.expr())
        self.expect(")")
        arity = FUNCTIONS[name]
        if arity is not None and len(args) != arity:
            raise KqlError("ParserFailure", "{}() takes {} argument(s), got {}".format(name, arity, len(args)),
                           tok.pos, tok.text)
        return ("call", name, args)

    def path(self, column):
        keys = []
        while True:
            if self.accept("."):
                keys.append(self.name())
            elif self.accept("["):
                tok = self.next()
                if tok.kind not in ("str", "num"):
                    self.i -= 1
                    self.fail("expected a quoted key or an index")
                keys.append(tok.value)
                self.expect("]")
            else:
                return ("path", column, keys)


def parse(text):
    if not isinstance(text, str) or not text.strip():
        raise KqlError("ParserFailure", "The query is empty", 0, "")
    return Parser(text).parse()


def _path_name(expr):
    """The column name Kusto gives an unnamed path: properties.a.b -> properties_a_b."""
    return "_".join([expr[1]] + [str(k) for k in expr[2]])


def column_name(expr, ordinal):
    """The name of an unnamed projected expression: its path (inside a one-argument function), else ColumnN."""
    if expr[0] == "path":
        return _path_name(expr)
    if expr[0] == "call" and len(expr[2]) == 1 and expr[2][0][0] == "path":
        return _path_name(expr[2][0])
    return "Column{}".format(ordinal)
