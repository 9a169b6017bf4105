"""Indicator values from official files into the store: Explore Education Statistics CSVs (and the ONS
population in EES layout) and DfE LAIT's long benchmarking file, for the indicators the catalogue names.
The readers are ``csinspect.sources.official.ees`` and ``.lait``."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
from sqlalchemy import delete, select
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
from csinspect.sources.official.lait_dictionary import read_lait_dictionary
from csinspect.sources.official.layouts import READERS
from csinspect.store.models import SourceFile
from csinspect.store.profile_models import LaitMeasureRow


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
        "Explore Education Statistics CSVs (and ONS population in EES layout), and the files the catalogue "
        "reads through a layout reader (OHID Fingertips, MHCLG revenue outturn)"
    )

    def matches(self, path: Path) -> bool:
        ds = self.catalogue.dataset_for_file(path.name)
        if ds is not None and ds.layout != "ees":
            return bool(ees_pairs(self.catalogue, ds))
        if path.suffix.lower() != ".csv":
            return False
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
        df = READERS[ds.layout](path) if ds is not None else read_ees_csv(path)
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


class LaitDictionaryLoader(CatalogueLoader):
    """LAIT's data dictionary: replaces the measures' descriptions (loaded before the benchmarking file)."""

    kind = "lait_dictionary"
    order = 45
    description = "DfE LAIT data dictionary (lait_data_dictionary.csv): every benchmarking measure described"

    def matches(self, path: Path) -> bool:
        return bool(re.match(r"^lait_data_dictionary.*\.csv$", path.name, re.IGNORECASE))

    def load(self, path: Path, session: Session, source: SourceFile) -> FileOutcome:
        summary = FileOutcome(file=path.name, kind=self.kind)
        measures, notes = read_lait_dictionary(path)
        summary.rows_read = len(measures)
        summary.notes.extend(notes)
        named = {src.column: ind.id for ind, src in self.catalogue.sources_for("lait")}
        session.execute(delete(LaitMeasureRow))
        session.add_all(
            LaitMeasureRow(
                **{k: getattr(m, k) for k in LAIT_FIELDS},
                indicator_id=named.get(m.short, m.indicator_id),
                source_file_id=source.id,
            )
            for m in measures
        )
        summary.rows_loaded = len(measures)
        summary.notes.append(
            f"{len(measures)} measures in {len({m.topic for m in measures})} topics; "
            f"{sum(1 for m in measures if m.short in named)} also in the indicator catalogue"
        )
        return summary


LAIT_FIELDS = (
    "short", "code", "topic", "title", "chart_title", "polarity", "polarity_given", "unit_text", "unit",
    "decimals", "decimals_given", "year_type", "quartiles", "description",
)  # fmt: skip


class LaitLoader(CatalogueLoader):
    """Every measure of LAIT's benchmarking file: those the catalogue names under its indicators (compared
    with the EES figures), the others as ``lait:<short>``. A measure whose cells are not numbers is listed
    and left out; the others still load."""

    kind = "lait_bds"
    order = 50
    description = "DfE LAIT benchmarking data set, long form (bds_long_*.parquet): every measure"

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
        for short in sorted(present - set(measures)):
            measures[short] = [f"lait:{short}"]
        described = set(session.scalars(select(LaitMeasureRow.short)).all())
        if described:
            undescribed = sorted(present - described)
            if undescribed:
                summary.notes.append(
                    f"{len(undescribed)} measure(s) not in LAIT's data dictionary (loaded, shown by their short "
                    f"name, no polarity): {', '.join(undescribed[:10])}{' …' if len(undescribed) > 10 else ''}"
                )
            no_data = sorted(described - present)
            if no_data:
                summary.notes.append(
                    f"{len(no_data)} dictionary measure(s) with no data in this file: {', '.join(no_data[:10])}"
                    f"{' …' if len(no_data) > 10 else ''}"
                )
        else:
            summary.notes.append(
                "LAIT's data dictionary is not loaded: measures are shown by their short names"
            )
        values, refused = extract_lait(df, measures, path.name)
        for short, why in refused.items():
            summary.skip("measure_not_numeric", 1)
            summary.notes.append(f"measure {short} not loaded: {why}")
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
