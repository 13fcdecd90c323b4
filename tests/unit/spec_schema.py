"""The tests' one Swagger -> JSON Schema converter lives in tests/harness/spec_schema.py; unit, fuzz and scenario
tests import it by this name (their conftest puts tests/unit on sys.path)."""
from tests.harness.spec_schema import (  # noqa: F401
    RP_ROOT,
    SPEC_FILES,
    errors_against_spec,
    validate_against_spec,
    validator_for,
    validator_for_node,
)
