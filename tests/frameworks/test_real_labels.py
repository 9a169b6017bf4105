"""The frameworks against real records: every grade label in the corpus expectations and the
reference tables resolves with the right framework's scale, and the document-type patterns and
judgement labels recognise the real report PDFs and seeds."""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

import pytest

from csinspect.frameworks import get_framework
from csinspect.frameworks.facts import framework_for
from csinspect.frameworks.recognise import match_official_name
from csinspect.frameworks.schema import normalise_label
from csinspect.sources.reports.classify import classify_text
from csinspect.sources.reports.readers.ilacs import type_by_days


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _ilacs(start: str) -> str:
    return "ilacs_2018" if start < "2023-01-01" else ("ilacs_2023" if start < "2026-04-01" else "ilacs_2026")


def _resolves(framework_id: str, label: str, column: str) -> None:
    value = get_framework(framework_id).scale.match(label)
    assert value is not None, f"{framework_id}: {label!r} (column {column}) does not resolve"
    assert value.ordinal is not None or value.id == "not_judged"


EXPECTED_COLUMNS = {
    "grade_overall_effectiveness": "overall_effectiveness",
    "grade_help_and_protection": "help_and_protection",
    "grade_looked_after_and_permanence": "looked_after_and_permanence",
    "grade_adoption_performance": "adoption_performance",
    "grade_care_leavers": "care_leavers",
    "grade_leadership_management_governance": "leadership_management_governance",
    "grade_lscb_overall_effectiveness": "lscb_effectiveness",
    "grade_impact_of_leaders": "impact_of_leaders",
    "grade_children_in_care": "children_in_care",
}


def test_expected_csv_grades_resolve(shared_dir: Path) -> None:
    rows = _rows(shared_dir / "corpus" / "expected.csv")
    assert len(rows) == 57
    n = 0
    for r in rows:
        for col, judgement in EXPECTED_COLUMNS.items():
            if not r[col]:
                continue
            if r["framework"] == "sif":
                fw = "lscb" if judgement == "lscb_effectiveness" else "sif"
            else:
                assert r["framework"] == "ilacs"
                fw = _ilacs(r["inspection_start_date"])
                if fw == "ilacs_2018" and judgement == "children_in_care":
                    judgement = "children_in_care_and_care_leavers"
            get_framework(fw).judgement(judgement)  # the judgement exists in that framework
            _resolves(fw, r[col], col)
            n += 1
    assert n > 300


def test_reference_sif_and_lscb_grades_resolve(reference_dir: Path) -> None:
    for r in _rows(reference_dir / "ofsted_sif_judgements_2013_2018.csv"):
        fw = "sif" if r["sif_round"] == "first" else "sif_reinspection"
        for col in ("overall_effectiveness", "help_and_protection", "looked_after_and_permanence",
                    "adoption_performance", "care_leavers", "leadership_management_governance"):  # fmt: skip
            if r[col]:
                _resolves(fw, r[col], col)
        if r["lscb_overall_effectiveness"]:
            _resolves("lscb", r["lscb_overall_effectiveness"], "lscb_overall_effectiveness")


def test_reference_pre_sif_grades_and_judgements_resolve(reference_dir: Path) -> None:
    rows = _rows(reference_dir / "ofsted_pre_sif_judgements_2009_2013.csv")
    assert len(rows) == 371
    for r in rows:
        pairs = match_official_name(r["framework"])
        assert len(pairs) == 1, r["framework"]
        fw, _doc = pairs[0]
        get_framework(fw).judgement(r["judgement"])
        _resolves(fw, r["grade"], "grade")


# The ILACS judgement columns of the reference tables.
ILACS_JUDGEMENTS = (
    "overall_effectiveness",
    "impact_of_leaders",
    "help_and_protection",
    "children_in_care",
    "care_leavers",
)


def test_reference_ilacs_grades_resolve(reference_dir: Path) -> None:
    for r in _rows(reference_dir / "ofsted_ilacs_inspections_2018_2025.csv"):
        fw = _ilacs(r["inspection_start_date"])
        start = date.fromisoformat(r["inspection_start_date"])
        assert match_official_name(r["inspection_type"], on=start)[0][0] == fw
        for col in ILACS_JUDGEMENTS:
            if r[col]:
                _resolves(fw, r[col], col)


