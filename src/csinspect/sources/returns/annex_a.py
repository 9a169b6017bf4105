"""Annex A workbooks (the lists a council prepares for an inspection), lists 1-11, read from ``.xlsx`` with
fastexcel (Rust calamine) and matched to the standard columns despite the headers councils really use:
any case, spacing and punctuation, reordered or extra columns, blank rows above the header, option labels
with or without their "a)" prefixes. Columns naming staff or full postcodes are never carried further."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import polars as pl
from rapidfuzz import fuzz

from csinspect.sources.returns import specs
from csinspect.sources.returns.problems import ReadResult, ReturnsFileError, TableCount, problem_frame
from csinspect.sources.returns.validate import Col, Kind, TableSpec, validate_table


@dataclass(frozen=True)
class AnnexCol:
    title: str  # as in the DfE template
    key: str  # stored column name
    kind: str  # str | date | int | category
    can_be_blank: bool
    options: tuple[str, ...] | None


@dataclass(frozen=True)
class AnnexList:
    number: int
    title: str
    cols: list[AnnexCol]

    @property
    def table(self) -> str:
        return f"list_{self.number}"


def _lists() -> tuple[dict[int, AnnexList], dict[int, tuple[str, ...]], frozenset[str]]:
    """The lists, each list's essential columns and the columns never stored, from specs/annex_a_<year>.yaml."""
    spec = specs.annex_a()
    lists = {
        n: AnnexList(
            n,
            lst.title,
            [
                AnnexCol(c.title, c.key, c.kind, c.can_be_blank, tuple(c.options) if c.options else None)
                for c in lst.columns
            ],
        )
        for n, lst in spec.lists.items()
    }
    return lists, {n: tuple(lst.essential) for n, lst in spec.lists.items()}, frozenset(spec.never_stored)


# The lists (from the spec), the columns without which a list is useless (missing one fails the list as a
# whole) and the columns never stored (names of staff, full postcodes; the Child Unique ID is pseudonymised
# by the loader).
LISTS, ESSENTIAL, NEVER_STORED = _lists()


def _norm(text: Any) -> str:
    return re.sub(r"[^a-z0-9]", "", str(text or "").lower())


# Notes councils add to a template's headers: "(please complete)", "[mandatory]", "* required", "- optional",
# "Date of contact: dd/mm/yyyy". The header is matched with and without them.
_NOTE = re.compile(
    r"\([^)]*\)|\[[^\]]*\]|\*+|\s[-–:]\s.*$|:\s*$|"
    r"\b(?:please\s+complete|please\s+enter|mandatory|required|optional|if\s+known|if\s+applicable)\b",
    re.IGNORECASE,
)


def _core(text: Any) -> str:
    """The header without the notes councils add to it."""
    return _norm(_NOTE.sub(" ", str(text or "")))


_SYNONYMS = {
    "gender": ("sex",),
    "child_unique_id": ("childid", "childuniqueid", "uniqueid", "lachildid", "id"),
}


@lru_cache(maxsize=16)
def _targets(number: int) -> tuple[tuple[AnnexCol, frozenset[str]], ...]:
    return tuple(
        (col, frozenset({_norm(col.title), _norm(col.key), *(_SYNONYMS.get(col.key, ()))}))
        for col in LISTS[number].cols
    )


def match_headers(headers: list[Any], spec: AnnexList) -> tuple[dict[int, str], float]:
    """Map sheet column positions to spec keys; returns (mapping, share of spec columns found)."""
    norm_headers = [(_norm(h), _core(h)) for h in headers]
    candidates: list[tuple[float, int, str]] = []
    for col, targets in _targets(spec.number):
        for i, (full, core) in enumerate(norm_headers):
            if not full:
                continue
            h = full
            if full in targets or core in targets:
                score = 100.0 if full in targets else 99.0
            else:
                h = core or full
                score = max(fuzz.ratio(h, t) for t in targets)
                if score < 88:
                    # a header that adds words ("Date of Contact (dd/mm/yyyy)") still matches
                    score = max(
                        (
                            90.0
                            for t in targets
                            if len(t) >= 8
                            and (t in h or h in t)
                            and min(len(h), len(t)) / max(len(h), len(t)) > 0.6
                        ),
                        default=score,
                    )
            if score >= 88:
                candidates.append((score, i, col.key))
    mapping: dict[int, str] = {}
    used: set[str] = set()
    for _score, i, key in sorted(candidates, key=lambda c: (-c[0], c[1])):
        if i in mapping or key in used:
            continue
        mapping[i] = key
        used.add(key)
    return mapping, len(used) / len(spec.cols)


