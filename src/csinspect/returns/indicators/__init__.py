"""The indicators computed from a council's returns: one registered function per catalogue id, grouped by
the return they read (``cin``, ``cla``, ``annex``), each with its hand-made cases (``registry``)."""

from __future__ import annotations

import polars as pl

from csinspect.returns.indicators import annex, cin, cla
from csinspect.returns.indicators.registry import REGISTRY, Case, Indicator, of_dataset
from csinspect.returns.indicators.values import Params, Value

__all__ = ["REGISTRY", "Case", "Indicator", "Params", "Value", "annex_values", "cin_values", "cla_values"]


def cin_values(
    cur: dict[str, pl.DataFrame],
    prev: dict[str, pl.DataFrame] | None,
    year: int,
    p: Params,
    population: int | None,
) -> list[Value]:
    inputs = cin.CinInputs(cur, prev, year, p, population)
    return [i.compute(inputs) for i in of_dataset("cin")]


def cla_values(
    tables: dict[str, pl.DataFrame],
    history: list[dict[str, pl.DataFrame]],
    year: int,
    p: Params,
    population: int | None,
) -> list[Value]:
    """``tables``: this year's 903 tables; ``history``: earlier years' tables, newest first."""
    inputs = cla.ClaInputs(tables, history, year, p, population)
    return [i.compute(inputs) for i in of_dataset("cla")]


def annex_values(lists: dict[str, pl.DataFrame], year: int) -> list[Value]:
    inputs = annex.AnnexInputs(lists, year)
    return [v for i in of_dataset("annex") if (v := i.compute(inputs)) is not None]
