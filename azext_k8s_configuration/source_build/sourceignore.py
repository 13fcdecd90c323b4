"""What source-controller leaves out of the artifact that kustomize-controller builds from: its default
exclusions (VCS files, CI configuration, archives and images, some tool files) and the patterns of every
`.sourceignore` file (gitignore syntax, relative to its directory)."""
import posixpath

DEFAULT_PATTERNS = (
    ".git/", ".gitignore", ".gitmodules", ".gitattributes",
    "*.jpg", "*.jpeg", "*.gif", "*.png", "*.wmv", "*.flv", "*.tar.gz", "*.zip",
    ".github/", ".circleci/", ".travis.yml", ".gitlab-ci.yml", "appveyor.yml", ".drone.yml", "cloudbuild.yaml",
    "codeship-services.yml", "codeship-steps.yml",
    "**/.goreleaser.yml", "**/.sops.yaml", "**/.flux.yaml",
)
SOURCEIGNORE = ".sourceignore"


class SourceIgnore:
    def __init__(self, read_file, paths):
        """read_file(path) -> bytes for the `.sourceignore` files among `paths` (repository-relative)."""
        from dulwich.ignore import IgnoreFilter

        self._filters = [("", IgnoreFilter([p.encode() for p in DEFAULT_PATTERNS]))]
        for path in sorted(p for p in paths if posixpath.basename(p) == SOURCEIGNORE):
            lines = [ln for ln in read_file(path).splitlines() if ln.strip() and not ln.startswith(b"#")]
            self._filters.append((posixpath.dirname(path), IgnoreFilter(lines)))

    def ignored(self, path):
        verdict = None
        for base, rules in self._filters:
            if base and not path.startswith(base + "/"):
                continue
            result = rules.is_ignored(path[len(base) + 1:] if base else path)
            if result is not None:
                verdict = result
        return bool(verdict)
