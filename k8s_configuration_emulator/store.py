"""SQLite state: resources, long-running operations, provider registrations and settings.

One connection per thread (WAL mode, so readers never wait for the writer). Every mutation runs under
``Store.lock`` so check-then-write sequences (409 on concurrent mutations, ...) are atomic.
"""
import json
import os
import sqlite3
import threading
import time

DB_FILE = "state.db"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS resources (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id_lc TEXT NOT NULL UNIQUE,          -- lower-cased ARM id (ARM names are case-insensitive)
    parent_lc TEXT NOT NULL,             -- lower-cased collection path, for listing
    kind TEXT NOT NULL,
    body TEXT NOT NULL,                  -- the resource as returned to clients (kept in creation case)
    secrets TEXT,                        -- write-only values (configurationProtectedSettings)
    meta TEXT                            -- emulator bookkeeping (timestamps, simulated state)
);
CREATE INDEX IF NOT EXISTS resources_parent ON resources(parent_lc, seq);
CREATE TABLE IF NOT EXISTS operations (
    id TEXT PRIMARY KEY,
    resource_lc TEXT NOT NULL,
    action TEXT NOT NULL,                -- create | update | delete
    status TEXT NOT NULL,                -- InProgress | Succeeded | Failed
    started REAL NOT NULL,
    due REAL NOT NULL,
    ended REAL,
    error TEXT
);
CREATE INDEX IF NOT EXISTS operations_pending ON operations(status, due);
CREATE INDEX IF NOT EXISTS operations_resource ON operations(resource_lc, status);
CREATE TABLE IF NOT EXISTS providers (
    namespace_lc TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    until REAL                           -- when Registering/Unregistering ends
);
CREATE TABLE IF NOT EXISTS settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""


