"""Sample git repositories for tests, benchmarks and the demo, built with the system git.

Every commit has a fixed author, committer and date, and no user or system git configuration is read, so the
same content always gives the same commit ids (goldens can name them).
"""
import os
import shutil
import subprocess

AUTHOR = ("k8s-configuration tests", "tests@example.invalid")
FIRST_DATE = 1700000000  # 2023-11-14T22:13:20Z; each further commit is one hour later


def git_env(date):
    stamp = f"{date} +0000"
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update({
        "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "GIT_TERMINAL_PROMPT": "0",
        "GIT_AUTHOR_NAME": AUTHOR[0], "GIT_AUTHOR_EMAIL": AUTHOR[1], "GIT_AUTHOR_DATE": stamp,
        "GIT_COMMITTER_NAME": AUTHOR[0], "GIT_COMMITTER_EMAIL": AUTHOR[1], "GIT_COMMITTER_DATE": stamp,
    })
    return env


class RepoBuilder:
    """A bare repository and a scratch work tree: write files, commit on branches, tag.

    >>> repo = RepoBuilder(tmp / "sample.git")
    >>> repo.commit({"apps/app.yaml": "..."}, message="apps")       # on main
    >>> repo.tag("v1.0.0")
    """

    def __init__(self, bare_path, branch="main"):
        self.bare = str(bare_path)
        self.work = self.bare + ".work"
        self._date = FIRST_DATE
        shutil.rmtree(self.bare, ignore_errors=True)
        shutil.rmtree(self.work, ignore_errors=True)
        os.makedirs(self.work)
        self._git("init", "-q", "--bare", "-b", branch, self.bare, cwd=None)
        self.branch = branch

    def _git(self, *args, cwd="work"):
        base = ["git"] if cwd is None else ["git", "--git-dir", self.bare, "--work-tree", self.work]
        result = subprocess.run(base + list(args), env=git_env(self._date), check=True, capture_output=True,
                                text=True, cwd=self.work if cwd else None)
        return result.stdout.strip()

    def checkout(self, branch, create_from=None):
        """Switch the scratch tree to `branch` (created from `create_from`, a branch, tag or commit)."""
        if create_from is not None:
            self._git("branch", branch, create_from)
        self._git("symbolic-ref", "HEAD", f"refs/heads/{branch}")
        self._git("read-tree", branch)
        self._git("checkout-index", "-a", "-f")
        self.branch = branch
        return self

    def write(self, files):
        """files: {path: text or bytes, or None to delete}."""
        for path, content in files.items():
            full = os.path.join(self.work, path)
            if content is None:
                if os.path.isdir(full):
                    shutil.rmtree(full)
                elif os.path.exists(full):
                    os.remove(full)
                continue
            os.makedirs(os.path.dirname(full) or self.work, exist_ok=True)
            with open(full, "wb") as f:
                f.write(content.encode("utf-8") if isinstance(content, str) else content)
        return self

    def write_tree(self, source_dir):
        """Replace the work tree's content with a copy of `source_dir`."""
        for name in os.listdir(self.work):
            full = os.path.join(self.work, name)
            shutil.rmtree(full) if os.path.isdir(full) else os.remove(full)
        shutil.copytree(source_dir, self.work, dirs_exist_ok=True)
        return self

    def commit(self, files=None, message="change"):
        """Write `files` (optional), commit everything on the current branch; return the commit id."""
        if files:
            self.write(files)
        self._git("add", "-A", ".")
        self._git("-c", "commit.gpgsign=false", "commit", "-q", "--allow-empty", "-m", message)
        self._date += 3600
        return self.head()

    def tag(self, name, target=None, annotated=False):
        args = ["-c", "tag.gpgsign=false", "tag"] + (["-a", "-m", name] if annotated else []) + [name]
        self._git(*(args + ([target] if target else [])))
        return self.rev(name)

    def head(self):
        return self._git("rev-parse", "HEAD")

    def rev(self, ref):
        return self._git("rev-parse", f"{ref}^{{commit}}")


def repo_from_dir(bare_path, source_dir, message="sample repository", branch="main"):
    """A one-commit repository holding a copy of `source_dir`; returns (builder, commit id)."""
    builder = RepoBuilder(bare_path, branch=branch)
    builder.write_tree(source_dir)
    return builder, builder.commit(message=message)


# -- the project's sample GitOps repository (demo/sample-repo) ------------------------------------------------
DEMO_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "demo")
SAMPLE_REPO_DIR = os.path.join(DEMO_DIR, "sample-repo")
MISTAKE_OVERLAY_DIR = os.path.join(DEMO_DIR, "sample-repo-mistake")
MISTAKE_BRANCH = "planted-mistake"


class SampleRepository:
    """demo/sample-repo as a bare repository: `main` (tagged v1.0.0) and branch `planted-mistake` (main with the
    files of demo/sample-repo-mistake on top). Same commit ids on every machine."""

    def __init__(self, bare_path):
        self.builder = RepoBuilder(bare_path)
        self.path = self.builder.bare
        self.builder.write_tree(SAMPLE_REPO_DIR)
        self.main = self.builder.commit(message="Sample GitOps repository: infrastructure and apps/staging")
        self.builder.tag("v1.0.0", annotated=True)
        self.builder.checkout(MISTAKE_BRANCH, create_from="main")
        for current, _dirs, files in os.walk(MISTAKE_OVERLAY_DIR):
            for name in files:
                source = os.path.join(current, name)
                rel = os.path.relpath(source, MISTAKE_OVERLAY_DIR)
                if rel != "README.md":
                    with open(source, "rb") as f:
                        self.builder.write({rel.replace(os.sep, "/"): f.read()})
        self.mistake = self.builder.commit(message="podinfo: use the nginx ingress class")
        self.builder.checkout("main")
