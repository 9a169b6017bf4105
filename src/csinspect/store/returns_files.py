"""Columnar storage of pseudonymised returns: Parquet files written by Polars under
``settings.returns_dir/<la_code>/<year>/<dataset>/<table>.parquet`` with a ``manifest.json``.

A dataset is written into a temporary folder beside its final place and renamed into place only when
complete, so a failed or interrupted load never leaves part of a dataset behind; re-running a load
replaces the dataset whole (idempotent)."""

from __future__ import annotations

import json
import os
import shutil
import uuid
from pathlib import Path
from typing import Any

import polars as pl

DATASETS = ("ssda903", "ssda903_prev", "cin", "annex_a")


def dataset_dir(root: Path, la_code: str, year: int, dataset: str) -> Path:
    return root / la_code / str(year) / dataset


def write_dataset(
    root: Path,
    la_code: str,
    year: int,
    dataset: str,
    tables: dict[str, pl.DataFrame],
    manifest: dict[str, Any],
) -> Path:
    final = dataset_dir(root, la_code, year, dataset)
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = final.parent / f".tmp-{dataset}-{uuid.uuid4().hex[:8]}"
    tmp.mkdir()
    try:
        for name, df in tables.items():
            df.write_parquet(tmp / f"{name}.parquet", compression="zstd", statistics=True)
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2, default=str), encoding="utf-8")
        old = None
        if final.exists():
            old = final.parent / f".old-{dataset}-{uuid.uuid4().hex[:8]}"
            os.replace(final, old)
        os.replace(tmp, final)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return final


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
