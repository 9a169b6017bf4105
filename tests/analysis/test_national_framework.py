"""The national framework view: the dashboard's 68 measures under its outcomes and enablers as data, each held
by a csinspect measure or saying why not; an inspection's tagged recommendations beside the same outcome; the
leadership grades of neighbours, region and England counted from csinspect's own judgement history."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from csinspect.analysis.national_framework import national_framework_view
from csinspect.frameworks.national import dashboard_measures, national_framework
from csinspect.indicators.catalogue import get_catalogue
from csinspect.store.db import init_db, session_scope
from csinspect.testing.reports import Ilacs, write
from csinspect.testing.store import ingest, load_official

LUTON = "821"


def test_the_dashboards_measures_as_data() -> None:
    spec = dashboard_measures()
    assert len(spec.measures) == 68 and [m.order for m in spec.measures] == list(range(1, 69))
    kinds = {e.id: e.kind for e in national_framework().elements}
    assert {kinds[m.element] for m in spec.measures} == {"outcome", "enabler"}
    catalogue = get_catalogue().indicators
    for m in spec.measures:
        if m.measure and not m.measure.startswith("lait:"):
            assert m.measure in catalogue, m.id
        if m.status != "held":
            assert m.note, m.id  # what is not held says why


@pytest.fixture(scope="module")
def url(mini_official_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("nf")
    u = f"sqlite:///{folder / 'nf.sqlite'}"
    init_db(u)
    load_official(mini_official_dir, u)
    report = Ilacs(
        council="Luton",
        start=date(2025, 12, 1),
        end=date(2025, 12, 12),
        tags=(
            "outcome 4, national framework",
            "enabler 2, national framework",
            "outcome 2, national framework",
        ),
    )
    [out] = ingest([write(report.pages(), folder / "luton.txt")], u, documents_dir=folder / "docs")
    assert out.status in ("ok", "needs_review"), out.reasons
    return u


def test_the_view_groups_measures_and_recommendations_by_outcome(url: str) -> None:
    with session_scope(url) as s:
        view = national_framework_view(s, LUTON)
    by_id = {e.id: e for e in view.elements}
    assert [e.kind for e in view.elements].count("outcome") == 4 and [e.kind for e in view.elements].count(
        "enabler"
    ) == 3
    stay = by_id["families_stay_together"]
    cla = next(m for m in stay.measures if m.measure == "cla_rate_per_10k")
    assert cla.row is not None and cla.row.value is not None and "statistical neighbours" in cla.row.sn_label
    assert all(m.row is None and m.note for m in stay.measures if m.status == "input_not_available")
    homes = by_id["stable_loving_homes"]
    assert [r.tag for r in homes.recommendations] == ["outcome 4, national framework"]
    # December 2025: "outcome 2" is the family network (the 2026 renumbering came later)
    assert [r.tag for r in by_id["family_network_support"].recommendations] == [
        "outcome 2, national framework"
    ]
    leaders = by_id["leaders_drive_practice"]
    assert [r.tag for r in leaders.recommendations] == ["enabler 2, national framework"]
    assert leaders.leadership is not None and set(leaders.leadership) == {"neighbours", "region", "england"}
    assert sum(leaders.leadership["neighbours"].values()) == 10


def test_cli_national_framework_view(url: str) -> None:
    from csinspect.cli import app

    res = CliRunner().invoke(
        app, ["profile", "Luton", "--view", "national-framework", "--format", "json", "--database-url", url]
    )
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert len(data["elements"]) == 7 and data["comparator"].startswith("mean of the statistical neighbours")
