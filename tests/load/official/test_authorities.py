"""The authority registry built from the official files: on the small England of
``csinspect.testing.official`` (real codes and reorganisations, made-up figures) name/code resolution
handles printed variants, dates, former codes and bad input; on the real files in ``../shared`` it
agrees with the reference table la_lookup.csv row for row."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from csinspect.authorities.normalise import normalise_name
from csinspect.authorities.resolve import AmbiguousAuthority, AuthorityIndex, UnknownAuthority

COMPARED = [
    "la_name",
    "status",
    "valid_from",
    "valid_until",
    "former_gss_codes",
    "successor",
    "region_code",
    "region_name",
    "ofsted_region",
    "gss_entity",
    "dfe_lait_la_type",
]


def _registry(folder: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    from csinspect.store.db import init_db
    from csinspect.testing.store import load_official as load_directory

    url = f"sqlite:///{tmp_path_factory.mktemp('auth') / 'a.sqlite'}"
    init_db(url)
    # The Ofsted workbook adds Ofsted's region to the registry.
    load_directory(folder, url, kinds={"authorities", "ofsted_la_outcomes"})
    return url


@pytest.fixture(scope="module")
def registry_url(mini_official_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    return _registry(mini_official_dir, tmp_path_factory)


@pytest.fixture(scope="module")
def real_registry_url(official_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    return _registry(official_dir, tmp_path_factory)


@pytest.fixture(scope="module")
def index(registry_url: str) -> AuthorityIndex:
    from csinspect.store.db import session_scope

    with session_scope(registry_url) as s:
        return AuthorityIndex.from_session(s)


def test_registry_matches_reference_la_lookup_row_for_row(
    real_registry_url: str, reference_dir: Path
) -> None:
    from csinspect.analysis.authorities import lookup_rows
    from csinspect.store.db import session_scope

    with session_scope(real_registry_url) as s:
        got = {(r["la_code"], r["gss_code"] or ""): r for r in lookup_rows(s)}
    ref = {(r["la_code"], r["gss_code"]): r for r in csv.DictReader((reference_dir / "la_lookup.csv").open())}
    assert len(ref) == 163
    assert set(got) == set(ref)
    diffs = []
    for key, want in ref.items():
        for col in COMPARED:
            value = got[key][col]
            value = "" if value is None else str(value)
            if value != want[col]:
                diffs.append((key, col, want[col], value))
    # Known, explained difference: the reference leaves the end date of the two pre-2009 authorities
    # (820 Bedfordshire, 875 Cheshire) empty; csinspect takes it from the Structural Changes Orders
    # (SI 2008/907, SI 2008/634) cited in its packaged name_variants.yaml.
    assert sorted(diffs) == [
        (("820", ""), "valid_until", "", "2009-04-01"),
        (("875", ""), "valid_until", "", "2009-04-01"),
    ]


def test_reorganisations_and_code_changes(registry_url: str) -> None:
    from sqlalchemy import select

    from csinspect.store.db import session_scope
    from csinspect.store.models import AuthoritySuccession

    with session_scope(registry_url) as s:
        pairs = {(r.predecessor, r.successor, r.effective) for r in s.scalars(select(AuthoritySuccession))}
    for pred, succ, when in [
        ("928", "940", date(2021, 4, 1)),
        ("928", "941", date(2021, 4, 1)),
        ("909", "942", date(2023, 4, 1)),
        ("909", "943", date(2023, 4, 1)),
        ("835", "838", date(2019, 4, 1)),
        ("836", "839", date(2019, 4, 1)),
        ("837", "839", date(2019, 4, 1)),
        ("820", "822", date(2009, 4, 1)),
        ("875", "896", date(2009, 4, 1)),
    ]:
        assert (pred, succ, when) in pairs
    # Code changes keep the LA number: no succession, but two GSS codes with dates.
    assert not any(p == s_ for p, s_, _ in pairs)


@pytest.mark.parametrize(
    ("text", "on", "la_code", "method"),
    [
        ("821", None, "821", "code"),
        ("E06000032", None, "821", "code"),
        ("Luton Borough Council", None, "821", "exact"),
        ("LUTON BOROUGH COUNCIL", None, "821", "exact"),
        ("Luton Children's Services Authority Area", None, "821", "normalised"),
        ("Luton Children’s Services Authority Area", None, "821", "normalised"),
        ("Bristol, City of", None, "801", "exact"),
        ("City of Bristol Council", None, "801", "normalised"),
        ("Kingston upon Hull", None, "810", "exact"),
        ("Bradford Children and Families Trust", None, "380", "exact"),
        ("County Durham", None, "840", "exact"),
        ("Lutonn", None, "821", "fuzzy"),
        ("Leicestershire County Counci", None, "855", "fuzzy"),
        ("Dorset", date(2015, 6, 1), "835", "exact"),
        ("Dorset", date(2020, 6, 1), "838", "exact"),
        ("Bournemouth", date(2012, 1, 1), "837", "exact"),
        ("North Yorkshire", None, "815", "exact"),
        ("E10000023", None, "815", "code"),  # North Yorkshire's county GSS code
        ("E06000048", None, "929", "code"),  # Northumberland's former GSS code
        ("Bedfordshire", date(2005, 1, 1), "820", "normalised"),
    ],
)
def test_resolve(index: AuthorityIndex, text: str, on: date | None, la_code: str, method: str) -> None:
    hit = index.resolve(text, on)
    assert (hit.la_code, hit.method) == (la_code, method)


def test_gss_code_valid_at_the_date(index: AuthorityIndex) -> None:
    assert index.resolve("815", date(2020, 1, 1)).gss_code == "E10000023"
    assert index.resolve("815", date(2024, 1, 1)).gss_code == "E06000065"
    assert index.resolve("933", date(2022, 1, 1)).gss_code == "E10000027"
    assert index.resolve("825").gss_code == "E06000060"


def test_authority_not_valid_at_the_date_is_unknown_with_the_former_one_suggested(
    index: AuthorityIndex,
) -> None:
    with pytest.raises(UnknownAuthority) as err:
        index.resolve("Northamptonshire", date(2022, 1, 1))
    assert [s.la_code for s in err.value.suggestions] == ["928"]
    assert "2022-01-01" in str(err.value)


def test_ambiguous_names_list_the_candidates(index: AuthorityIndex) -> None:
    with pytest.raises(AmbiguousAuthority) as err:
        index.resolve("Achieving for Children")
    assert sorted(c.la_code for c in err.value.candidates) == ["314", "318", "868"]
    with pytest.raises(AmbiguousAuthority) as err2:
        index.resolve("Kingston")
    assert sorted(c.la_code for c in err2.value.candidates) == ["314", "810"]
    assert isinstance(err2.value, LookupError)


def test_unknown_gives_closest_matches(index: AuthorityIndex) -> None:
    with pytest.raises(UnknownAuthority) as err:
        index.resolve("Lutterworth Borough")
    assert err.value.suggestions, "an unknown name must come with suggestions"
    with pytest.raises(UnknownAuthority) as err2:
        index.resolve("999")
    assert err2.value.suggestions and "closest" in str(err2.value)
    with pytest.raises(UnknownAuthority) as err3:
        index.resolve("Narnia")
    assert err3.value.suggestions


def test_search_ranks_exact_before_fuzzy(index: AuthorityIndex) -> None:
    hits = index.search("north york")
    assert hits[0].la_code == "815"
    assert index.search("Luton", limit=3)[0].la_code == "821"


def test_every_packaged_variant_names_a_registered_authority_and_has_a_source(real_registry_url: str) -> None:
    from csinspect.authorities.variants import packaged_variants
    from csinspect.store.db import session_scope

    with session_scope(real_registry_url) as s:
        index = AuthorityIndex.from_session(s)

    data = packaged_variants()
    for item in data["variants"]:
        assert item["source"].strip()
        assert index.get(item["la_code"]) is not None, item
    for item in data["pre_2009_authorities"]:
        assert item["source"].strip() and index.get(item["la_code"]) is not None


def test_normalise_name() -> None:
    assert normalise_name("Bristol, City of") == normalise_name("City of Bristol") == "bristol"
    assert normalise_name("City of London") == "city of london"
    assert normalise_name("Royal Borough of Windsor & Maidenhead") == "windsor and maidenhead"
    assert normalise_name("St. Helens Council") == "st helens"
    assert normalise_name("Dorset (Pre LG)") == "dorset"