def _option_map(options: tuple[str, ...]) -> dict[str, str]:
    m = {o.upper(): o for o in options}
    if "Yes" in options:
        m.update({"Y": "Yes", "TRUE": "Yes", "1": "Yes"})
    if "No" in options:
        m.update({"N": "No", "FALSE": "No", "0": "No"})
    for o in options:
        if o in ("Male", "Female"):
            m[o[0]] = o
    return m


def _normalise_category(expr: pl.Expr, options: tuple[str, ...]) -> pl.Expr:
    """'a) Yes' / 'yes' / 'Y' -> 'Yes'; 'q) 6: Police' / '6' -> '6'; 'N1 - Abuse or neglect' -> 'N1'."""
    s = expr.str.strip_chars().str.replace(r"^[A-Za-z]{1,2}\d?\)\s*", "")
    code = s.str.extract(r"^([A-Za-z0-9]{1,4})(?::| - )", 1)
    s = pl.coalesce([code, s]).str.strip_chars()
    mapping = _option_map(options)
    return s.str.to_uppercase().replace_strict(mapping, default=None).fill_null(s)


_KINDS: dict[str, Kind] = {"date": "date", "int": "int", "category": "code"}


def _spec_for(lst: AnnexList) -> TableSpec:
    cols: list[Col] = []
    for c in lst.cols:
        kind: Kind = "drop" if c.key in NEVER_STORED else _KINDS.get(c.kind, "str")
        cols.append(
            Col(
                c.key,
                kind,
                required=not c.can_be_blank and c.key in ESSENTIAL[lst.number],
                codes=frozenset(c.options) if c.options else None,
                in_file=False,
            )
        )
    return TableSpec(lst.table, cols)


def _identify_list(sheet_name: str, rows: list[list[Any]]) -> tuple[AnnexList, int, dict[int, str]] | None:
    """The list a sheet holds and its header row: the sheet name when it says "List N", otherwise the list
    whose template columns best cover the sheet's headers (with its essential columns present)."""
    m = re.search(r"list\s*_?\s*(\d{1,2})\b", sheet_name, re.IGNORECASE)
    named = LISTS.get(int(m.group(1))) if m else None
    best: tuple[float, AnnexList, int, dict[int, str]] | None = None
    for idx, row in enumerate(rows[:25]):
        filled = sum(1 for v in row if v not in (None, ""))
        if filled < 2:
            continue
        for lst in [named] if named else LISTS.values():
            mapping, _ = match_headers(row, lst)
            coverage = len(mapping) / min(filled, len(lst.cols))
            essential = all(k in mapping.values() for k in ESSENTIAL[lst.number])
            score = coverage + (0.5 if essential else 0.0) + len(mapping) / 1000
            if best is None or score > best[0]:
                best = (score, lst, idx, mapping)
        if best is not None and best[0] >= 1.3:  # a clear header row (80%+ matched, essentials present)
            break
    if best is None or best[0] < 0.5:
        return None
    return best[1], best[2], best[3]


