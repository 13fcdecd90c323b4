"""The rollout journal (``--journal F``): one JSON line per finished cluster — ``{"id", "action", "result",
"error", "time", "digest"}`` — written, flushed and fsync'd as each cluster finishes, so that a rollout killed at
any moment leaves every finished cluster on disk (a line cut short by a kill is ignored when read back).
``--resume`` skips the clusters the journal records as succeeded for the same file digest, and refuses a journal
written for another file."""
import hashlib
import json
import os
import threading
import time

from azure.cli.core.azclierror import FileOperationError, ValidationError

SUCCEEDED = "Succeeded"


def digest(file_text, options):
    """What the rollout applies, as a digest: the file's text and the options given beside it (secret values left
    out: only that they were given counts)."""
    canonical = json.dumps(options, sort_keys=True, default=str)
    return "sha256:" + hashlib.sha256((file_text + "\n" + canonical).encode("utf-8")).hexdigest()


def read_done(path, file_digest):
    """{cluster id (lower): entry} of the clusters recorded as succeeded; a journal of another digest is refused."""
    done = {}
    try:
        with open(path, encoding="utf-8") as handle:
            lines = handle.read().splitlines()
    except FileNotFoundError:
        return done
    except OSError as error:
        raise FileOperationError(f"--journal: cannot read '{path}': {error.strerror}.",
                                 "Pass a journal file this command can read and write.") from None
    for number, line in enumerate(lines, 1):
        try:
            entry = json.loads(line)
        except ValueError:
            continue  # the last line of a rollout killed while writing it
        if not isinstance(entry, dict) or "id" not in entry:
            continue
        if entry.get("digest") != file_digest:
            raise ValidationError(
                f"--resume: the journal '{path}' (line {number}) was written for another file or other options "
                f"({entry.get('digest')}); this rollout applies {file_digest}.",
                "Resume with the same file and options, or start over with a new --journal file.")
        if entry.get("result") == SUCCEEDED:
            done[entry["id"].lower()] = entry
    return done


class Journal:
    """Appends one line per finished cluster; safe to call from several threads."""

    def __init__(self, path, file_digest):
        self.path, self.digest = path, file_digest
        self._lock = threading.Lock()
        try:
            self._handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - closed in close()
            self._handle.seek(0, os.SEEK_END)
            if self._handle.tell():  # a line cut short by a kill must not swallow the next record
                self._handle.seek(self._handle.tell() - 1)
                if self._handle.read(1) != "\n":
                    self._handle.write("\n")
        except OSError as error:
            raise FileOperationError(f"--journal: cannot write '{path}': {error.strerror}.",
                                     "Pass a path in a directory you can write to.") from None

    def record(self, row):
        entry = {"id": row["id"], "action": row.get("action"), "result": row["result"], "error": row.get("error"),
                 "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "digest": self.digest}
        line = json.dumps(entry) + "\n"
        with self._lock:
            try:
                self._handle.write(line)
                self._handle.flush()
                os.fsync(self._handle.fileno())
            except OSError as error:
                raise FileOperationError(f"--journal: cannot write '{self.path}': {error.strerror}.",
                                         "Free space or pass a journal in a directory you can write to, then run "
                                         "the rollout again with --resume.") from None

    def close(self):
        with self._lock:
            self._handle.close()
