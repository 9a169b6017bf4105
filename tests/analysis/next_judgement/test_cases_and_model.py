"""Cases, features and the model on a made-up history: nothing known after an inspection began is used, a
reorganised authority uses its predecessors' history and says so, missing evidence is named and widens the
probabilities, and the fitted model follows a planted signal."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import pytest

from csinspect.analysis.next_judgement.backtest import backtest
from csinspect.analysis.next_judgement.cases import Case, Graded, History, cases, features_for, published_year
from csinspect.analysis.next_judgement.model import ModelError, fit
from csinspect.analysis.next_judgement.outlook import build_engine, outlook_from


def _g(la: str, fw: str, start: date, grade: int, iid: int, published: date | None = None) -> Graded:
    grades = {j: grade for j in ("overall_effectiveness", "help_and_protection", "impact_of_leaders")}
    return Graded(la, fw, start, published or start, grades, iid, dict(grades))


def test_features_use_only_what_was_public_before_the_inspection_began() -> None:
    h = History(names={"100": "Shire"}, lineage={"100": ["100"]}, region={"100": "E1"})
    h.graded["100"] = [
        _g("100", "sif", date(2015, 1, 5), 2, 1, published=date(2015, 3, 1)),
        # began before the next one but published only after it began: not yet known
        _g("100", "ilacs_2018", date(2019, 1, 7), 4, 2, published=date(2019, 3, 1)),
    ]
    # the year ending March 2018 was published in the autumn of 2018 and is known from 1 March 2019: before
    # that, 2017's figures are the newest (2018's are planted to show they are not used)
    h.positions[("100", 2017)] = {"help_and_protection": 0.8, "impact_of_leaders": 0.2}
    h.positions[("100", 2018)] = {"help_and_protection": 0.1, "impact_of_leaders": 0.1}
    h.deprivation[("100", 2017)] = 0.6
    c = features_for(h, "100", date(2019, 2, 1), "help_and_protection")
    assert c.features["prev_same"] == 2 and c.features["prev_overall"] == 2
    assert c.features["years_since"] == pytest.approx(3.92, abs=0.01)
    assert c.features["profile_area"] == 0.8 and c.features["profile_all"] == pytest.approx(0.5)
    assert c.features["deprivation"] == 0.6
    assert c.features["visits_since"] is None  # no visit data for that time: unknown, not zero
    assert published_year(date(2019, 2, 1)) == 2017 and published_year(date(2019, 3, 1)) == 2018
    assert c.notes == []
    later = features_for(h, "100", date(2019, 3, 2), "impact_of_leaders")
    assert later.features["prev_same"] == 4 and later.features["profile_area"] == 0.1


def test_a_reorganised_authority_uses_its_predecessors_and_an_authority_without_history_says_so() -> None:
    h = History(
        names={"940": "North", "928": "Old County", "999": "New"},
        lineage={"940": ["940", "928"], "928": ["928"], "999": ["999"]},
    )
    h.graded["928"] = [_g("928", "ilacs_2018", date(2019, 5, 1), 1, 1)]
    c = features_for(h, "940", date(2024, 6, 1), "overall_effectiveness")
    assert c.features["prev_same"] == 1
    assert any("Old County" in n for n in c.notes)
    lone = features_for(h, "999", date(2024, 6, 1), "overall_effectiveness")
    assert lone.features["prev_same"] is None
    assert any("no earlier graded inspection" in n for n in lone.notes)
    assert any("no performance profile" in n for n in lone.notes) and any(
        "deprivation" in n for n in lone.notes
    )


def _made_up(n: int, seed: int = 7) -> list[Case]:
    """Cases whose grade is the previous grade moved one step by a strong profile signal."""
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        prev = rnd.choice([1, 2, 2, 3, 3, 3, 4])
        profile = rnd.random()
        grade = max(1, min(4, prev + (1 if profile > 0.8 else -1 if profile < 0.2 else 0)))
        feats = {
            "prev_same": prev,
            "prev_overall": prev,
            "profile_area": profile,
            "deprivation": rnd.random(),
        }
        out.append(
            Case(f"{i:03d}", "x", date(2019 + i % 6, 6, 1), "ilacs_2023", "help_and_protection", grade, feats)
        )
    return out


def test_the_model_follows_the_signal_and_widens_when_evidence_is_missing() -> None:
    cases_ = _made_up(240)
    fitted = fit(cases_, "help_and_protection")
    assert set(fitted.features) == {"prev_same", "prev_overall", "profile_area", "deprivation"}
    assert fitted.dropped == ["years_since", "visits_since", "profile_all", "region_good_share"]
    strong = Case("1", "x", date(2025, 1, 1), "ilacs_2023", "help_and_protection", None,
                  {"prev_same": 2, "prev_overall": 2, "profile_area": 0.95, "deprivation": 0.5})  # fmt: skip
    probs, missing, contrib = fitted.predict(strong)
    assert sum(probs.values()) == pytest.approx(1.0) and max(probs, key=probs.get) == 3  # type: ignore[arg-type]
    assert contrib["profile_area"] > 0 and missing == []
    blind = Case("1", "x", date(2025, 1, 1), "ilacs_2023", "help_and_protection", None, {"prev_same": 2})
    wide, missing, _ = fitted.predict(blind)
    assert set(missing) == {"prev_overall", "profile_area", "deprivation"}
    assert max(wide.values()) < max(probs.values())  # less sure: widened towards the usual spread
    with pytest.raises(ModelError, match="at least 20"):
        fit(cases_[:10], "help_and_protection")


def test_backtest_and_outlook_on_a_made_up_history() -> None:
    rnd = random.Random(3)
    h = History()
    iid = 0
    for k in range(60):
        la = f"{100 + k}"
        h.names[la], h.lineage[la], h.region[la] = f"LA {k}", [la], "E1"
        g = rnd.choice([1, 2, 2, 3, 3, 4])
        items = [_g(la, "sif", date(2015, 1 + k % 12, 1), g, iid := iid + 1)]
        for year in (2019, 2022, 2025):
            g = max(1, min(4, g + rnd.choice([-1, 0, 0, 1])))
            items.append(
                _g(
                    la,
                    "ilacs_2018" if year < 2023 else "ilacs_2023",
                    date(year, 1 + k % 12, 2),
                    g,
                    iid := iid + 1,
                )
            )
        h.graded[la] = items
    all_cases = cases(h)
    assert {c.judgement for c in all_cases} == {
        "overall_effectiveness",
        "help_and_protection",
        "impact_of_leaders",
    }
    bt = backtest(all_cases)
    assert (
        bt.headline.cutoff == date(2024, 4, 1)
        and bt.headline.scores["help_and_protection"]["previous"].n == 60
    )
    e = build_engine(h)
    o = outlook_from(e, "100", date(2026, 6, 1), "ilacs_2026")
    assert [j.judgement for j in o.judgements] == [
        "impact_of_leaders",
        "help_and_protection",
        "children_in_care",
        "care_leavers",
    ]
    hp = next(j for j in o.judgements if j.judgement == "help_and_protection")
    assert sum(hp.probabilities.values()) == pytest.approx(1.0, abs=0.01)
    assert "held-back inspections" in hp.backtest and hp.evidence
    # no case graded children in care: nothing to fit or backtest, and it says so by spreading evenly
    cic = next(j for j in o.judgements if j.judgement == "children_in_care")
    assert cic.backtest == "not backtested" and max(cic.probabilities.values()) == pytest.approx(
        0.25, abs=0.01
    )


def test_the_models_profile_indicators_are_published_catalogue_indicators(tmp_path: Path) -> None:
    from csinspect.analysis.next_judgement.cases import profile_indicators
    from csinspect.indicators.catalogue import get_catalogue

    catalogue = get_catalogue()
    spec = profile_indicators(catalogue)
    assert len(spec) > 40
    assert all(catalogue.indicators[i].source.kind != "returns" for i in spec)  # published figures only
    bad = tmp_path / "profile_indicators.yaml"
    bad.write_text("help_and_protection: [no_such_indicator]\n", encoding="utf-8")
    with pytest.raises(
        ValueError, match=r"profile_indicators\.yaml, help_and_protection: 'no_such_indicator'"
    ):
        profile_indicators(catalogue, bad)
