"""Compare two ``ingest --format jsonl`` outputs on what was read (dates, grades, recommendations, facts),
whatever the version of the record schema: ``python scripts/compare_records.py OLD.jsonl NEW.jsonl``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any


def core(line: dict[str, Any]) -> dict[str, Any]:
    def rec(r: dict[str, Any]) -> dict[str, Any]:
        return {
            "part": r.get("part"),
            "framework": r.get("framework"),
            "document_type": r.get("document_type"),
            "status": r.get("status"),
            "reasons": r.get("reasons"),
            "authority": (r.get("authority") or {}).get("printed"),
            "dates": [r.get("inspection_start"), r.get("inspection_end"), r.get("published")],
            "lead_inspector": r.get("lead_inspector"),
            "judgements": [
                (
                    j.get("id"),
                    j.get("label"),
                    j.get("grade"),
                    j.get("ordinal"),
                    j.get("page"),
                    j.get("status"),
                    j.get("reason"),
                )
                for j in r.get("judgements") or []
            ],
            "recommendations": [
                (x.get("text"), x.get("category"), x.get("section"), x.get("page"))
                for x in r.get("recommendations") or []
            ],
            "facts": [
                (f.get("name"), f.get("value"), f.get("as_of"), f.get("page")) for f in r.get("facts") or []
            ],
        }

    return {
        "status": line["status"],
        "reasons": line["reasons"],
        "records": [rec(r) for r in line["records"]],
    }


def load(path: str) -> dict[str, dict[str, Any]]:
    out = {}
    for text in Path(path).read_text(encoding="utf-8").splitlines():
        if text.strip() and not text.startswith("#"):
            line = json.loads(text)
            out[line["source"].rsplit("/", 1)[-1]] = core(line)
    return out


def main() -> int:
    old, new = load(sys.argv[1]), load(sys.argv[2])
    differ = 0
    for name in sorted(set(old) | set(new)):
        a, b = old.get(name), new.get(name)
        if a == b:
            continue
        differ += 1
        print(f"== {name}")
        if a is None or b is None:
            print("   only in", "new" if a is None else "old")
            continue
        for key in ("status", "reasons"):
            if a[key] != b[key]:
                print(f"   {key}: {a[key]!r} -> {b[key]!r}")
        for i, (ra, rb) in enumerate(zip(a["records"], b["records"], strict=False)):
            for k in ra:
                if ra[k] != rb.get(k):
                    print(f"   record {i} {k}:\n     old {ra[k]!r}\n     new {rb.get(k)!r}")
        if len(a["records"]) != len(b["records"]):
            print(f"   records: {len(a['records'])} -> {len(b['records'])}")
    print(f"{len(old)} old, {len(new)} new, {differ} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
