"""Checks across the kustomizations of a configuration: namespace ordering (dependsOn), objects applied twice,
and post-build substitution variables."""
from azext_k8s_configuration.source_build.report import ERROR, INFO, WARNING
from azext_k8s_configuration.source_build.spec import KustomizationSpec
from tests.source_build.builders import BOTH_BUILDERS, CM, NS, kustomization, problems, tree, validate

INFRA_APPS = {
    "infra/kustomization.yaml": kustomization("ns.yaml"),
    "infra/ns.yaml": NS.format(name="shop"),
    "apps/kustomization.yaml": kustomization("cm.yaml"),
    "apps/cm.yaml": CM.format(name="shop-settings", ns="shop", value="1"),
}


@BOTH_BUILDERS
def test_namespace_created_by_another_kustomization_needs_depends_on(tmp_path, builder):
    root = tree(tmp_path, INFRA_APPS)
    report = validate(root, builder, ("infra", "./infra"), ("apps", "./apps"))
    (problem,) = problems(report, "namespace-order")
    assert problem.severity == ERROR and not report.valid
    assert "Kustomization 'apps' puts 1 object(s) in namespace 'shop' (ConfigMap shop/shop-settings)" in \
        problem.message
    assert 'namespaces "shop" not found' in problem.message
    assert 'Add dependsOn=["infra"] to \'apps\'' in problem.message


@BOTH_BUILDERS
def test_depends_on_fixes_the_order_directly_or_through_another(tmp_path, builder):
    root = tree(tmp_path, dict(INFRA_APPS, **{"middle/cm.yaml": CM.format(name="m", ns="default", value="1")}))
    direct = validate(root, builder, ("infra", "infra"), KustomizationSpec("apps", "apps", ("infra",)))
    assert direct.valid and not problems(direct, "namespace-order")
    chain = validate(root, builder, ("infra", "infra"), KustomizationSpec("middle", "middle", ("infra",)),
                     KustomizationSpec("apps", "apps", ("middle",)))
    assert chain.valid and not problems(chain, "namespace-order")


def test_the_suggested_depends_on_keeps_the_existing_ones(tmp_path):
    root = tree(tmp_path, dict(INFRA_APPS, **{"other/cm.yaml": CM.format(name="o", ns="default", value="1")}))
    report = validate(root, "yaml", ("infra", "infra"), ("other", "other"),
                      KustomizationSpec("apps", "apps", ("other",)))
    (problem,) = problems(report, "namespace-order")
    assert 'dependsOn=["other","infra"]' in problem.message and "depends_on=other,infra" in problem.message


def test_a_namespace_the_kustomization_creates_itself_needs_nothing(tmp_path):
    root = tree(tmp_path, {"infra/ns.yaml": NS.format(name="shop"),
                           "apps/ns.yaml": NS.format(name="shop"),
                           "apps/cm.yaml": CM.format(name="c", ns="shop", value="1")})
    report = validate(root, "yaml", ("infra", "infra"), ("apps", "apps"))
    assert not problems(report, "namespace-order")
    (shared,) = problems(report, "shared-object")  # the Namespace itself is applied by both
    assert "Namespace shop is applied by kustomizations 'apps', 'infra'" in shared.message


@BOTH_BUILDERS
def test_same_object_in_two_kustomizations_is_a_warning(tmp_path, builder):
    root = tree(tmp_path, {"a/cm.yaml": CM.format(name="same", ns="default", value="1"),
                           "b/cm.yaml": CM.format(name="same", ns="default", value="2"),
                           "b/other.yaml": CM.format(name="other", ns="default", value="2")})
    report = validate(root, builder, ("a", "a"), ("b", "b"))
    (problem,) = problems(report, "shared-object")
    assert problem.severity == WARNING and report.valid
    assert "ConfigMap default/same is applied by kustomizations 'a', 'b'" in problem.message


SUBST = {"apps/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: vars\n  namespace: default\ndata:\n"
                         "  region: ${region}\n  size: ${size:=small}\n  tier: ${tier:-basic}\n  literal: $${escaped}\n"
                         "  cluster: ${cluster_name}\n",
         "apps/off.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: off\n  namespace: default\n"
                          "  labels:\n    kustomize.toolkit.fluxcd.io/substitute: disabled\n"
                          "data:\n  x: ${not_checked}\n"}


@BOTH_BUILDERS
def test_variables_without_default_that_substitute_does_not_provide(tmp_path, builder):
    root = tree(tmp_path, SUBST)
    report = validate(root, builder, KustomizationSpec("apps", "apps", substitute={"region": "westeurope"}))
    found = problems(report, "variable-unset")
    assert [p.severity for p in found] == [WARNING]
    assert "${cluster_name} (in ConfigMap default/vars)" in found[0].message
    assert "substitute=cluster_name:VALUE" in found[0].message
    assert report.valid  # Flux does not fail: it substitutes an empty string


def test_variables_with_substitute_from_are_unknown(tmp_path):
    root = tree(tmp_path, SUBST)
    report = validate(root, "yaml", KustomizationSpec("apps", "apps", substitute={"region": "x"},
                                                      substitute_from=("ConfigMap/cluster-vars",)))
    (problem,) = problems(report, "variable-unknown")
    assert problem.severity == INFO and "ConfigMap/cluster-vars" in problem.message
    assert not problems(report, "variable-unset")


def test_without_post_build_nothing_is_substituted(tmp_path):
    root = tree(tmp_path, SUBST)
    report = validate(root, "yaml", ("apps", "apps"))
    names = sorted(p.message.split("}")[0] for p in problems(report, "variable-literal"))
    assert names == ["${cluster_name", "${region"]
    assert all(p.severity == INFO for p in problems(report, "variable-literal"))
