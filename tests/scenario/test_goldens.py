"""Golden files (flux_helpers.assert_golden): a test run never writes one; `make goldens` (UPDATE_GOLDENS=1) does."""
import flux_helpers
import pytest


@pytest.fixture
def golden_dir(tmp_path, monkeypatch):
    monkeypatch.setattr(flux_helpers, "GOLDEN_DIR", str(tmp_path))
    monkeypatch.delenv(flux_helpers.UPDATE, raising=False)
    return tmp_path


def test_a_missing_golden_fails_and_is_not_written(golden_dir):
    with pytest.raises(AssertionError, match="make goldens"):
        flux_helpers.assert_golden("new.txt", "output\n")
    assert not (golden_dir / "new.txt").exists()


def test_a_different_output_fails_and_leaves_the_golden_alone(golden_dir):
    (golden_dir / "old.txt").write_text("before\n")
    with pytest.raises(AssertionError, match="differs"):
        flux_helpers.assert_golden("old.txt", "after\n")
    assert (golden_dir / "old.txt").read_text() == "before\n"


def test_make_goldens_writes_them(golden_dir, monkeypatch):
    monkeypatch.setenv(flux_helpers.UPDATE, "1")
    flux_helpers.assert_golden("new.txt", "output\n")
    assert (golden_dir / "new.txt").read_text() == "output\n"


class _Cluster:
    name, rg = "arc-7f3a", "rg-7f3a"


def test_json_goldens_hide_what_varies_between_runs():
    data = {"id": "/subscriptions/0b1f6471-1bf0-4dda-aec3-cb9272f09590/resourceGroups/rg-7f3a/providers/x/arc-7f3a",
            "sourceSyncedCommitId": "main@sha1:" + "a" * 40, "statusUpdatedAt": "2026-12-07T02:45:52.123+00:00"}
    text = flux_helpers.json_for_golden(data, _Cluster())
    assert text == ('{\n  "id": "/subscriptions/<guid>/resourceGroups/RESOURCE_GROUP/providers/x/CLUSTER",\n'
                    '  "sourceSyncedCommitId": "main@sha1:<sha>",\n  "statusUpdatedAt": "<time>"\n}\n')
