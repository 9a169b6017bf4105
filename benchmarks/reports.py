"""Reports and action plans: render time per framework (HTML, Markdown, tagged PDF), the council paper,
and the .xlsx action-plan round trip for a large plan.

Run: .venv/bin/python benchmarks/reports.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from csinspect.actions.plan import actions_from_inspection
from csinspect.actions.xlsx import export_plan, import_plan
from csinspect.outputs.reports.council import council_report
from csinspect.outputs.reports.render import render
from csinspect.store.db import init_db, session_scope
from csinspect.store.models import Inspection, Recommendation

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "render"))
from render_fixtures import SPECS, make_inspection


def timed(fn, rounds: int = 3) -> float:  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    for _ in range(rounds):
        fn()
    return (time.perf_counter() - t0) / rounds * 1000


def main() -> None:
    tmp = Path(tempfile.mkdtemp())
    url = f"sqlite:///{tmp / 'bench.sqlite'}"
    init_db(url)
    with session_scope(url) as s:
        print("framework      html ms   md ms   pdf ms")
        for key in sorted(SPECS):
            insp = make_inspection(s, key)
            ms = [timed(lambda fmt=fmt, insp=insp: render(insp, fmt, s)) for fmt in ("html", "md", "pdf")]
            print(f"{key:12s} {ms[0]:8.1f} {ms[1]:7.1f} {ms[2]:8.1f}")
        apa = s.query(Inspection).filter_by(framework_id="apa_2007").one()
        for fmt in ("html", "pdf", "docx"):
            print(f"council paper {fmt}: {timed(lambda fmt=fmt: council_report(s, apa.id, fmt)):.1f} ms")

        big = Inspection(
            natural_key="bench:big",
            origin="report",
            la_code="821",
            framework_id="jar_2007",
            document_type="jar",
            published=date(2008, 4, 22),
        )
        cats = ["immediate", "within_six_months", "longer_term"]
        for i in range(1, 501):
            big.recommendations.append(
                Recommendation(seq=i, text=f"Recommendation number {i} about practice.", category=cats[i % 3])
            )
        s.add(big)
        s.flush()
        t0 = time.perf_counter()
        n = len(actions_from_inspection(s, big.id, "bench", today=date(2008, 5, 1)))
        print(f"{n} actions from recommendations: {(time.perf_counter() - t0) * 1000:.0f} ms")
    path = tmp / "plan.xlsx"
    with session_scope(url) as s:
        t0 = time.perf_counter()
        rows = export_plan(s, "821", path, today=date(2008, 5, 1))
        t1 = time.perf_counter()
        summary = import_plan(s, path, "bench", today=date(2008, 5, 1))
        t2 = time.perf_counter()
    print(
        f"xlsx export {rows} rows: {(t1 - t0) * 1000:.0f} ms; unchanged import: {(t2 - t1) * 1000:.0f} ms "
        f"({len(summary.changed)} changed)"
    )


if __name__ == "__main__":
    main()