def test_reference_visits_resolve_types_themes_and_grades(reference_dir: Path) -> None:
    focused = get_framework("focused_visit")
    for r in _rows(reference_dir / "ofsted_ilacs_visits_2024_25.csv"):
        on = date.fromisoformat(r["visit_date"])
        pairs = match_official_name(r["visit_type"], on=on)
        assert len(pairs) == 1, (r["visit_type"], on)
        fw = pairs[0][0]
        if r["visit_theme"]:
            node = focused.match_judgement(r["visit_theme"])
            assert node is not None, r["visit_theme"]
        for col in ILACS_JUDGEMENTS:
            if r[col]:
                _resolves(fw, r[col], col)


def test_d2i_scrape_grades_resolve(reference_dir: Path) -> None:
    for r in _rows(reference_dir / "d2i_ilacs_latest_scrape.csv"):
        if not r["inspection_start_date"]:
            continue
        fw = _ilacs(r["inspection_start_date"])
        for col in ILACS_JUDGEMENTS:
            label = r[col]
            # D2I's own marker for inspections older than the separate care-leaver judgement is not a grade
            if not label or label == "inspection_pre_dates_judgement":
                continue
            _resolves(fw, label, col)


# --- real documents ---

_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}  # fmt: skip
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})(?:\s+([A-Za-z]+))?(?:\s+(\d{4}))?")


def on_site_days(page1: str) -> int | None:
    """Calendar days from the first to the last day of the first block of 'Inspection dates:'."""
    m = re.search(r"Inspection dates?:\s*([^\n]+)", page1)
    if not m:
        return None
    block = re.split(r"\s+and\s+", m.group(1))[0]
    parts = re.split(r"\s+to\s+|\s*[–-]\s*", block.strip())
    if len(parts) != 2:
        return None
    (d1, m1, y1), (d2, m2, y2) = (_DAY_MONTH_YEAR.match(p).groups() for p in parts)  # type: ignore[union-attr]
    y = int(y2 or y1)
    end = date(y, _MONTHS[m2.lower()], int(d2))
    start = date(int(y1 or y), _MONTHS[(m1 or m2).lower()], int(d1))
    return (end - start).days + 1


def test_on_site_days_parser() -> None:
    assert on_site_days("Inspection dates: 11 to 15 September 2023 \n") == 5
    assert on_site_days("Inspection dates: 9 July 2018 to 20 July 2018\n") == 12
    assert on_site_days("Inspection dates: 28 March to 1 April 2022 \n") == 5
    assert on_site_days("Inspection dates: 30 September to 11 October 2024 and 13 to 16 January 2025\n") == 12


@pytest.fixture(scope="module")
def corpus_pages(shared_dir: Path) -> dict[str, str]:
    import pypdfium2 as pdfium

    out: dict[str, str] = {}
    for r in _rows(shared_dir / "corpus" / "inventory.csv"):
        try:
            doc = pdfium.PdfDocument(shared_dir / "corpus" / "pdf" / r["file"])
        except pdfium.PdfiumError:
            continue  # the corpus holds one deliberately corrupt file
        out[r["file"]] = doc[0].get_textpage().get_text_range()
        doc.close()
    return out


def test_corpus_documents_are_recognised(shared_dir: Path, corpus_pages: dict[str, str]) -> None:
    inventory = {r["file"]: r for r in _rows(shared_dir / "corpus" / "inventory.csv")}
    expected = {r["file"]: r for r in _rows(shared_dir / "corpus" / "expected.csv")}
    assert len(corpus_pages) == len(inventory) - 1
    for file, page1 in corpus_pages.items():
        kind, exp = inventory[file]["kind"], expected.get(file)
        found = classify_text(page1)  # the one classifier: titles from the framework files
        got = (found.document_type, found.also_lscb)
        if kind == "focused visit":
            assert got == ("focused_visit", False), file
        elif kind == "send":
            assert got == ("area_send", False), file
        elif exp and exp["framework"] == "sif":
            want = ("sif", True) if exp["grade_lscb_overall_effectiveness"] else ("sif_reinspection", False)
            assert got == want, file
        elif exp or inventory[file]["file_date"] >= "2018-06":
            assert got == ("ilacs", False), file  # short or standard: the days on site decide
        else:
            assert got == ("lac_inspection", False), file


