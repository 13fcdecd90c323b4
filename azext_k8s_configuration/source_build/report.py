"""Results as plain data: problems, objects, one result per kustomization, and the whole report (to_dict for
JSON). A report is valid when nothing in it would fail in Flux (no problem of severity 'error')."""
from dataclasses import dataclass, field
from typing import Any, List, Optional

ERROR, WARNING, INFO = "error", "warning", "info"
REDACTED = "<redacted>"


@dataclass
class Problem:
    severity: str  # ERROR: Flux would fail; WARNING: Flux goes on but something is off; INFO: not checked / note
    code: str  # stable short id, e.g. "path-not-found", for scripts
    message: str
    file: Optional[str] = None  # path in the repository
    line: Optional[int] = None  # 1-based

    def where(self):
        if not self.file:
            return ""
        return f"{self.file}:{self.line}" if self.line else self.file

    def to_dict(self):
        out = {"severity": self.severity, "code": self.code, "message": self.message}
        if self.file:
            out["file"] = self.file
        if self.line:
            out["line"] = self.line
        return out


@dataclass(frozen=True)
class KubeObject:
    api_version: str
    kind: str
    name: str
    namespace: Optional[str] = None
    file: Optional[str] = field(default=None, compare=False)
    data: Any = field(default=None, compare=False, repr=False)  # the parsed document (not in the JSON report)

    @property
    def group(self):
        return self.api_version.split("/", 1)[0] if "/" in self.api_version else ""

    @property
    def identity(self):
        """What makes two objects the same in a cluster: API group, kind, namespace, name."""
        return (self.group, self.kind, self.namespace or "", self.name)

    def label(self):
        return f"{self.kind} {self.namespace}/{self.name}" if self.namespace else f"{self.kind} {self.name}"

    def to_dict(self):
        out = {"apiVersion": self.api_version, "kind": self.kind, "name": self.name}
        if self.namespace:
            out["namespace"] = self.namespace
        return out


@dataclass
class KustomizationResult:
    name: str
    path: str
    builder: str = ""  # what built it, e.g. "kubectl kustomize (kustomize v5.5.0)" or "yaml fallback"
    objects: List[KubeObject] = field(default_factory=list)
    problems: List[Problem] = field(default_factory=list)
    built: bool = True  # False: not built (the source was not read, or not fetched at all); builder says why

    @classmethod
    def not_built(cls, name, path, why):
        return cls(name, path, builder=f"not built: {why}", built=False)

    def count(self, severity):
        return sum(1 for p in self.problems if p.severity == severity)

    def to_dict(self):
        return {"name": self.name, "path": self.path, "builder": self.builder, "built": self.built,
                "valid": not self.count(ERROR), "errors": self.count(ERROR), "warnings": self.count(WARNING),
                "objects": [o.to_dict() for o in self.objects], "problems": [p.to_dict() for p in self.problems]}


@dataclass
class SourceResult:
    kind: str
    url: str
    reference: str = ""  # what was asked, in words
    revision: Optional[str] = None  # as Flux reports it: "main@sha1:<id>", "v1.2.0@sha1:<id>", "sha1:<id>"
    commit: Optional[str] = None
    problems: List[Problem] = field(default_factory=list)

    def to_dict(self):
        out = {"kind": self.kind, "url": self.url, "reference": self.reference}
        if self.revision:
            out["revision"] = self.revision
        if self.commit:
            out["commit"] = self.commit
        out["problems"] = [p.to_dict() for p in self.problems]
        return out


@dataclass
class Report:
    source: SourceResult
    kustomizations: List[KustomizationResult] = field(default_factory=list)
    problems: List[Problem] = field(default_factory=list)  # across kustomizations, and run-level notes

    def all_problems(self):
        yield from self.source.problems
        for result in self.kustomizations:
            yield from result.problems
        yield from self.problems

    @property
    def valid(self):
        return not any(p.severity == ERROR for p in self.all_problems())

    def to_dict(self):
        problems = list(self.all_problems())
        return {
            "valid": self.valid,
            "errors": sum(1 for p in problems if p.severity == ERROR),
            "warnings": sum(1 for p in problems if p.severity == WARNING),
            "source": self.source.to_dict(),
            "kustomizations": [k.to_dict() for k in self.kustomizations],
            "problems": [p.to_dict() for p in self.problems],
        }

    def redact(self, secrets):
        """Scrub every secret value from every message (a server or a tool may have echoed one)."""
        for problem in self.all_problems():
            problem.message = redact(problem.message, secrets)
        self.source.url = redact(self.source.url, secrets)
        return self


def redact(text, secrets):
    for secret in sorted((s for s in secrets if s), key=len, reverse=True):
        text = text.replace(secret, REDACTED)
    return text
