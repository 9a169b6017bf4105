"""docs/proposals.md documents every feature the model of the next judgement uses and every method it is
backtested against."""

from __future__ import annotations

import re
from pathlib import Path

from csinspect.analysis.next_judgement.backtest import METHODS
from csinspect.analysis.next_judgement.cases import FEATURES

DOC = Path(__file__).resolve().parents[2] / "docs" / "proposals.md"


def _first_cells(section: str, until: str) -> set[str]:
    text = DOC.read_text(encoding="utf-8")
    table = text[text.index(section) : text.index(until)]
    return set(re.findall(r"^\| `([a-z_]+)` \|", table, re.M))


def test_every_feature_and_method_is_documented() -> None:
    assert _first_cells("## Features", "## The model") == set(FEATURES)
    assert _first_cells("## Baselines and the rule", "**Time-split backtests.**") == set(METHODS)