class Store:
    def __init__(self, data_dir):
        os.makedirs(data_dir, exist_ok=True)
        self.path = os.path.join(data_dir, DB_FILE)
        self.lock = threading.RLock()
        self._local = threading.local()
        conn = self.conn
        conn.executescript(_SCHEMA)

    @property
    def conn(self):
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=10, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA busy_timeout=10000")
            self._local.conn = conn
        return conn

    # -- resources -------------------------------------------------------------------------------
    def get(self, resource_id):
        row = self.conn.execute("SELECT body, secrets, meta, kind FROM resources WHERE id_lc = ?",
                                (resource_id.lower(),)).fetchone()
        if row is None:
            return None
        return Record(json.loads(row[0]), _loads(row[1]), _loads(row[2]), row[3])

    def put(self, resource_id, parent, kind, body, secrets=None, meta=None):
        """Insert or replace, keeping the original position (seq) of an existing row."""
        with self.lock:
            self.conn.execute(
                "INSERT INTO resources (id_lc, parent_lc, kind, body, secrets, meta) VALUES (?, ?, ?, ?, ?, ?) "
                "ON CONFLICT(id_lc) DO UPDATE SET body=excluded.body, secrets=excluded.secrets, meta=excluded.meta",
                (resource_id.lower(), parent.lower(), kind, json.dumps(body), _dumps(secrets), _dumps(meta)))

    def put_many(self, rows):
        """put() for many (resource_id, parent, kind, body[, secrets, meta]) rows, in one transaction."""
        params = []
        for row in rows:
            resource_id, parent, kind, body = row[:4]
            secrets, meta = (tuple(row[4:6]) + (None, None))[:2]
            params.append((resource_id.lower(), parent.lower(), kind, json.dumps(body), _dumps(secrets),
                           _dumps(meta)))
        with self.lock:
            conn = self.conn
            conn.execute("BEGIN")
            try:
                conn.executemany(
                    "INSERT INTO resources (id_lc, parent_lc, kind, body, secrets, meta) VALUES (?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT(id_lc) DO UPDATE SET body=excluded.body, secrets=excluded.secrets, "
                    "meta=excluded.meta", params)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def update(self, resource_id, body, secrets=None, meta=None):
        with self.lock:
            self.conn.execute("UPDATE resources SET body = ?, secrets = ?, meta = ? WHERE id_lc = ?",
                              (json.dumps(body), _dumps(secrets), _dumps(meta), resource_id.lower()))

    def delete(self, resource_id):
        """Delete a resource and everything nested under its id."""
        lc = resource_id.lower()
        with self.lock:
            cur = self.conn.execute("DELETE FROM resources WHERE id_lc = ? OR id_lc LIKE ? ESCAPE '\\'",
                                    (lc, _like_prefix(lc + "/")))
            return cur.rowcount

    def list(self, parent, kind=None, after_seq=0, limit=None):
        """Rows in a collection, in creation order: [(seq, Record)]."""
        sql = "SELECT seq, body, secrets, meta FROM resources WHERE parent_lc = ? AND seq > ?"
        args = [parent.lower(), after_seq]
        if kind:
            sql += " AND kind = ?"
            args.append(kind)
        sql += " ORDER BY seq"
        if limit:
            sql += " LIMIT ?"
            args.append(limit)
        return [(r[0], Record(json.loads(r[1]), _loads(r[2]), _loads(r[3])))
                for r in self.conn.execute(sql, args)]

    def list_kind(self, kind, secrets=True):
        """Every resource of a kind, in creation order: [(seq, Record)] (``secrets=False``: without them)."""
        rows = self.conn.execute("SELECT seq, body, {}, meta FROM resources WHERE kind = ? ORDER BY seq".format(
            "secrets" if secrets else "NULL"), (kind,)).fetchall()
        return [(r[0], Record(json.loads(r[1]), _loads(r[2]), _loads(r[3]), kind)) for r in rows]

    def list_kind_text(self, kind):
        """Every resource of a kind as stored text, in creation order: [(body JSON, meta JSON)] (no secrets)."""
        return self.conn.execute("SELECT body, meta FROM resources WHERE kind = ? ORDER BY seq", (kind,)).fetchall()

    # -- operations ------------------------------------------------------------------------------
    def add_operation(self, op_id, resource_id, action, due, error=None):
        with self.lock:
            self.conn.execute(
                "INSERT INTO operations (id, resource_lc, action, status, started, due, error) "
                "VALUES (?, ?, ?, 'InProgress', ?, ?, ?)",
                (op_id, resource_id.lower(), action, time.time(), due, _dumps(error)))

    def get_operation(self, op_id):
        row = self.conn.execute(
            "SELECT id, resource_lc, action, status, started, due, ended, error FROM operations WHERE id = ?",
            (op_id,)).fetchone()
        return Operation(*row[:7], _loads(row[7])) if row else None

    def pending_operation(self, resource_id):
        row = self.conn.execute(
            "SELECT id, resource_lc, action, status, started, due, ended, error FROM operations "
            "WHERE resource_lc = ? AND status = 'InProgress' LIMIT 1", (resource_id.lower(),)).fetchone()
        return Operation(*row[:7], _loads(row[7])) if row else None

    def due_operations(self, now):
        rows = self.conn.execute(
            "SELECT id, resource_lc, action, status, started, due, ended, error FROM operations "
            "WHERE status = 'InProgress' AND due <= ? ORDER BY due", (now,)).fetchall()
        return [Operation(*r[:7], _loads(r[7])) for r in rows]

    def next_due(self):
        row = self.conn.execute("SELECT MIN(due) FROM operations WHERE status = 'InProgress'").fetchone()
        return row[0]

    def reschedule_operation(self, op_id, due):
        with self.lock:
            self.conn.execute("UPDATE operations SET due = ? WHERE id = ?", (due, op_id))

    def finish_operation(self, op_id, status, error=None):
        with self.lock:
            self.conn.execute("UPDATE operations SET status = ?, ended = ?, error = ? WHERE id = ?",
                              (status, time.time(), _dumps(error), op_id))

    # -- providers -------------------------------------------------------------------------------
    def provider_state(self, namespace):
        row = self.conn.execute("SELECT state, until FROM providers WHERE namespace_lc = ?",
                                (namespace.lower(),)).fetchone()
        return row if row else (None, None)

    def set_provider_state(self, namespace, state, until=None):
        with self.lock:
            self.conn.execute("INSERT OR REPLACE INTO providers (namespace_lc, state, until) VALUES (?, ?, ?)",
                              (namespace.lower(), state, until))

    # -- settings --------------------------------------------------------------------------------
    def setting(self, key, default=None):
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else default

    def set_setting(self, key, value):
        with self.lock:
            if value is None:
                self.conn.execute("DELETE FROM settings WHERE key = ?", (key,))
            else:
                self.conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)",
                                  (key, json.dumps(value)))

    def reset(self):
        with self.lock:
            for table in ("resources", "operations", "providers"):
                self.conn.execute("DELETE FROM " + table)


class Record:
    __slots__ = ("body", "secrets", "meta", "kind")

    def __init__(self, body, secrets, meta, kind=None):
        self.body = body
        self.secrets = secrets or {}
        self.meta = meta or {}
        self.kind = kind


class Operation:
    __slots__ = ("id", "resource_lc", "action", "status", "started", "due", "ended", "error")

    def __init__(self, id, resource_lc, action, status, started, due, ended, error):  # noqa: A002
        self.id, self.resource_lc, self.action, self.status = id, resource_lc, action, status
        self.started, self.due, self.ended, self.error = started, due, ended, error


def _dumps(value):
    return None if value is None else json.dumps(value)


def _loads(text):
    return None if text is None else json.loads(text)


def _like_prefix(prefix):
    return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
