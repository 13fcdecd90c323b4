"""Building each kustomization path as kustomize-controller does, with the real kustomize engine and with the
YAML fallback: objects, and every problem with the file and line a user needs."""
from azext_k8s_configuration.source_build.report import ERROR, INFO, WARNING
from tests.source_build.builders import BOTH_BUILDERS, CM, NS, kustomization, object_labels, problems, tree, validate


@BOTH_BUILDERS
def test_objects_of_a_kustomization(tmp_path, builder):
    root = tree(tmp_path, {
        "apps/kustomization.yaml": kustomization("ns.yaml", "config"),
        "apps/ns.yaml": NS.format(name="web"),
        "apps/config/kustomization.yaml": kustomization("cm.yaml"),
        "apps/config/cm.yaml": CM.format(name="settings", ns="web", value="a") + "---\n" +
        CM.format(name="more", ns="web", value="b"),
    })
    report = validate(root, builder, ("apps", "./apps"))
    assert report.valid, [p.message for p in report.all_problems()]
    assert object_labels(report.kustomizations[0]) == ["ConfigMap web/more", "ConfigMap web/settings", "Namespace web"]
    builder_label = report.kustomizations[0].builder
    assert ("kustomize" in builder_label) if builder == "kustomize" else builder_label == "yaml fallback"


@BOTH_BUILDERS
def test_missing_path_is_an_error_with_close_matches(tmp_path, builder):
    root = tree(tmp_path, {"apps/staging/cm.yaml": CM.format(name="a", ns="x", value="1")})
    report = validate(root, builder, ("apps", "./apps/stagin"))
    (problem,) = problems(report, "path-not-found")
    assert problem.severity == ERROR and not report.valid
    assert "'./apps/stagin' does not exist" in problem.message
    assert "kustomization path not found" in problem.message
    assert "Did you mean: ./apps/staging" in problem.message


@BOTH_BUILDERS
def test_bad_yaml_names_file_and_line(tmp_path, builder):
    root = tree(tmp_path, {
        "apps/kustomization.yaml": kustomization("good.yaml", "bad.yaml"),
        "apps/good.yaml": CM.format(name="good", ns="x", value="1"),
        "apps/bad.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bad\n   namespace: x\n",
    })
    report = validate(root, builder, ("apps", "apps"))
    (problem,) = problems(report, "yaml-error")
    assert (problem.severity, problem.file, problem.line) == (ERROR, "apps/bad.yaml", 5)
    assert "YAML error" in problem.message
    assert not report.valid


@BOTH_BUILDERS
def test_bad_yaml_in_kustomization_file(tmp_path, builder):
    root = tree(tmp_path, {"apps/kustomization.yaml": "resources:\n  - a.yaml\n namespace: x\n"})
    (problem,) = problems(validate(root, builder, ("apps", "apps")), "yaml-error")
    assert (problem.file, problem.line) == ("apps/kustomization.yaml", 3)


@BOTH_BUILDERS
def test_documents_without_kind_or_name(tmp_path, builder):
    root = tree(tmp_path, {
        "apps/kustomization.yaml": kustomization("objects.yaml"),
        "apps/objects.yaml": "apiVersion: v1\nmetadata:\n  name: no-kind\n---\napiVersion: v1\nkind: ConfigMap\n"
                             "metadata:\n  namespace: x\n",
    })
    found = problems(validate(root, builder, ("apps", "apps")), "missing-field")
    assert [(p.file, p.line) for p in found] == [("apps/objects.yaml", 1), ("apps/objects.yaml", 5)]
    assert "without kind" in found[0].message and "without metadata.name" in found[1].message


@BOTH_BUILDERS
def test_listed_resource_that_does_not_exist(tmp_path, builder):
    root = tree(tmp_path, {
        "apps/kustomization.yaml": kustomization("present.yaml", "missing.yaml"),
        "apps/present.yaml": CM.format(name="a", ns="x", value="1"),
    })
    report = validate(root, builder, ("apps", "apps"))
    (problem,) = problems(report, "resource-not-found")
    assert (problem.severity, problem.file, problem.line) == (ERROR, "apps/kustomization.yaml", 5)
    assert "'missing.yaml'" in problem.message


@BOTH_BUILDERS
def test_patch_file_that_does_not_exist(tmp_path, builder):
    root = tree(tmp_path, {
        "apps/kustomization.yaml": kustomization("cm.yaml", extra="patches:\n  - path: gone.yaml\n"),
        "apps/cm.yaml": CM.format(name="a", ns="x", value="1"),
    })
    (problem,) = problems(validate(root, builder, ("apps", "apps")), "file-not-found")
    assert "'gone.yaml' named in patches" in problem.message and problem.file == "apps/kustomization.yaml"


@BOTH_BUILDERS
def test_path_without_kustomization_yaml_takes_every_manifest_below(tmp_path, builder):
    root = tree(tmp_path, {
        "plain/ns.yaml": NS.format(name="plain"),
        "plain/nested/cm.yml": CM.format(name="nested", ns="plain", value="1"),
        "plain/notes.txt": "not a manifest",
        "plain/sub/kustomization.yaml": kustomization("cm.yaml"),
        "plain/sub/cm.yaml": CM.format(name="from-sub", ns="plain", value="1"),
        "plain/sub/ignored.yaml": CM.format(name="not-listed", ns="plain", value="1"),
    })
    report = validate(root, builder, ("plain", "./plain"))
    assert report.valid, [p.message for p in report.all_problems()]
    result = report.kustomizations[0]
    assert object_labels(result) == ["ConfigMap plain/from-sub", "ConfigMap plain/nested", "Namespace plain"]
    (note,) = problems(report, "generated-kustomization")
    assert note.severity == INFO and "Flux generates one" in note.message
    assert not (tmp_path / "plain" / "kustomization.yaml").exists()  # the next build starts from the same tree


