"""Check the reader on ../shared/corpus/failure-classes (or any folder with the same three CSVs): grades against
expected.csv, recommendations against recommendations.csv (count, category, page, first and last words),
authority resolution and status. ``python scripts/check_failure_classes.py [FOLDER] [--database-url URL]``."""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import defaultdict
from pathlib import Path

from csinspect.testing.store import ingest


def words(text: str) -> list[str]:
    return " ".join(text.replace("\u2019", "'").replace("\u2018", "'").split()).split(" ")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("folder", nargs="?", default=str(Path(__file__).resolve().parents[2] / "shared/corpus/failure-classes"))
    ap.add_argument("--database-url")
    args = ap.parse_args()
    folder = Path(args.folder)
    inv = list(csv.DictReader((folder / "inventory.csv").open()))
    exp = {r["file"]: r for r in csv.DictReader((folder / "expected.csv").open())}
    recs: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for r in csv.DictReader((folder / "recommendations.csv").open(encoding="utf-8")):
        recs[(r["file"], r["part"])].append(r)
    outcomes = {Path(o.file).name: o for o in ingest([folder / "pdf" / r["file"] for r in inv], args.database_url, workers=2, store=args.database_url is not None)}
    bad = 0
    for r in inv:
        o = outcomes[r["file"]]
        records = o.detail.get("records", [])
        print(f"\n== {r['file']} [{r['failure_class'][:70]}]")
        print(f"   status={o.status} reasons={o.reasons[:4]}")
        for rec in records:
            part = rec.get("part") or "main"
            auth = rec.get("authority") or {}
            grades = {j["id"]: j["grade"] for j in rec.get("judgements", [])}
            print(f"   [{part}] {rec.get('document_type')} la={auth.get('la_code')} printed={auth.get('printed')!r} start={rec.get('inspection_start')} end={rec.get('inspection_end')} pub={rec.get('published')} grades={grades}")
            want = recs.get((r["file"], part), [])
            got = rec.get("recommendations", [])
            ok = len(got) == len(want)
            mism = []
            for i, (g, w) in enumerate(zip(got, want)):
                gw = words(g["text"])
                first, last = words(w["first_words"]), words(w["last_words"])
                if gw[: len(first)] != first or gw[-len(last):] != last or (g.get("page") and str(g["page"]) != w["page"]) or (w["category"] and g.get("category") != w["category"]):
                    mism.append((i + 1, g.get("category"), g.get("page"), " ".join(gw[:6]), "|", w["category"], w["page"], w["first_words"][:40]))
            if not ok or mism:
                bad += 1
            print(f"   recommendations: read {len(got)}, printed {len(want)} {'OK' if ok and not mism else 'MISMATCH'}")
            for m in mism[:5]:
                print("     ", m)
            if not ok:
                for g in got[len(want):len(want) + 3]:
                    print("      extra:", g.get("category"), g.get("page"), g["text"][:80])
                for w in want[len(got):len(got) + 3]:
                    print("      missing:", w["category"], w["page"], w["first_words"][:60])
        e = exp.get(r["file"])
        if e and records:
            cols = {k[len("grade_"):]: v for k, v in e.items() if k.startswith("grade_") and v}
            print(f"   expected grades: {cols}")
    print(f"\n{bad} record(s) with recommendation mismatches")
    return 0


if __name__ == "__main__":
    sys.exit(main())
