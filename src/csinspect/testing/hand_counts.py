"""Compare what the reader makes of a folder of reports with hand counts in the shape of
``../shared/corpus/failure-classes``: ``expected.csv`` (official grades, inspection start), ``recommendations.csv``
(every recommendation as printed: part, category, page, first and last words, national framework tag). Used by
the tests and by ``scripts/check_failure_classes.py``; returns the differences in words."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path
from typing import Any

_GRADE = {
    "outstanding": "outstanding",
    "good": "good",
    "requires improvement to be good": "requires_improvement",
    "requires improvement": "requires_improvement",
    "inadequate": "inadequate",
}
# official column -> (record part, judgement ids that hold it under each framework)
_COLUMN = {
    "lscb_overall_effectiveness": ("lscb", ("lscb_effectiveness",)),
    "children_in_care": ("main", ("children_in_care", "children_in_care_and_care_leavers")),
}


def words(text: str) -> list[str]:
    return " ".join(text.replace("\u2019", "'").replace("\u2018", "'").split()).split(" ")


def read_hand_counts(
    folder: Path,
) -> tuple[list[dict[str, str]], dict[str, dict[str, str]], dict[tuple[str, str], list[dict[str, str]]]]:
    inventory = list(csv.DictReader((folder / "inventory.csv").open(encoding="utf-8")))
    expected = {r["file"]: r for r in csv.DictReader((folder / "expected.csv").open(encoding="utf-8"))}
    recs: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for r in csv.DictReader((folder / "recommendations.csv").open(encoding="utf-8")):
        recs[(r["file"], r["part"])].append(r)
    return inventory, expected, recs


def compare_file(
    name: str,
    records: list[dict[str, Any]],
    expected: dict[str, str] | None,
    recs: dict[tuple[str, str], list[dict[str, str]]],
) -> list[str]:
    """Differences between the records read from one file (``ReportRecord.to_dict()``-shaped dicts as the
    ingest outcome gives them) and its hand counts."""
    out: list[str] = []
    by_part = {r.get("part") or "main": r for r in records}
    for (f, part), want in recs.items():
        if f != name:
            continue
        rec = by_part.get(part)
        if rec is None:
            out.append(f"{name}: no {part!r} record ({len(want)} recommendations printed)")
            continue
        got = rec.get("recommendations") or []
        if len(got) != len(want):
            out.append(f"{name} [{part}]: {len(got)} recommendations read, {len(want)} printed")
        for i, (g, w) in enumerate(zip(got, want, strict=False), start=1):
            gw = words(g["text"])
            first, last = words(w["first_words"]), words(w["last_words"])
            if gw[: len(first)] != first or gw[-len(last) :] != last:
                out.append(
                    f"{name} [{part}] item {i}: text {' '.join(gw[:8])!r}… does not match {w['first_words']!r}"
                )
            if str(g.get("page")) != w["page"]:
                out.append(f"{name} [{part}] item {i}: page {g.get('page')} not {w['page']}")
            if w["category"] and g.get("category") != w["category"]:
                out.append(f"{name} [{part}] item {i}: category {g.get('category')} not {w['category']}")
            if (w.get("tag") or None) != (g.get("framework_tag") or None):
                out.append(f"{name} [{part}] item {i}: tag {g.get('framework_tag')!r} not {w.get('tag')!r}")
            if (w.get("timescale") or None) != (g.get("timescale") or None):
                out.append(
                    f"{name} [{part}] item {i}: timescale {g.get('timescale')!r} not {w.get('timescale')!r}"
                )
    if expected:
        for col, official in expected.items():
            if not col.startswith("grade_") or not official:
                continue
            key = col[len("grade_") :]
            part, ids = _COLUMN.get(key, ("main", (key,)))
            rec = by_part.get(part)
            grades = {j["id"]: j.get("grade") for j in (rec or {}).get("judgements", [])}
            got = next((grades[i] for i in ids if i in grades), None)
            if got != _GRADE.get(official.lower()):
                out.append(f"{name} [{part}] {key}: read {got!r}, official {official!r}")
        start = expected.get("inspection_start_date")
        main = by_part.get("main") or {}
        if start and main.get("inspection_start") != start:
            out.append(f"{name}: inspection start {main.get('inspection_start')} not {start}")
    for part, rec in by_part.items():
        if not (rec.get("authority") or {}).get("printed"):
            out.append(f"{name} [{part}]: no authority read")
        if not rec.get("inspection_start"):
            out.append(f"{name} [{part}]: no inspection dates read")
    return out
