"""Finding, validating, pseudonymising and storing a council's returns for one collection year."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl

from csinspect.config import Settings, get_settings
from csinspect.returns import storage
from csinspect.returns.pseudonym import Pseudonymiser, degrade_to_month, key_fingerprint, resolve_key
from csinspect.sources.returns.annex_a import read_annex_a
from csinspect.sources.returns.cin_xml import read_cin_xml
from csinspect.sources.returns.problems import (
    ReadResult,
    ReturnsFileError,
    TableCount,
    empty_problems,
    problem_frame,
)
from csinspect.sources.returns.ssda903 import read_903_dir

ID_COLUMNS = ("CHILD", "LAchildID", "child_unique_id", "individual_adopter_identifier", "family_identifier")
DOB_COLUMNS = ("DOB", "MC_DOB", "PersonBirthDate", "ExpectedPersonBirthDate", "date_of_birth")
_IDENTIFYING = set(ID_COLUMNS) | set(DOB_COLUMNS)


@dataclass
class DatasetOutcome:
    dataset: str
    files: list[str]
    stored: Path | None = None
    failed_files: list[str] = field(default_factory=list)


@dataclass
class LoadReport:
    la_code: str | None
    year: int | None
    problems: pl.DataFrame = field(default_factory=empty_problems)
    counts: list[TableCount] = field(default_factory=list)
    failures: list[ReturnsFileError] = field(default_factory=list)
    datasets: list[DatasetOutcome] = field(default_factory=list)
    results: dict[str, ReadResult] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.failures

    def count_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "file": c.file,
                "table": c.table,
                "read": c.read,
                "accepted": c.accepted,
                "rejected": c.rejected,
                "reconciles": c.reconciles,
            }
            for c in self.counts
        ]


def discover(directory: Path) -> dict[str, list[Path]]:
    files = [p for p in sorted(directory.rglob("*")) if p.is_file() and not p.name.startswith((".", "~$"))]
    return {
        "ssda903": [p for p in files if p.suffix.lower() == ".csv"],
        "cin": [p for p in files if p.suffix.lower() == ".xml"],
        "annex_a": [p for p in files if p.suffix.lower() in (".xlsx", ".xlsm")],
    }


def infer_la_year(directory: Path) -> tuple[str | None, int | None]:
    """From a folder laid out as <la_code>/<year>/ (as ``csinspect synth`` writes)."""
    year = int(directory.name) if re.fullmatch(r"(19|20)\d\d", directory.name) else None
    la = directory.parent.name if year and re.fullmatch(r"\d{3}", directory.parent.name) else None
    return la, year


def read_dir(directory: Path, la_code: str | None, year: int) -> LoadReport:
    """Read and validate everything in ``directory`` (nothing stored)."""
    report = LoadReport(la_code=la_code, year=year)
    found = discover(directory)
    rel = lambda p: str(p.relative_to(directory))  # noqa: E731

    if found["ssda903"]:
        cur, prev, failures = read_903_dir(found["ssda903"], year, base=directory)
        report.results["ssda903"] = cur
        report.results["ssda903_prev"] = prev
        report.failures.extend(failures)
        report.datasets.append(
            DatasetOutcome(
                "ssda903", [rel(p) for p in found["ssda903"]], failed_files=[f.file for f in failures]
            )
        )
    for path in found["cin"]:
        try:
            res = read_cin_xml(path, la_code=la_code, year=year, display_name=rel(path))
        except ReturnsFileError as err:
            report.failures.append(err)
            report.datasets.append(DatasetOutcome("cin", [rel(path)], failed_files=[rel(path)]))
            continue
        if "cin" in report.results:
            report.failures.append(
                ReturnsFileError(
                    rel(path),
                    "a second CIN census file in the folder; only one per year",
                    rule="duplicate_table",
                )
            )
            continue
        report.results["cin"] = res
        report.datasets.append(DatasetOutcome("cin", [rel(path)]))
    for path in found["annex_a"]:
        try:
            res = read_annex_a(path, display_name=rel(path))
        except ReturnsFileError as err:
            report.failures.append(err)
            report.datasets.append(DatasetOutcome("annex_a", [rel(path)], failed_files=[rel(path)]))
            continue
        if "annex_a" in report.results:
            report.results["annex_a"].add(res)
        else:
            report.results["annex_a"] = res
        report.datasets.append(DatasetOutcome("annex_a", [rel(path)]))
    parts = [r.problems for r in report.results.values()]
    parts.append(problem_frame([f.as_problem() for f in report.failures]))
    report.problems = pl.concat(parts) if parts else empty_problems()
    report.counts = [c for r in report.results.values() for c in r.counts]
    return report


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _check_key(root: Path, la_code: str, fingerprint: str) -> None:
    for year in storage.stored_years(root, la_code):
        for ds in storage.DATASETS:
            m = storage.read_manifest(root, la_code, year, ds)
            if m and m.get("key_fingerprint") != fingerprint:
                raise ReturnsFileError(
                    f"{la_code}/{year}/{ds}",
                    "stored data were pseudonymised with a different key; use the same CSINSPECT_PSEUDONYM_KEY "
                    "(or remove the stored data) so children can be linked across years",
                    rule="key_mismatch",
                )


def masked_problems(problems: pl.DataFrame) -> pl.DataFrame:
    """The problem table as stored: values of identifying columns withheld."""
    ident = pl.col("column").is_in(sorted(_IDENTIFYING)) | pl.col("column").str.contains(
        "CHILD|LAchildID|child_unique_id"
    )
    return problems.with_columns(
        pl.when(ident.fill_null(False)).then(pl.lit("<withheld>")).otherwise(pl.col("value")).alias("value")
    )


def load_dir(
    directory: Path,
    la_code: str,
    year: int,
    *,
    settings: Settings | None = None,
    key: str | bytes | None = None,
    dob_precision: str = "month",
) -> LoadReport:
    """Validate, pseudonymise and store. Files failing as a whole are reported and not stored; every
    dataset is written atomically."""
    settings = settings or get_settings()
    k = resolve_key(key, settings)
    fp = key_fingerprint(k)
    root = settings.returns_dir
    _check_key(root, la_code, fp)
    report = read_dir(directory, la_code, year)
    found = discover(directory)
    sources = {p: _sha256(p) for paths in found.values() for p in paths}
    pseudo = Pseudonymiser(k, la_code)
    for dataset, result in report.results.items():
        if not result.tables:
            continue
        tables: dict[str, pl.DataFrame] = {}
        for name, df in result.tables.items():
            out = pseudo.frame(df, ID_COLUMNS)
            if dob_precision == "month":
                out = degrade_to_month(out, DOB_COLUMNS)
            tables[name] = out
        tables["_problems"] = masked_problems(result.problems)
        manifest = {
            "la_code": la_code,
            "year": year if dataset != "ssda903_prev" else year - 1,
            "dataset": dataset,
            "loaded_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "key_fingerprint": fp,
            "dob_precision": dob_precision,
            "sources": [{"file": str(p.relative_to(directory)), "sha256": h} for p, h in sources.items()],
            "counts": [c.__dict__ for c in result.counts],
            "meta": {k2: v for k2, v in result.meta.items() if not k2.startswith("file:")},
        }
        path = storage.write_dataset(root, la_code, year, dataset, tables, manifest)
        for d in report.datasets:
            if d.dataset == dataset:
                d.stored = path
    return report
