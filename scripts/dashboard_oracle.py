"""Write the national framework dashboard's own computed statistical-neighbour medians as a small test fixture.

DfE's *Children's social care outcomes and enablers* dashboard (dfe-analytical-services/CSC_outcomes_and_enablers)
publishes the outputs it computes under ``data/`` as R data files. This one-off tool reads three of them from a local
copy of that repository and writes small fixtures under ``tests/fixtures/dashboard/``: every authority's neighbour
median for the three children-looked-after rates (every year), the assessment-factor rates and their medians (newest
year), and the average SDQ score with its medians (every year). It needs ``pyreadr`` and ``pandas`` (not
project dependencies): ``pip install pyreadr pandas; python scripts/dashboard_oracle.py REPO_DIR``.
"""

from __future__ import annotations

import csv
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pyreadr  # type: ignore[import-not-found]

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "dashboard"
OUT = FIXTURES / "cla_rates_sn_median.csv"
AF_OUT = FIXTURES / "assessment_factor_rates.csv"
SDQ_OUT = FIXTURES / "sdq_average.csv"
SPEND_OUT = FIXTURES / "spending_and_hospital.csv"
# dashboard data set -> (its value column, csinspect indicator)
SPEND = {
    "hospital_admissions": ("rate_per_10000", "hospital_admissions_injuries_rate"),
    "spending_data": ("cs_share", "csc_share_of_spend_pct"),
    "spending_per_capita": ("cost_per_capita", "csc_spend_per_child"),
    "spending_data_no_cla": ("minus_cla_share", "csc_spend_not_on_cla_pct"),
}


def main(repo: str) -> int:
    commit = subprocess.run(
        ["git", "-C", repo, "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    source = f"dfe-analytical-services/CSC_outcomes_and_enablers@{commit}"
    df = _rds(repo, "cla_rates")
    sn = df[df["geographic_level"] == "Statistical neighbours (median)"]
    _write(
        OUT,
        f"{source} data/cla_rates.rds (statistical neighbours (median) rows)",
        ["old_la_code", "la_name", "time_period", "population_count", "sn_median"],
        [
            [
                r["old_la_code"],
                r["geo_breakdown_sn"],
                r["time_period"],
                r["population_count"],
                r["Rate Per 10000"],
            ]
            for r in sn.to_dict("records")
        ],
    )
    af = _rds(repo, "assessment_factors")
    latest = af["time_period"].max()  # the newest year only: a small fixture
    keep = af[
        af["geographic_level"].isin(["Local authority", "Statistical neighbours (median)"])
        & (af["time_period"] == latest)
    ]
    _write(
        AF_OUT,
        f"{source} data/assessment_factors.rds (authority rates and neighbour medians, newest year)",
        ["level", "old_la_code", "time_period", "assessment_factor", "rate_per_10000"],
        [
            [_level(r), r["old_la_code"], int(r["time_period"]), r["assessment_factor"], r["rate_per_10000"]]
            for r in keep.to_dict("records")
        ],
    )
    sdq = _rds(repo, "wellbeing_sdq_data")
    sdq = sdq[
        (sdq["characteristic"] == "SDQ average score")
        & sdq["geographic_level"].isin(["Local authority", "Statistical neighbours (median)"])
    ]
    _write(
        SDQ_OUT,
        f"{source} data/wellbeing_sdq_data.rds (SDQ average score: authorities and neighbour medians)",
        ["level", "old_la_code", "time_period", "number"],
        [
            [_level(r), int(r["old_la_code"]), int(r["time_period"]), r["number"]]
            for r in sdq.to_dict("records")
        ],
    )
    rows = []
    for name, (column, indicator) in SPEND.items():
        for r in _rds(repo, name).to_dict("records"):
            if r["geographic_level"] == "National":
                area = "E92000001"
            elif r["geographic_level"] == "Local authority" and r["old_la_code"] == r["old_la_code"]:
                area = str(int(r["old_la_code"]))
            else:
                continue
            rows.append([indicator, area, str(r["time_period"]).replace("/", "-"), r[column]])
    _write(
        SPEND_OUT,
        f"{source} data/{{hospital_admissions,spending_data,spending_per_capita,spending_data_no_cla}}.rds "
        "(authority and England rows)",
        ["indicator_id", "area", "time_period", "value"],
        rows,
    )
    return 0


def _level(r: dict[str, Any]) -> str:
    return "sn_median" if r["geographic_level"].startswith("Stat") else "la"


def _write(path: Path, what: str, header: list[str], rows: list[list[Any]]) -> None:
    """A fixture: its provenance as a comment line, then the CSV."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        fh.write(f"# {what}\n")
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    print(f"{len(rows)} rows -> {path}")


def _rds(repo: str, name: str) -> Any:
    with tempfile.TemporaryDirectory() as tmp:
        rds = Path(tmp) / f"{name}.rds"
        rds.write_bytes(
            subprocess.run(
                ["git", "-C", repo, "show", f"HEAD:data/{name}.rds"], capture_output=True, check=True
            ).stdout
        )
        return next(iter(pyreadr.read_r(str(rds)).values()))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
