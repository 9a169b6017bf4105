"""Columnar storage of pseudonymised returns: Parquet files written by Polars under
``settings.returns_dir/<la_code>/<year>/<version>/<dataset>/<table>.parquet``, each dataset with a
``manifest.json``, and ``<year>/CURRENT`` naming the version in force.

A load writes a whole new version (the datasets it read, plus the year's other datasets carried over) into a
temporary folder, then swaps ``CURRENT`` to it in one atomic rename, so a reader sees one load or the next,
never datasets of two loads side by side; a failed or killed load leaves the old version in force. Folders of
interrupted loads (``.tmp-*``) and versions no longer in force are removed by ``sweep``, which every load and
``returns load`` at start run, so no copy of child-level data lingers. Stores written before versions existed
(``<year>/<dataset>/``) are read as they are and moved into a version by the next load.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl

DATASETS = ("ssda903", "ssda903_prev", "cin", "annex_a")
POINTER = "CURRENT"


def year_dir(root: Path, la_code: str, year: int) -> Path:
    return root / la_code / str(year)


def _current_version(year_path: Path) -> Path | None:
    pointer = year_path / POINTER
    try:
        name = pointer.read_text(encoding="utf-8").strip()
    except OSError:
        return None
    version = year_path / name
    return version if name and version.is_dir() else None


def dataset_dir(root: Path, la_code: str, year: int, dataset: str) -> Path:
    """Where the dataset in force is (the current version's, or a store from before versions)."""
    base = year_dir(root, la_code, year)
    version = _current_version(base)
    return (version or base) / dataset


def sweep(root: Path, la_code: str | None = None) -> list[Path]:
    """Remove what interrupted loads left (temporary folders, versions no longer in force); returns them."""
    removed: list[Path] = []
    councils = (
        [root / la_code] if la_code else ([p for p in root.iterdir() if p.is_dir()] if root.is_dir() else [])
    )
    for council in councils:
        if not council.is_dir():
            continue
        for year in (p for p in council.iterdir() if p.is_dir() and p.name.isdigit()):
            current = _current_version(year)
            for child in year.iterdir():
                stale = child.name.startswith((".tmp-", ".old-")) or (
                    child.name.startswith("v-") and child != current
                )
                # a store from before versions, already copied into the version in force
                stale = stale or (current is not None and child.name in DATASETS)
                if stale:
                    shutil.rmtree(child, ignore_errors=True) if child.is_dir() else child.unlink(
                        missing_ok=True
                    )
                    removed.append(child)
    return removed


def write_datasets(
    root: Path,
    la_code: str,
    year: int,
    datasets: dict[str, tuple[dict[str, pl.DataFrame], dict[str, Any]]],
) -> dict[str, Path]:
    """Write the datasets of one load ({dataset: (tables, manifest)}) as a new version of the year, carrying
    over the year's datasets this load did not read, and make it current atomically."""
    base = year_dir(root, la_code, year)
    base.mkdir(parents=True, exist_ok=True)
    sweep(root, la_code)
    name = f"v-{datetime.now(UTC):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
    tmp = base / f".tmp-{name}"
    tmp.mkdir()
    try:
        for dataset, (tables, manifest) in datasets.items():
            folder = tmp / dataset
            folder.mkdir()
            for table, df in tables.items():
                df.write_parquet(folder / f"{table}.parquet", compression="zstd", statistics=True)
            (folder / "manifest.json").write_text(
                json.dumps(manifest, indent=2, default=str), encoding="utf-8"
            )
        for dataset in DATASETS:  # carry over what this load did not replace
            previous = dataset_dir(root, la_code, year, dataset)
            if dataset not in datasets and previous.is_dir():
                shutil.copytree(previous, tmp / dataset)
        _fsync_tree(tmp)
        os.replace(tmp, base / name)
        pointer = base / f".tmp-{POINTER}-{uuid.uuid4().hex[:8]}"
        pointer.write_text(name, encoding="utf-8")
        os.replace(pointer, base / POINTER)  # the switch: one rename
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    sweep(root, la_code)  # the previous version, and a store from before versions now copied into this one
    return {dataset: base / name / dataset for dataset in datasets}


def _fsync_tree(folder: Path) -> None:
    for path in folder.rglob("*"):
        if path.is_file():
            with path.open("rb") as fh:
                os.fsync(fh.fileno())


def read_table(root: Path, la_code: str, year: int, dataset: str, table: str) -> pl.DataFrame | None:
    path = dataset_dir(root, la_code, year, dataset) / f"{table}.parquet"
    return pl.read_parquet(path) if path.exists() else None


def read_manifest(root: Path, la_code: str, year: int, dataset: str) -> dict[str, Any] | None:
    path = dataset_dir(root, la_code, year, dataset) / "manifest.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def stored_years(root: Path, la_code: str) -> list[int]:
    base = root / la_code
    if not base.is_dir():
        return []
    return sorted(int(p.name) for p in base.iterdir() if p.is_dir() and p.name.isdigit())


def stored_councils(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.is_dir()) if root.is_dir() else []
