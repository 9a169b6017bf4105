"""Pure parts of the profile: periods, EES value/symbol reading, area checks, comparators, wording."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest

from csinspect.analysis.comparators import compute_comparators
from csinspect.analysis.profile import plural, statement
from csinspect.indicators.catalogue import get_catalogue, load_catalogue
from csinspect.indicators.schema import Indicator, Source
from csinspect.indicators.vocabulary import load_vocabulary
from csinspect.load.official.values import AreaRegister, check_areas
from csinspect.load.outcome import FileOutcome as LoadSummary
from csinspect.sources.official.ees import extract_indicator, read_ees_csv
from csinspect.sources.official.periods import ees_period, lait_period
from csinspect.sources.official.readers import OfficialDataError

HEADER = "time_period,time_identifier,geographic_level,country_code,region_code,region_name,old_la_code,la_name,new_la_code,population_type,rate_per_10000,children_count\n"


def _indicator(column: str = "rate_per_10000", **src: object) -> Indicator:
    return Indicator(
        id="t_rate",
        title="t",
        unit="rate_per_10k",
        polarity="neither",
        polarity_source="test",
        definition="d",
        source=Source(kind="ees", dataset="cla_rates", column=column, **src),  # type: ignore[arg-type]
        judgement_areas=["children_in_care"],
    )


def test_periods() -> None:
    assert ees_period("2016", "Reporting year").label == "2016"
    assert ees_period("2016", "Reporting year").end == date(2016, 3, 31)
    p = ees_period("202324", "Academic year")
    assert (p.label, p.year, p.start, p.end) == ("2023/24", 2024, date(2023, 9, 1), date(2024, 8, 31))
    assert ees_period("202425", "Financial year").label == "2024-25"
    assert lait_period("2018 (Rev)").label == "2018"
    assert lait_period("2015/16").year == 2016
    assert lait_period("2014-16").year == 2016
    assert lait_period("2016-17 (OT)").year == 2017
    assert lait_period("2013/14-15/16").year == 2016
    with pytest.raises(ValueError):
        lait_period("0")


def _csv(tmp_path: Path, body: str, name: str = "cla_number_and_rate_per_10k_children.csv") -> Path:
    path = tmp_path / name
    path.write_text("\ufeff" + HEADER + body, encoding="utf-8")
    return path


def test_symbols_are_kept_and_never_zero(tmp_path: Path) -> None:
    path = _csv(
        tmp_path,
        "2025,Reporting year,National,E92000001,,,,,,Children looked after on 31 March each year,67,81770\n"
        "2025,Reporting year,Local authority,E92000001,E12000006,East of England,821,Luton,E06000032,Children looked after on 31 March each year,58,359\n"
        "2025,Reporting year,Local authority,E92000001,E12000007,London,201,City of London,E09000001,Children looked after on 31 March each year,c,c\n"
        "2025,Reporting year,Local authority,E92000001,E12000007,London,204,Hackney,E09000012,Children looked after on 31 March each year,k,3\n"
        "2025,Reporting year,Local authority,E92000001,E12000007,London,205,Foo,E09000013,Children starting to be looked after each year,9,9\n",
    )
    df = read_ees_csv(path)
    out = extract_indicator(df, _indicator(), _indicator().source, path.name)
    # the filter keeps only the population type asked for (no filter here: all rows come through)
    assert out.height == 5
    rows = {r["area_code"]: r for r in out.iter_rows(named=True)}
    assert rows["E92000001"]["geo_level"] == "national"
    assert rows["821"]["value"] == 58.0 and rows["821"]["symbol"] is None
    assert rows["201"]["value"] is None and rows["201"]["symbol"] == "c"
    assert rows["204"]["value"] is None and rows["204"]["symbol"] == "k"
    assert rows["821"]["source_ref"] == f"{path.name} row 3"
    filtered = _indicator(filters={"population_type": "Children starting to be looked after each year"})
    assert extract_indicator(df, filtered, filtered.source, path.name)["area_code"].to_list() == ["205"]


def test_derived_percentage_and_years_months(tmp_path: Path) -> None:
    path = _csv(
        tmp_path,
        "2025,Reporting year,Local authority,E92000001,E12000006,East,821,Luton,E06000032,x,30,120\n"
        "2025,Reporting year,Local authority,E92000001,E12000006,East,822,Bedford,E06000055,x,0,0\n",
    )
    df = read_ees_csv(path)
    ind = _indicator(denominator_column="children_count", multiplier=100)
    out = extract_indicator(df, ind, ind.source, path.name).sort("area_code")
    assert out["value"].to_list() == [25.0, None]
    assert out["symbol"].to_list() == [None, "z"]
    ym = pl.DataFrame(
        {
            "time_period": ["2025"],
            "time_identifier": ["Reporting year"],
            "geographic_level": ["National"],
            "number": ["01:03"],
            "_row": [2],
        }
    )
    ind2 = _indicator(column="number", value_format="years_months")
    assert extract_indicator(ym, ind2, ind2.source, "f.csv")["value"].to_list() == [15.0]


def test_wrong_columns_name_expected_and_found(tmp_path: Path) -> None:
    path = tmp_path / "cla_number_and_rate_per_10k_children.csv"
    path.write_text(
        "time_period,time_identifier,geographic_level,old_la_code,rate\n2025,Reporting year,National,,1\n"
    )
    df = read_ees_csv(path)
    with pytest.raises(OfficialDataError) as err:
        extract_indicator(df, _indicator(), _indicator().source, path.name)
    msg = str(err.value)
    assert path.name in msg and "missing ['rate_per_10000']" in msg
    assert "found ['time_period', 'time_identifier', 'geographic_level', 'old_la_code', 'rate']" in msg


def test_unknown_codes_listed_and_reorganised_authorities_dropped() -> None:
    reg = AreaRegister(
        valid={"821": (None, None), "940": (date(2021, 4, 1), None), "928": (None, date(2021, 4, 1))},
        gss={"E06000061": "940"},
    )
    base = {
        "indicator_id": "x",
        "source_kind": "ees",
        "area_name": "n",
        "value": 1.0,
        "symbol": None,
        "numerator": None,
        "denominator": None,
        "source_ref": "r",
    }

    def row(code: str, gss: str | None, year: int) -> dict[str, object]:
        p = ees_period(str(year), "Reporting year")
        return base | {
            "geo_level": "la",
            "area_code": code,
            "gss_code": gss,
            "period": p.label,
            "year": year,
            "start": p.start,
            "end": p.end,
        }

    values = pl.DataFrame(
        [
            row("821", None, 2021),
            row("999", "E06000999", 2021),
            row("940", None, 2021),
            row("940", None, 2022),
            row("XXX", "E06000061", 2023),
            row("928", None, 2021),
            row("928", None, 2022),
        ]
    )
    summary = LoadSummary(file="f", kind="k")
    kept = check_areas(values, reg, summary)
    assert sorted(zip(kept["area_code"], kept["period"], strict=True)) == [
        ("821", "2021"),
        ("928", "2021"),
        ("940", "2022"),
        ("940", "2023"),
    ]
    assert summary.skipped == {
        "unknown_la_code": 1,
        "before_authority_existed": 1,
        "after_authority_ended": 1,
    }
    assert any("999" in n and "E06000999" in n for n in summary.notes)


def _comparator_frames() -> tuple[pl.DataFrame, ...]:
    las = [f"{i:03d}" for i in range(100, 112)]
    rows = []
    for year, bump in ((2023, 0.0), (2024, 1.0), (2025, 2.0)):
        for i, la in enumerate(las):
            value = None if (la == "105" and year == 2025) else float(i) + bump * (1 if la == "100" else 0)
            rows.append(
                {
                    "indicator_id": "ind",
                    "geo_level": "la",
                    "area_code": la,
                    "period": str(year),
                    "year": year,
                    "value": value,
                    "symbol": "c" if value is None else None,
                }
            )
        rows.append(
            {
                "indicator_id": "ind",
                "geo_level": "national",
                "area_code": "E92000001",
                "period": str(year),
                "year": year,
                "value": 5.0,
                "symbol": None,
            }
        )
        rows.append(
            {
                "indicator_id": "ind",
                "geo_level": "regional",
                "area_code": "E12000001",
                "period": str(year),
                "year": year,
                "value": 4.0,
                "symbol": None,
            }
        )
    values = pl.DataFrame(rows)
    neighbours = pl.DataFrame(
        {
            "model_id": ["m"] * 10,
            "la_code": ["100"] * 10,
            "rank": list(range(1, 11)),
            "neighbour_la_code": las[1:11],
        }
    )
    models = pl.DataFrame({"model_id": ["m"], "in_force_from": [date(2021, 4, 1)]})
    auth = pl.DataFrame({"la_code": las, "name": las, "region_code": ["E12000001"] * len(las)})
    return values, neighbours, models, auth


@pytest.mark.parametrize("polarity", ["higher_is_better", "lower_is_better", "neither"])
def test_comparators_against_hand_computation(polarity: str) -> None:
    values, neighbours, models, auth = _comparator_frames()
    pol = pl.DataFrame({"indicator_id": ["ind"], "polarity": [polarity]})
    out = compute_comparators(values, neighbours, models, auth, pol, la_codes=["100"])
    r = out.filter(pl.col("period") == "2025").row(0, named=True)
    # neighbours 101..110 have values 1..10, except 105 (suppressed in 2025): mean of the other nine
    expected = [float(i) for i in range(1, 11) if i != 5]
    assert r["sn_count"] == 9
    assert r["sn_average"] == pytest.approx(sum(expected) / len(expected))
    assert (r["england"], r["region"]) == (5.0, 4.0)
    assert r["value"] == 2.0 and r["rank_of"] == 11
    if polarity == "lower_is_better":
        assert r["rank"] == 2 and r["quartile"] == 1  # 101 has 1.0; 100 has 2.0
        assert r["direction"] == "declining"  # 0 -> 2, lower is better
    elif polarity == "higher_is_better":
        assert r["rank"] == 9 and r["quartile"] == 4  # ties with 102 (2.0); ranks 1-8 are 11 … 3
        assert r["direction"] == "improving"
    else:
        assert r["direction"] == "increasing"
    assert r["trend_years"] == 3 and r["trend_first_value"] == 0.0


def test_sn_average_of_however_many_neighbours_have_a_figure() -> None:
    values, neighbours, models, auth = _comparator_frames()
    values = values.with_columns(
        pl.when(pl.col("area_code").is_in(["101", "102", "103", "104", "106", "107"]))
        .then(None)
        .otherwise(pl.col("value"))
        .alias("value")
    )
    pol = pl.DataFrame({"indicator_id": ["ind"], "polarity": ["neither"]})

    def first(**kw: object) -> dict:
        out = compute_comparators(values, neighbours, models, auth, pol, la_codes=["100"], **kw)  # type: ignore[arg-type]
        return out.filter(pl.col("period") == "2025").row(0, named=True)

    # DfE's tools average whatever neighbours have a figure (the count says how thin it is) …
    assert first()["sn_count"] == 3 and first()["sn_average"] is not None
    # … a stricter floor is a choice
    from csinspect.analysis.comparators import Comparator

    assert first(comparator=Comparator(min_neighbours=5))["sn_average"] is None
    assert first(min_neighbours=5)["sn_average"] is None


def test_statement_words() -> None:
    assert statement(70.5, None, 58.1, 70.0, "improving", 3) == (
        "higher than statistical neighbours (58.1) and England (70.0); improving over 3 years"
    )
    assert statement(60.0, None, 58.1, 70.0, None, None) == (
        "higher than statistical neighbours (58.1), lower than England (70.0)"
    )
    assert statement(None, "c", 58.1, 70.0, None, None) == "no published value (suppressed: c)"
    assert plural("independent fostering agency") == "independent fostering agencies"
    assert plural("residential special school (registered as a children's home)").startswith(
        "residential special schools ("
    )


def test_catalogue_and_vocabulary(tmp_path: Path) -> None:
    cat = get_catalogue()
    assert "cla_rate_per_10k" in cat.indicators and len(cat.indicators) >= 50
    for ind in cat.indicators.values():
        assert ind.polarity_source
    bad = tmp_path / "bad.yaml"
    bad.write_text("indicators:\n  - {id: x, title: t, unit: furlongs}\n")
    with pytest.raises(ValueError, match=r"bad\.yaml"):
        load_catalogue(tmp_path)
    vocab = load_vocabulary()
    assert not vocab.is_ofsted and "not Ofsted's" in vocab.attribution
    assert [vocab.word(p) for p in (100, 95, 80, 60, 30, 10, 0)] == [
        "all",
        "almost all",
        "most",
        "the majority",
        "less than half",
        "few",
        "none",
    ]


def test_local_indicators_point_at_returns_catalogue_entries() -> None:
    cat = get_catalogue()
    linked = {i.id: i.local_indicator for i in cat.indicators.values() if i.local_indicator}
    assert linked, "no published indicator names its own-returns twin"
    for pub, own in linked.items():
        assert own in cat.indicators and cat.indicators[own].source.kind == "returns", (pub, own)
        assert cat.indicators[own].unit == cat.indicators[pub].unit, (pub, own)


def test_rounding_is_dfe_half_up_on_the_decimal_value_not_its_binary_noise() -> None:
    from csinspect.analysis.profile import fmt, round_half_up

    assert round_half_up(68.5) == 69 and round_half_up(0.125, 2) == 0.13 and round_half_up(-2.5) == -3
    # a median of 14.6 and 14.7 is 14.649999999999999 in binary; DfE's true_round gives 14.7
    assert round_half_up((14.6 + 14.7) / 2, 1) == 14.7
    assert round_half_up(14.64999, 1) == 14.6
    assert fmt(1234567.25, 1) == "1,234,567.3"
