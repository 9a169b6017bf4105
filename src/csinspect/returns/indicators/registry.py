"""The registry of indicators computed from a council's returns: each one function keyed by its catalogue id
(``indicators/catalogue/returns.yaml``), registered with ``@indicator(id, dataset)``, with its hand-made
cases (``Case``) beside it; one parametrised test runs every case (tests/returns/test_indicator_cases.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from csinspect.returns.indicators.values import Params, Value

Dataset = Literal["cin", "cla", "annex"]


@dataclass(frozen=True)
class Case:
    """A small hand-made input and what the indicator must give for it."""

    name: str
    inputs: Callable[[], Any]  # builds the dataset's inputs (``CinInputs`` …)
    value: float | None
    numerator: float | None = None
    denominator: float | None = None


@dataclass(frozen=True)
class Indicator:
    id: str
    dataset: Dataset
    compute: Callable[[Any], Value]
    cases: tuple[Case, ...] = field(default_factory=tuple)


REGISTRY: dict[str, Indicator] = {}


def indicator(indicator_id: str, dataset: Dataset, cases: tuple[Case, ...] = ()) -> Callable[[Any], Any]:
    """Register the function computing ``indicator_id`` from a dataset's inputs (one id, one function)."""

    def register(fn: Callable[[Any], Value]) -> Callable[[Any], Value]:
        if indicator_id in REGISTRY:
            raise ValueError(f"indicator {indicator_id} is registered twice")
        REGISTRY[indicator_id] = Indicator(indicator_id, dataset, fn, cases)
        return fn

    return register


def of_dataset(dataset: Dataset) -> list[Indicator]:
    """The dataset's indicators in registration order (the order their values are listed in)."""
    return [i for i in REGISTRY.values() if i.dataset == dataset]


__all__ = ["REGISTRY", "Case", "Indicator", "Params", "Value", "indicator", "of_dataset"]
