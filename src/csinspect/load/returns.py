"""Loading a council's child-level returns for one collection year: read and validate the folder
(``sources.returns.folder``), pseudonymise child identifiers and degrade dates of birth, and store each dataset
atomically as parquet (``store.returns_files``)."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from csinspect.load.pseudonym import Pseudonymiser, degrade_to_month, key_fingerprint, resolve_key
from csinspect.sources.returns.folder import LoadReport, discover, read_dir
from csinspect.sources.returns.problems import ReturnsFileError
from csinspect.store import returns_files as storage

ID_COLUMNS = ("CHILD", "LAchildID", "child_unique_id", "individual_adopter_identifier", "family_identifier")
DOB_COLUMNS = ("DOB", "MC_DOB", "PersonBirthDate", "ExpectedPersonBirthDate", "date_of_birth")
_IDENTIFYING = set(ID_COLUMNS) | set(DOB_COLUMNS)


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
    root: Path,
    key: str | bytes | None,
    dob_precision: str = "month",
) -> LoadReport:
    """Validate, pseudonymise with ``key`` and store under ``root`` (the returns store). Files failing as a
    whole are reported and not stored; the datasets of the load become current together (one new version of
    the year), and what an interrupted load left behind is removed first."""
    if not re.fullmatch(r"\d{3}", la_code):  # it names a folder: never a path
        raise ReturnsFileError(
            str(directory), f"{la_code!r} is not a DfE 3-digit LA code", rule="bad_la_code"
        )
    k = resolve_key(key)
    fp = key_fingerprint(k)
    storage.sweep(root, la_code)
    _check_key(root, la_code, fp)
    report = read_dir(directory, la_code, year)
    found = discover(directory)
    sources = {p: _sha256(p) for paths in found.values() for p in paths}
    pseudo = Pseudonymiser(k, la_code)
    written: dict[str, tuple[dict[str, pl.DataFrame], dict[str, object]]] = {}
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
        written[dataset] = (tables, manifest)
    if written:  # every dataset of this load becomes current together, or none does
        paths = storage.write_datasets(root, la_code, year, written)
        for d in report.datasets:
            if d.dataset in paths:
                d.stored = paths[d.dataset]
    return report