def test_ilacs_short_and_standard_by_span_agree_with_ofsted(
    shared_dir: Path, reference_dir: Path, corpus_pages: dict[str, str]
) -> None:
    official = {
        (r["la_code"], r["inspection_start_date"]): r["inspection_type"]
        for r in _rows(reference_dir / "ofsted_ilacs_inspections_2018_2025.csv")
    }
    compared = 0
    for r in _rows(shared_dir / "corpus" / "expected.csv"):
        kind = official.get((r["la_code"], r["inspection_start_date"]))
        if r["framework"] != "ilacs" or kind is None:
            continue
        page1 = corpus_pages[r["file"]]
        days = on_site_days(page1)
        assert days is not None, r["file"]
        start = date.fromisoformat(r["inspection_start_date"])
        fw_id = framework_for("ilacs", start)
        assert fw_id == _ilacs(r["inspection_start_date"])
        want = "ilacs_short" if kind == "ILACS Short Inspection" else "ilacs_standard"
        assert type_by_days(get_framework(fw_id), days) == want, (r["file"], days, kind)
        compared += 1
    assert compared >= 25


def test_printed_judgement_labels_occur_on_front_pages(
    shared_dir: Path, corpus_pages: dict[str, str]
) -> None:
    for r in _rows(shared_dir / "corpus" / "expected.csv"):
        text = normalise_label(corpus_pages[r["file"]])
        if r["framework"] == "sif":
            fw = get_framework("sif")
            wanted = ["help_and_protection", "looked_after_and_permanence", "adoption_performance",
                      "care_leavers", "leadership_management_governance"]  # fmt: skip
        else:
            fw = get_framework(_ilacs(r["inspection_start_date"]))
            wanted = [n.id for n in fw.judgements]
        for jid in wanted:
            node = fw.judgement(jid)
            labels = [node.label, *node.variants]
            assert any(normalise_label(lbl) in text for lbl in labels), (r["file"], jid)


def test_seeds_are_recognised(shared_dir: Path) -> None:
    seeds = {p.name[:3]: p.read_text(encoding="utf-8") for p in (shared_dir / "seeds").glob("*.txt")}
    by_seed = {k: classify_text(v) for k, v in seeds.items()}
    assert by_seed["000"].document_type == "jar" and by_seed["004"].document_type == "jar"
    assert (by_seed["001"].document_type, by_seed["001"].also_lscb) == ("sif", True)
    assert by_seed["002"].document_type == "apa_council_paper"
    assert by_seed["003"].document_type == "csa_letter"
    # dates narrow the JAR to the 2007-09 arrangements (Luton published 22 April 2008)
    assert framework_for("jar", None, date(2008, 4, 22)) == "jar_2007"


def test_seed_grade_tables_resolve(shared_dir: Path) -> None:
    seeds = {p.name[:3]: p.read_text(encoding="utf-8") for p in (shared_dir / "seeds").glob("*.txt")}
    # JAR grade table: "Safeguarding\t3" ...
    jar = get_framework("jar_2007")
    table = re.search(r"Local services overall\n(.*?)\n\n", seeds["000"], re.S)
    assert table is not None
    rows = [line.rsplit("\t", 1) for line in table.group(1).splitlines()]
    got = {jar.match_judgement(label).id: jar.scale.match(g).id for label, g in rows}  # type: ignore[union-attr]
    assert got == dict.fromkeys(CANONICAL_JAR, "good")
    # APA council paper: "Being healthy\t<b>3</b>"
    apa = get_framework("apa_2007")
    pairs = re.findall(r"^([A-Z][^\t\n]+)\t<b>(\d)</b>$", seeds["002"], re.M)
    assert len(pairs) == 7
    assert {apa.match_judgement(lbl).id for lbl, _ in pairs} == {n.id for n in apa.judgements}  # type: ignore[union-attr]
    assert {apa.scale.match(g).id for _, g in pairs} == {"good"}  # type: ignore[union-attr]
    # youth inspection key aspects (seed 004: curriculum and resources 4)
    youth = get_framework("youth_inspection")
    block = seeds["004"].split("Key aspect inspection grades", 1)[1].split("Inspectors make", 1)[0]
    grades = {}
    for line in block.strip().splitlines()[1:]:
        *_, label, grade = line.split("\t")
        grades[youth.match_judgement(label).id] = youth.scale.match(grade).id  # type: ignore[union-attr]
    assert grades["quality_of_curriculum_and_resources"] == "outstanding"
    assert len(grades) == 4


CANONICAL_JAR = [
    "safeguarding", "looked_after_children", "learning_difficulties_disabilities",
    "service_management", "capacity_to_improve",
]  # fmt: skip
