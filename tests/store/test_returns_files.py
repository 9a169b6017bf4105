"""The child-level store: each load becomes current as one version (never datasets of two loads side by
side), what a load did not read is carried over, and leftovers of interrupted loads are swept away."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl

from csinspect.store import returns_files as storage


def _tables(tag: str) -> dict[str, pl.DataFrame]:
    return {"header": pl.DataFrame({"CHILD": ["p1", "p2"], "load": [tag, tag]})}


def _loaded(root: Path, dataset: str) -> str:
    df = storage.read_table(root, "821", 2025, dataset, "header")
    assert df is not None
    return str(df["load"][0])


def test_a_load_is_one_version_and_carries_over_the_rest(tmp_path: Path) -> None:
    root = tmp_path / "returns"
    storage.write_datasets(
        root, "821", 2025, {"ssda903": (_tables("A"), {"n": 1}), "cin": (_tables("A"), {"n": 1})}
    )
    first = (root / "821" / "2025" / "CURRENT").read_text()
    paths = storage.write_datasets(root, "821", 2025, {"cin": (_tables("B"), {"n": 2})})
    second = (root / "821" / "2025" / "CURRENT").read_text()
    assert first != second and paths["cin"].parent.name == second
    assert (_loaded(root, "cin"), _loaded(root, "ssda903")) == ("B", "A")  # carried over into B's version
    assert storage.read_manifest(root, "821", 2025, "cin") == {"n": 2}
    # only the version in force remains
    assert sorted(p.name for p in (root / "821" / "2025").iterdir()) == sorted(["CURRENT", second])


def test_sweep_removes_what_interrupted_loads_left(tmp_path: Path) -> None:
    root = tmp_path / "returns"
    storage.write_datasets(root, "821", 2025, {"cin": (_tables("A"), {})})
    year = root / "821" / "2025"
    (year / ".tmp-v-20261206T000000-dead").mkdir()  # a load killed while writing
    (year / ".tmp-v-20261206T000000-dead" / "header.parquet").write_bytes(b"child-level data")
    (year / "v-20200101T000000-old").mkdir()  # a version a killed load left out of force
    (year / ".tmp-CURRENT-1234").write_text("v-x")
    removed = storage.sweep(root)
    assert {p.name for p in removed} == {
        ".tmp-v-20261206T000000-dead",
        "v-20200101T000000-old",
        ".tmp-CURRENT-1234",
    }
    assert _loaded(root, "cin") == "A"


def test_a_store_from_before_versions_is_read_then_moved_into_one(tmp_path: Path) -> None:
    root = tmp_path / "returns"
    legacy = root / "821" / "2025" / "ssda903"
    legacy.mkdir(parents=True)
    _tables("old")["header"].write_parquet(legacy / "header.parquet")
    (legacy / "manifest.json").write_text(json.dumps({"legacy": True}))
    assert _loaded(root, "ssda903") == "old"
    storage.write_datasets(root, "821", 2025, {"cin": (_tables("new"), {})})
    assert (_loaded(root, "ssda903"), _loaded(root, "cin")) == ("old", "new")
    assert not legacy.exists()  # now inside the version in force
