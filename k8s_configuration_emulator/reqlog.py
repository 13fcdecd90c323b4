"""The request log: one row per ARM request (admin calls excluded), bodies with secrets redacted."""
import collections
import threading

REDACTED = "<redacted>"
# Property names whose values are secrets wherever they appear in a body.
SECRET_KEYS = {
    "sshprivatekey", "httpskey", "bucketsecretkey", "clientsecret", "accountkey", "sastoken",
    "clientcertificatepassword", "clientcertificate", "tlsprivatekey", "privatekey", "password", "secretkey",
}
# Objects whose every value is secret.
SECRET_MAPS = {"configurationprotectedsettings", "protectedsettings"}


def redact(value, _in_secret_map=False):
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            lk = k.lower()
            if _in_secret_map or lk in SECRET_KEYS:
                out[k] = REDACTED if v is not None else None
            elif lk in SECRET_MAPS and isinstance(v, dict):
                out[k] = redact(v, True)
            else:
                out[k] = redact(v)
        return out
    if isinstance(value, list):
        return [redact(v) for v in value]
    return value


class RequestLog:
    def __init__(self, capacity=100000):
        self._lock = threading.Lock()
        self._rows = collections.deque(maxlen=capacity)
        self._seq = 0

    def record(self, method, path, query, status, latency_ms, body, fault=None):
        with self._lock:
            self._seq += 1
            row = {"seq": self._seq, "method": method, "path": path, "query": query, "status": status,
                   "latency_ms": round(latency_ms, 3), "body": redact(body) if body is not None else None}
            if fault:
                row["fault"] = fault
            self._rows.append(row)

    def mark(self):
        return self._seq

    def since(self, seq=0):
        with self._lock:
            return [r for r in self._rows if r["seq"] > seq]

    def clear(self):
        with self._lock:
            self._rows.clear()
