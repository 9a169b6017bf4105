"""The model of the next judgement on the regime's real history (../shared; skipped when absent): the figures
the issue set, measured on inspections the model did not see, and the outlook's bad-input cases."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from typer.testing import CliRunner

from csinspect.analysis.next_judgement.backtest import HEADLINE
from csinspect.analysis.next_judgement.outlook import OutlookError, engine, outlook
from csinspect.store.db import session_scope


@pytest.fixture(scope="module")
def fitted(official_db: tuple[str, list]) -> object:
    with session_scope(official_db[0]) as s:
        return engine(s)


def test_on_inspections_after_april_2024_the_model_beats_carrying_the_grade_forward(fitted: object) -> None:
    head = fitted.backtest.headline  # type: ignore[attr-defined]
    assert head.cutoff == HEADLINE and head.until is None
    overall = head.scores["overall_effectiveness"]
    assert overall["model"].n >= 40
    # at least 10 points above the previous grade for overall effectiveness, at least equal for the others, and a
    # Brier score below the previous grade's everywhere
    assert overall["model"].exact >= overall["previous"].exact + 0.10
    for j, by_method in head.scores.items():
        assert by_method["model"].exact >= by_method["previous"].exact, j
        assert by_method["model"].brier < by_method["previous"].brier, j
        assert by_method["rules"].n == by_method["model"].n  # the earlier heuristic has its own backtest


def test_proposals_use_the_model_only_where_it_beat_the_previous_grade_on_every_fold(fitted: object) -> None:
    bt = fitted.backtest  # type: ignore[attr-defined]
    for j, method in bt.chosen.items():
        pooled = bt.pooled[j]
        if method == "model":
            assert pooled["model"].exact > pooled["previous"].exact
            assert pooled["model"].brier < pooled["transition"].brier
        else:
            assert method == "transition"


def test_outlooks_name_what_they_lack_and_refuse_frameworks_the_model_was_not_fitted_on(
    official_db: tuple[str, list],
) -> None:
    url, _ = official_db
    with session_scope(url) as s:
        north = outlook(s, "940", date(2026, 6, 1))
        assert north.framework_id == "ilacs_2026" and len(north.judgements) == 4  # no overall effectiveness
        assert any("Northamptonshire" in n for n in north.notes)  # a reorganised authority
        for j in north.judgements:
            assert sum(j.probabilities.values()) == pytest.approx(1.0, abs=0.01)
            assert "matched Ofsted's grade" in j.backtest and j.exact is not None
        with pytest.raises(OutlookError, match="fitted on ILACS inspections only"):
            outlook(s, "940", date(2016, 6, 1), "sif")
        with pytest.raises(OutlookError, match="unknown LA code"):
            outlook(s, "000", date(2026, 6, 1))


def test_cli_backtest_and_outlook(official_db: tuple[str, list]) -> None:
    from csinspect.cli import app

    url, _ = official_db
    res = CliRunner().invoke(app, ["assess", "backtest", "--format", "csv", "--database-url", url])
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert {r["method"] for r in rows} == {
        "model",
        "previous",
        "transition",
        "common",
        "deprivation",
        "rules",
    }
    assert sum(r["proposed"] == "yes" for r in rows) == 5
    res = CliRunner().invoke(app, ["assess", "outlook", "821", "--on", "2026-05-11", "--database-url", url])
    assert res.exit_code == 0, res.output
    assert "most likely" in res.stdout and "held-back inspections" in res.stdout
    bad = CliRunner().invoke(
        app, ["assess", "outlook", "821", "--framework", "jar_2005", "--database-url", url]
    )
    assert bad.exit_code == 1 and "fitted on ILACS inspections only" in bad.output
