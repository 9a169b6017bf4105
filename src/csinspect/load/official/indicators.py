"""Indicator values from official files into the store: Explore Education Statistics CSVs (and the ONS
population in EES layout) and DfE LAIT's long benchmarking file, for the indicators the catalogue names.
The readers are ``csinspect.sources.official.ees`` and ``.lait``."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
from sqlalchemy.orm import Session

from csinspect.indicators.catalogue import Catalogue, get_catalogue
from csinspect.load.official.values import store_values
from csinspect.load.outcome import FileOutcome
from csinspect.sources.official.ees import (
    STANDARD_COLUMNS,
    check_columns,
    check_geography,
    ees_pairs,
    extract_dataset,
    looks_like_ees,
    read_ees_csv,
)
from csinspect.sources.official.lait import extract_lait, read_lait
from csinspect.store.models import SourceFile


class CatalogueLoader:
    """Base of the loaders whose files the indicator catalogue names (the built-in one unless given)."""

    def __init__(self, catalogue: Catalogue | None = None) -> None:
        self._catalogue = catalogue

    @property
    def catalogue(self) -> Catalogue:
        return self._catalogue or get_catalogue()


class EesLoader(CatalogueLoader):
    kind = "ees_csv"
    order = 50
    description = (
        "Explore Education Statistics CSVs (and ONS population in EES layout) named in the catalogue"
    )

    def matches(self, path: Path) -> bool:
        if path.suffix.lower() != ".csv":
            return False
        ds = self.catalogue.dataset_for_file(path.name)
        if ds is not None and ees_pairs(self.catalogue, ds):
            return True  # even with wrong columns: load() then says which
        try:
            header = path.open(encoding="utf-8", errors="replace").readline()
        except OSError:
            return False
        return looks_like_ees(re.split(r",", header.strip()))

    def load(self, path: Path, session: Session, source: SourceFile) -> FileOutcome:
        summary = FileOutcome(file=path.name, kind=self.kind)
        ds = self.catalogue.dataset_for_file(path.name)
        df = read_ees_csv(path)
        summary.rows_read = df.height
        check_columns(path.name, df.columns, list(STANDARD_COLUMNS), "an EES data file")
        check_geography(path.name, df)
        if ds is None:
            summary.notes.append("no catalogue dataset names this file; nothing loaded")
            return summary
        summary.notes.append(f"dataset {ds.id}: {ds.title}")
        values = extract_dataset(df, ees_pairs(self.catalogue, ds), path.name)
        store_values(session, values, source, summary)
        return summary


class LaitLoader(CatalogueLoader):
    kind = "lait_bds_long"
    order = 50
    description = "DfE LAIT benchmarking data set, long form (bds_long_*.parquet)"

    def matches(self, path: Path) -> bool:
        return bool(re.match(r"^bds_long.*\.parquet$", path.name, re.IGNORECASE))

    def load(self, path: Path, session: Session, source: SourceFile) -> FileOutcome:
        summary = FileOutcome(file=path.name, kind=self.kind)
        df = read_lait(path)
        summary.rows_read = df.height
        measures: dict[str, list[str]] = {}
        for ind, src in self.catalogue.sources_for("lait"):
            measures.setdefault(src.column, []).append(ind.id)
        present = set(df["Short Desc"].unique().to_list())
        absent = sorted(set(measures) - present)
        if absent:
            summary.notes.append(f"catalogue LAIT measures not in this file: {absent}")
        values = extract_lait(df, measures, path.name)
        bad = values.filter(
            pl.col("period").is_null() | pl.col("geo_level").is_null() | pl.col("area_code").is_null()
        )
        if bad.height:
            summary.skip("bad_period_or_area", bad.height)
            values = values.filter(
                pl.col("period").is_not_null()
                & pl.col("geo_level").is_not_null()
                & pl.col("area_code").is_not_null()
            )
        store_values(session, values, source, summary)
        return summary
