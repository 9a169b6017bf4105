"""Check the reader on ../shared/corpus/failure-classes (or any folder with the same three CSVs): grades against
expected.csv, recommendations against recommendations.csv (count, category, page, first and last words, tag),
authority and dates. ``python scripts/check_failure_classes.py [FOLDER] [--database-url URL]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from csinspect.testing.hand_counts import compare_file, read_hand_counts
from csinspect.testing.store import ingest


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument(
        "folder",
        nargs="?",
        default=str(Path(__file__).resolve().parents[2] / "shared/corpus/failure-classes"),
    )
    ap.add_argument("--database-url")
    args = ap.parse_args()
    folder = Path(args.folder)
    inventory, expected, recs = read_hand_counts(folder)
    outcomes = {
        Path(o.file).name: o
        for o in ingest(
            [folder / "pdf" / r["file"] for r in inventory],
            args.database_url,
            workers=2,
            store=args.database_url is not None,
        )
    }
    problems = 0
    for r in inventory:
        o = outcomes[r["file"]]
        found = compare_file(r["file"], o.detail.get("records", []), expected.get(r["file"]), recs)
        if o.status == "rejected":
            found.insert(0, f"{r['file']}: rejected: {'; '.join(o.reasons)}")
        print(f"{'OK  ' if not found else 'FAIL'} {r['file']} [{r['failure_class'][:80]}] status={o.status}")
        for p in found:
            print("     ", p)
        problems += len(found)
    print(f"\n{problems} difference(s) from the hand counts")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