def read_annex_a(path: Path, *, display_name: str | None = None) -> ReadResult:
    """Read every recognised list in the workbook; an unrecognised sheet is reported, not guessed."""
    import fastexcel

    name = display_name or path.name
    try:
        reader = fastexcel.read_excel(str(path))
    except Exception as exc:
        raise ReturnsFileError(name, f"cannot open as an Excel workbook: {exc}", rule="unreadable") from exc
    result = ReadResult()
    problems: list[dict[str, Any]] = []
    for sheet_name in reader.sheet_names:
        try:
            df = reader.load_sheet(sheet_name, header_row=None, skip_rows=0, dtypes="string").to_polars()
        except Exception as exc:  # calamine raises its own errors for a damaged sheet
            raise ReturnsFileError(
                name, f"sheet {sheet_name!r} cannot be read: {exc}".split("\n")[0], rule="unreadable"
            ) from exc
        rows = [list(r) for r in df.head(25).iter_rows()]
        found = _identify_list(sheet_name, rows)
        if found is None:
            if df.height:
                problems.append(
                    {
                        "file": name,
                        "table": sheet_name,
                        "row": None,
                        "column": None,
                        "value": None,
                        "rule": "unrecognised_sheet",
                        "severity": "warning",
                        "message": "sheet does not match any Annex A list; ignored",
                    }
                )
            continue
        lst, header_idx, mapping = found
        if lst.table in result.tables:
            problems.append(
                {
                    "file": name,
                    "table": sheet_name,
                    "row": header_idx + 1,
                    "column": None,
                    "value": None,
                    "rule": "duplicate_list",
                    "severity": "file",
                    "message": f"{lst.table} already read from another sheet; this sheet ignored",
                }
            )
            continue
        missing_essential = [k for k in ESSENTIAL[lst.number] if k not in mapping.values()]
        if missing_essential:
            problems.append(
                {
                    "file": name,
                    "table": lst.table,
                    "row": header_idx + 1,
                    "column": ",".join(missing_essential),
                    "value": None,
                    "rule": "missing_column",
                    "severity": "file",
                    "message": f"sheet {sheet_name!r}: list {lst.number} lacks essential column(s) {', '.join(missing_essential)}; list not loaded",
                }
            )
            continue
        headers = rows[header_idx]
        for i, h in enumerate(headers):
            if i not in mapping and h not in (None, ""):
                problems.append(
                    {
                        "file": name,
                        "table": lst.table,
                        "row": header_idx + 1,
                        "column": str(h),
                        "value": None,
                        "rule": "extra_column_ignored",
                        "severity": "warning",
                        "message": "column not in the Annex A template; not stored",
                    }
                )
        for c in lst.cols:
            if c.key not in mapping.values():
                problems.append(
                    {
                        "file": name,
                        "table": lst.table,
                        "row": header_idx + 1,
                        "column": c.title,
                        "value": None,
                        "rule": "missing_column",
                        "severity": "warning",
                        "message": "template column absent from the sheet",
                    }
                )
        data = df.slice(header_idx + 1)
        src_cols = df.columns
        data = data.select([pl.col(src_cols[i]).alias(key) for i, key in mapping.items()])
        data = data.with_row_index("_row", offset=header_idx + 2)  # Excel row numbers are 1-based
        non_blank = pl.any_horizontal(
            [pl.col(k).str.strip_chars().fill_null("") != "" for k in mapping.values()]
        )
        blank_rows = data.filter(~non_blank).height
        data = data.filter(non_blank)
        categories = [
            _normalise_category(pl.col(c.key), c.options).alias(c.key)
            for c in lst.cols
            if c.options and c.key in data.columns
        ]
        if categories:  # one query for all of them (each reads only its own column)
            data = data.with_columns(categories)
        accepted, probs, count = validate_table(data, _spec_for(lst), name)
        result.tables[lst.table] = accepted
        result.problems = pl.concat([result.problems, probs])
        result.counts.append(count)
        result.meta[f"{lst.table}:sheet"] = sheet_name
        result.meta[f"{lst.table}:blank_rows_skipped"] = blank_rows
    result.problems = pl.concat([result.problems, problem_frame(problems)])
    if not result.tables:  # never silently nothing: a workbook with no list is the file's failure
        why = [f"{p['table']!r}: {p['message']}" for p in problems] or ["the workbook has no sheet with data"]
        raise ReturnsFileError(
            name, f"no Annex A list could be read ({'; '.join(why)}); nothing stored", rule="no_list"
        )
    return result


__all__ = ["LISTS", "AnnexCol", "AnnexList", "TableCount", "read_annex_a"]