@BOTH_BUILDERS
def test_generated_kustomization_refuses_non_kubernetes_yaml(tmp_path, builder):
    root = tree(tmp_path, {"plain/ns.yaml": NS.format(name="plain"), "plain/values.yaml": "replicas: 2\n"})
    (problem,) = problems(validate(root, builder, ("plain", "plain")), "missing-field")
    assert problem.file == "plain/values.yaml"


@BOTH_BUILDERS
def test_remote_bases_are_never_fetched(tmp_path, builder):
    root = tree(tmp_path, {
        "apps/kustomization.yaml": kustomization("cm.yaml", "https://github.com/example/repo//deploy?ref=v1",
                                                 "github.com/example/other/base?ref=main"),
        "apps/cm.yaml": CM.format(name="a", ns="x", value="1"),
    })
    report = validate(root, builder, ("apps", "apps"))
    remote = problems(report, "remote-not-fetched")
    assert len(remote) == 2 and all(p.severity == INFO for p in remote)
    assert report.valid
    assert object_labels(report.kustomizations[0]) == ["ConfigMap x/a"]
    assert report.kustomizations[0].builder == "yaml fallback"


def patched_and_generated(tmp_path):
    """A kustomization with a namespace, a name prefix and a generator: what only a real engine applies fully."""
    return tree(tmp_path, {
        "apps/kustomization.yaml": kustomization("cm.yaml", extra="namespace: prod\nnamePrefix: prod-\n"
                                                 "configMapGenerator:\n  - name: generated\n    literals: [a=b]\n"),
        "apps/cm.yaml": CM.format(name="a", ns="x", value="1"),
    })


def test_engine_applies_patches_and_namespace(tmp_path):
    root = patched_and_generated(tmp_path)
    report = validate(root, "kustomize", ("apps", "apps"))
    labels = object_labels(report.kustomizations[0])
    assert "ConfigMap prod/prod-a" in labels
    assert any(label.startswith("ConfigMap prod/prod-generated-") for label in labels)


def test_fallback_says_what_it_did_not_apply(tmp_path):
    root = patched_and_generated(tmp_path)
    report = validate(root, "yaml", ("apps", "apps"))
    assert object_labels(report.kustomizations[0]) == ["ConfigMap prod/a"]  # namespace: applied, the rest not
    (note,) = problems(report, "fallback-build")
    assert "patches, generators and other transformers were not applied" in note.message
    assert "configMapGenerator" in note.message and "namePrefix" in note.message


def test_kustomize_failure_is_reported_without_temporary_paths(tmp_path):
    root = tree(tmp_path, {
        "apps/kustomization.yaml": kustomization("cm.yaml", extra="patches:\n  - path: patch.yaml\n"),
        "apps/cm.yaml": CM.format(name="a", ns="x", value="1"),
        "apps/patch.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: not-there\n  namespace: x\n",
    })
    report = validate(root, "kustomize", ("apps", "apps"))
    (problem,) = problems(report, "kustomize-build-failed")
    assert problem.severity == ERROR and "kustomize build failed" in problem.message
    assert str(tmp_path) not in problem.message


@BOTH_BUILDERS
def test_resource_outside_the_repository(tmp_path, builder):
    root = tree(tmp_path / "repo", {"apps/kustomization.yaml": kustomization("../../outside.yaml")})
    tree(tmp_path, {"outside.yaml": CM.format(name="a", ns="x", value="1")})
    (problem,) = problems(validate(root, builder, ("apps", "apps")), "outside-repository")
    assert problem.severity == ERROR


def test_warnings_are_counted_apart_from_errors(tmp_path):
    root = tree(tmp_path, {"a/cm.yaml": CM.format(name="same", ns="x", value="1"),
                           "b/cm.yaml": CM.format(name="same", ns="x", value="2")})
    report = validate(root, "yaml", ("a", "a"), ("b", "b"))
    assert report.valid and report.to_dict()["warnings"] == 1
    assert [p.severity for p in problems(report, "shared-object")] == [WARNING]


@BOTH_BUILDERS
def test_a_missing_path_is_named_once_in_the_problem_line(tmp_path, builder):
    # the line starts with the kustomization; the message names the path: no "kustomization 'infra' infra: Path"
    from azext_k8s_configuration.flux.validate_output import problem_lines
    root = tree(tmp_path, {"apps/cm.yaml": CM.format(name="a", ns="x", value="1"), "infra.yaml": "x: 1\n"})
    report = validate(root, builder, ("infra", "infra"), ("file", "infra.yaml"))
    lines = [line for _, line in problem_lines(report.to_dict())]
    assert any(line.startswith("kustomization 'infra': Path 'infra' does not exist") for line in lines), lines
    assert any(line.startswith("kustomization 'file': Path 'infra.yaml' is a file") for line in lines), lines
