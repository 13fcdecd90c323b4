"""k8s-extension create --plan-name/--plan-product/--plan-publisher: the extension's marketplace `plan` (spec
example CreateExtensionWithPlan), all three or none, checked before anything is sent."""
import pytest
from azure.cli.core.azclierror import InvalidArgumentValueError, RequiredArgumentMissingError
from fakes import FakeCmd
from test_extensions_handlers import COORDS, calls_of, extension, fake  # noqa: F401  (fixture)
from test_extensions_payload import cluster, validate

from azext_k8s_configuration.extensions import handlers, model, payload

PLAN = dict(plan_name="azure-vote-standard", plan_product="azure-vote-standard-offer-id", plan_publisher="Microsoft")
WIRE = {"name": "azure-vote-standard", "product": "azure-vote-standard-offer-id", "publisher": "Microsoft"}


def test_the_plan_goes_to_the_extensions_plan():
    body = payload.create_body(model.build_create_spec("azure-vote", release_train="Preview", **PLAN),
                               cluster("connectedClusters"))
    assert body["plan"] == WIRE
    assert body["properties"] == {"extensionType": "azure-vote", "releaseTrain": "Preview"}
    validate(body, "Extension")


def test_no_plan_options_no_plan():
    assert "plan" not in payload.create_body(model.build_create_spec("azure-vote"), cluster("managedClusters"))


@pytest.mark.parametrize("left_out", ["plan_name", "plan_product", "plan_publisher"])
def test_a_plan_needs_all_three(left_out):
    partial_plan = {key: value for key, value in PLAN.items() if key != left_out}
    with pytest.raises(RequiredArgumentMissingError) as refused:
        model.build_create_spec("azure-vote", **partial_plan)
    assert "missing: --" + left_out.replace("_", "-") in str(refused.value)


def test_a_blank_plan_value_counts_as_missing():
    with pytest.raises(RequiredArgumentMissingError, match="missing: --plan-name"):
        model.build_create_spec("azure-vote", **dict(PLAN, plan_name="  "))


def test_an_unread_at_file_plan_value_is_refused():
    with pytest.raises(InvalidArgumentValueError, match="--plan-publisher"):
        model.build_create_spec("azure-vote", **dict(PLAN, plan_publisher="@missing-publisher.txt"))


def test_create_sends_the_plan(fake):  # noqa: F811
    handlers.create_extension(FakeCmd(), **COORDS, name="vote", extension_type="azure-vote", **PLAN)
    (_, _, body, _), = calls_of(fake, "create")
    assert body["plan"] == WIRE


def test_create_over_an_existing_extension_keeps_its_plan(fake):  # noqa: F811
    fake["extensions"].existing["vote"] = extension("vote", "azure-vote")
    fake["extensions"].existing["vote"]["plan"] = dict(WIRE, name="azure-vote-basic")
    with pytest.raises(InvalidArgumentValueError, match="a plan cannot be changed"):
        handlers.create_extension(FakeCmd(), **COORDS, name="vote", extension_type="azure-vote",
                                  configuration_settings=[["a=b"]], **PLAN)
    assert not calls_of(fake, "update")
    fake["extensions"].existing["vote"]["plan"] = dict(WIRE)  # the same plan: its settings are updated
    handlers.create_extension(FakeCmd(), **COORDS, name="vote", extension_type="azure-vote",
                              configuration_settings=[["a=b"]], **PLAN)
    assert calls_of(fake, "update")
