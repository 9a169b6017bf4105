"""The backtest's scores on cases worked by hand."""

from __future__ import annotations

import pytest

from csinspect.analysis.next_judgement.metrics import calibration_table, most_likely, score, weighted_kappa


def _sure(g: int) -> dict[int, float]:
    return {x: 1.0 if x == g else 0.0 for x in (1, 2, 3, 4)}


def test_sure_and_right_scores_perfectly_sure_and_wrong_scores_two() -> None:
    right = score([_sure(3), _sure(2)], [3, 2])
    assert (right.exact, right.within_one, right.brier, right.kappa) == (1.0, 1.0, 0.0, 1.0)
    wrong = score([_sure(4), _sure(1)], [1, 2])
    assert wrong.exact == 0.0 and wrong.within_one == 0.5 and wrong.brier == 2.0


def test_brier_of_an_even_spread_is_three_quarters() -> None:
    even = {g: 0.25 for g in (1, 2, 3, 4)}
    assert score([even], [2]).brier == pytest.approx(0.75)  # 3 x 0.0625 + 0.5625


def test_quadratic_kappa_against_a_hand_count() -> None:
    # four cases: (3,3) (2,2) (3,2) (4,3). Observed quadratic disagreement: 1/9 + 1/9 = 2/9. Expected from the
    # margins (rows 2:1 3:2 4:1, columns 2:2 3:2): 0.5/9 + 1/9 + 2/9 + 0.5/9 = 4/9. Kappa = 1 - 2/4 = 0.5
    assert weighted_kappa([3, 2, 3, 4], [3, 2, 2, 3]) == pytest.approx(0.5)
    # and the defining property: perfect agreement is 1, complete reversal below 0
    assert weighted_kappa([1, 2, 3, 4], [1, 2, 3, 4]) == 1.0
    assert weighted_kappa([1, 2, 3, 4], [4, 3, 2, 1]) < 0


def test_ties_go_to_the_middle_of_the_scale_and_calibration_bins() -> None:
    assert most_likely({1: 0.4, 2: 0.4, 3: 0.1, 4: 0.1}) == 2
    assert most_likely({3: 0.45, 4: 0.45, 1: 0.05, 2: 0.05}) == 3
    table = calibration_table([{3: 0.9, 2: 0.1}, {3: 0.95, 2: 0.05}, {2: 0.55, 3: 0.45}], [3, 2, 3], bins=10)
    assert table == [("0.5-0.6", 1, 0.55, 0.0), ("0.9-1.0", 2, 0.925, 0.5)]
