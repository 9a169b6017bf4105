"""Every indicator computed from the returns is one registered function with hand-made cases beside it;
this runs every case, and checks the registry and the catalogue name the same indicators."""

from __future__ import annotations

import pytest

from csinspect.indicators.catalogue import get_catalogue
from csinspect.returns.indicators import REGISTRY

CASES = [
    pytest.param(ind, case, id=f"{ind.id}: {case.name}") for ind in REGISTRY.values() for case in ind.cases
]


@pytest.mark.parametrize(("indicator", "case"), CASES)
def test_case(indicator, case) -> None:  # type: ignore[no-untyped-def]
    got = indicator.compute(case.inputs())
    assert got is not None and got.indicator_id == indicator.id
    assert (got.value, got.numerator, got.denominator) == (case.value, case.numerator, case.denominator)


def test_every_indicator_has_a_case() -> None:
    assert [i.id for i in REGISTRY.values() if not i.cases] == []


def test_registry_and_catalogue_agree() -> None:
    catalogue = {i.id for i in get_catalogue().indicators.values() if i.source.kind == "returns"}
    assert set(REGISTRY) == catalogue
