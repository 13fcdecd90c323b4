"""The source tables (flux/sources/) against the spec, and what derives from them.

Each kind's table must name every member of its block in the spec (API 2025-04-01) and nothing else, and mark as
secret exactly the members the spec marks x-ms-secret: payload, redaction and the reading of a stored
configuration all follow the table, so a wrong row would be wrong everywhere at once."""
import json

import pytest
from spec_schema import SPEC_FILES

from azext_k8s_configuration.arm import redaction
from azext_k8s_configuration.flux import options, payload
from azext_k8s_configuration.flux.sources import common, kinds
from azext_k8s_configuration.flux.sources.table import PROTECTED, Change, option_name

KINDS = sorted(kinds.KINDS)


def spec_definitions():
    if not SPEC_FILES["fluxConfigurations"].exists():
        pytest.skip("../shared/spec is not there")
    return json.loads(SPEC_FILES["fluxConfigurations"].read_text(encoding="utf-8"))["definitions"]


def spec_members(definitions, definition, prefix=()):
    """{path: schema} of the leaves of a definition (objects with properties are followed)."""
    members = {}
    for name, schema in definitions[definition]["properties"].items():
        ref = schema.get("$ref", "").rsplit("/", 1)[-1]
        if ref and "properties" in definitions[ref]:
            members.update(spec_members(definitions, ref, prefix + (name,)))
        else:
            members[prefix + (name,)] = schema
    return members


def block_definition(definitions, module):
    ref = definitions["FluxConfigurationProperties"]["properties"][module.BLOCK]["$ref"]
    return ref.rsplit("/", 1)[-1]


@pytest.mark.parametrize("key", KINDS)
def test_each_table_names_every_member_of_its_block_and_nothing_else(key):
    definitions = spec_definitions()
    module = kinds.kind(key)
    members = spec_members(definitions, block_definition(definitions, module))
    paths = [row.path for row in module.OPTIONS if not row.protected]
    assert len(paths) == len(set(paths)), "two rows for one member"
    assert set(paths) == set(members)


@pytest.mark.parametrize("key", KINDS)
def test_secret_rows_are_the_members_the_spec_marks_secret(key):
    definitions = spec_definitions()
    module = kinds.kind(key)
    members = spec_members(definitions, block_definition(definitions, module))
    assert {row.path for row in module.OPTIONS if row.secret and not row.protected} == {
        path for path, schema in members.items() if schema.get("x-ms-secret")}


def test_the_source_kinds_and_blocks_are_the_spec_s():
    properties = spec_definitions()["FluxConfigurationProperties"]["properties"]
    assert {module.SOURCE_KIND for module in kinds.KINDS.values()} == set(properties["sourceKind"]["enum"])
    assert all(module.BLOCK in properties for module in kinds.KINDS.values())
    assert properties[PROTECTED].get("x-ms-secret")


def test_protected_rows_are_secret_settings():
    protected = [row for module in kinds.KINDS.values() for row in module.OPTIONS if row.protected]
    assert {row.path[1] for row in protected} == {"sshPrivateKey", "httpsKey", "bucketSecretKey"}
    assert all(row.secret and len(row.path) == 2 for row in protected)


def test_redaction_knows_every_secret_member_of_every_block():
    definitions = spec_definitions()
    expected = set()
    for module in kinds.KINDS.values():
        for path, schema in spec_members(definitions, block_definition(definitions, module)).items():
            if schema.get("x-ms-secret"):
                expected.add(((module.BLOCK,) + path)[-2:])
    assert redaction.in_block_secrets() == expected


def test_rows_of_one_key_agree_on_what_az_registers():
    # --url, --timeout, --tag ... are in several tables: az registers one option, so its names, help and form
    # must be the same in all of them
    seen = {}
    for module in kinds.KINDS.values():
        for row in module.OPTIONS:
            cli = (row.option_names, row.help, row.group, row.switch, row.choices, row.nargs, row.at_file_form,
                   row.file_key, row.file_help)
            assert seen.setdefault(row.key, cli) == cli, row.key


def test_names_are_unique_and_include_the_name_messages_use():
    names = {}
    for row in kinds.cli_rows():
        assert row.name in row.option_names, row.key
        for name in row.option_names + ((row.file_name,) if row.file_key else ()):
            assert names.setdefault(name, row.key) == row.key, f"{name} names two options"
    assert not set(kinds.all_option_keys()) & set(options.CONFIGURATION_OPTIONS)


def test_every_row_has_help_and_twins_have_a_reader():
    for row in kinds.cli_rows():
        assert row.help.strip(), row.key
        assert bool(row.file_key) == bool(row.read_file) == bool(row.file_help), row.key


def test_options_of_a_kind_derive_from_its_table():
    assert options.KIND_OPTIONS["bucket"] == ("bucket_name", "bucket_access_key", "bucket_secret_key",
                                              "bucket_insecure")
    assert "ssh_private_key_file" in options.KIND_OPTIONS["git"] and "url" not in options.KIND_OPTIONS["git"]
    assert set(common.COMMON_KEYS) <= set(kinds.option_keys(kinds.kind("oci")))
    assert options.AT_FILE_OPTIONS["ssh_private_key"] == ("value", "--ssh-private-key-file")
    assert "branch" not in options.AT_FILE_OPTIONS and "tag" not in options.AT_FILE_OPTIONS
    assert "bucket_insecure" not in options.AT_FILE_OPTIONS and "oci_operation" not in options.AT_FILE_OPTIONS
    assert options.AT_FILE_OPTIONS["verification_config"] == ("pairs", None)
    assert option_name("sync_interval") == "--sync-interval"


@pytest.mark.parametrize("key", KINDS)
def test_a_block_reads_back_as_it_was_written(key):
    module = kinds.kind(key)
    values = {row.key: f"value-of-{row.key}" for row in module.OPTIONS if not row.protected}
    block = payload.source_block(Change(key, values))
    assert payload.read_source(module, block) == values


def test_a_change_never_shows_its_values():
    change = Change("git", {"https_key": "c2VjcmV0", "https_user": None})
    assert "c2VjcmV0" not in repr(change) and "https_key" in repr(change)
