"""Fuzzed files through every reader (seeded, bounded: a few hundred files): byte flips, truncation, junk
inserted, chunks repeated. Each file is read, or refused with the reader's own error naming the file; no
reader may fail with an unexpected exception (a traceback), and a crash inside a C library is that file's
reason alone."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from csinspect.sources.errors import SourceError
from csinspect.testing.reports import FocusedVisit, Ilacs, SifWithLscb, write

SEED = 20261206
UNEXPECTED = re.compile(r"could not be read: (?!the reading process)(\w+(?:Error|Exception)):")


def mutate(data: bytes, rng: random.Random) -> bytes:
    b = bytearray(data)
    kind = rng.choice(("flip", "truncate", "insert", "repeat", "flip"))
    if kind == "flip":
        for _ in range(rng.randint(1, 40)):
            i = rng.randrange(len(b))
            b[i] = rng.randrange(256)
    elif kind == "truncate":
        del b[rng.randrange(1, len(b)) :]
    elif kind == "insert":
        i = rng.randrange(len(b))
        b[i:i] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 200)))
    else:
        i = rng.randrange(len(b))
        j = min(len(b), i + rng.randint(1, 2000))
        b[j:j] = b[i:j] * rng.randint(1, 20)
    return bytes(b)


def variants(base: Path, n: int, folder: Path, rng: random.Random) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    data = base.read_bytes()
    out = []
    for k in range(n):
        p = folder / f"{k:03d}_{base.name}"
        p.write_bytes(mutate(data, rng))
        out.append(p)
    return out


def test_fuzzed_reports(tmp_path: Path) -> None:
    from csinspect.testing.store import ingest

    rng = random.Random(SEED)
    files: list[Path] = []
    for name, doc in {"ilacs": Ilacs(), "sif": SifWithLscb(), "visit": FocusedVisit()}.items():
        base = write(doc.pages(), tmp_path / "base" / f"{name}.pdf")
        files += variants(base, 40, tmp_path / "fuzz", rng)
        files += variants(write(doc.pages(), tmp_path / "base" / f"{name}.txt"), 10, tmp_path / "fuzz", rng)
    outcomes = ingest(files, None, workers=2, store=False)
    assert len(outcomes) == len(files)  # every file has its outcome: none stopped the run
    unexpected = [(o.file, r) for o in outcomes for r in o.reasons if UNEXPECTED.search(r)]
    assert unexpected == []
    assert {o.status for o in outcomes} <= {"ok", "needs_review", "rejected"}
    assert all(o.reasons for o in outcomes if o.status == "rejected")


@pytest.fixture(scope="module")
def synthetic_returns(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from csinspect.testing.synth import generate

    out = tmp_path_factory.mktemp("syn")
    generate(out, councils=[("821", 20_000)], years=1, last_year=2025, seed=3, size=0.3)
    return out / "821" / "2025"


def _returns_readers(folder: Path) -> list[tuple[Path, Callable[[Path], object]]]:
    from csinspect.sources.returns.annex_a import read_annex_a
    from csinspect.sources.returns.cin_xml import read_cin_xml
    from csinspect.sources.returns.ssda903 import read_903_csv

    cin = next(folder.glob("*.xml"))
    annex = next(folder.glob("*.xlsx"))
    header = next(p for p in (folder / "ssda903").glob("*.csv") if "header" in p.name.lower())
    return [
        (cin, lambda p: read_cin_xml(p, la_code="821", year=2025)),
        (annex, read_annex_a),
        (header, lambda p: read_903_csv(p, 2025)),
    ]


def test_fuzzed_child_level_returns(synthetic_returns: Path, tmp_path: Path) -> None:
    rng = random.Random(SEED + 1)
    read = 0
    for base, reader in _returns_readers(synthetic_returns):
        for path in variants(base, 30, tmp_path / base.stem, rng):
            try:
                reader(path)
                read += 1
            except SourceError as exc:
                assert path.name in str(exc) or base.name in str(exc) or str(path) in str(exc), str(exc)
    assert read > 0  # some mutations leave a readable file: the readers are exercised, not only refused


def test_fuzzed_official_files(mini_official_dir: Path, tmp_path: Path) -> None:
    from csinspect.store.db import init_db, session_scope
    from csinspect.testing.store import load_official

    url = f"sqlite:///{tmp_path / 'o.sqlite'}"
    init_db(url)
    load_official(mini_official_dir, url, kinds={"authorities"})
    rng = random.Random(SEED + 2)
    from csinspect.load.official import load_file, loaders

    by_kind = {ld.kind: ld for ld in loaders()}
    cases = [
        ("cla_number_and_rate_per_10k_children.csv", "ees_csv", 25),
        ("LA_Inspection_Outcomes_as_at_31_March_2025.ods", "ofsted_la_outcomes", 20),
        ("sn_may_2025.xlsx", "sn_models", 15),
        ("la_code_list.xlsx", "authorities", 10),
        ("bds_long_0.parquet", "lait_bds", 10),
    ]
    outcomes = []
    for name, kind, n in cases:
        folder = tmp_path / kind
        for k, path in enumerate(variants(mini_official_dir / name, n, folder, rng)):
            target = folder / f"v{k}" / name  # the loaders recognise files by their published names
            target.parent.mkdir()
            path.rename(target)
            with session_scope(url) as s:
                outcomes.append(load_file(s, by_kind[kind], target))
    bugs = [
        (o.file, o.reasons)
        for o in outcomes
        if o.status == "failed" and o.reasons[0].startswith("not stored:")
    ]
    assert bugs == []
    assert all(o.reasons for o in outcomes if o.status == "failed")


def test_fuzzed_action_plan_workbooks(tmp_path: Path) -> None:
    from openpyxl import Workbook

    from csinspect.actions.xlsx import HEADER_ROW, SHEET, XlsxImportError, read_plan_workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET
    ws.cell(row=HEADER_ROW, column=1, value="Action ID")
    ws.cell(row=HEADER_ROW + 1, column=1, value=1)
    base = tmp_path / "plan.xlsx"
    wb.save(base)
    rng = random.Random(SEED + 3)
    for path in variants(base, 30, tmp_path / "fuzz", rng):
        try:
            read_plan_workbook(str(path))
        except XlsxImportError as exc:
            assert str(path) in str(exc)
