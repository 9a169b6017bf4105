"""Reading one council's returns folder for one collection year (pure: nothing stored): the SSDA903 CSVs, the
CIN census XML and the Annex A workbooks it holds, each validated, with one problem table and row counts."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

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
