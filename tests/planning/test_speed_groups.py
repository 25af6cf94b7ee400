"""The speed-networking grouping (`weltcafe.planning.speed_groups`): pure, plain ids in and groups out."""

from __future__ import annotations

import pytest

from weltcafe.planning.speed_groups import SpeedPerson, plan_groups

pytestmark = pytest.mark.unit


def test_plan_cafe_tablemates_paired_only_when_unavoidable():
    people = [SpeedPerson(id=n) for n in range(4)]

    plan = plan_groups(people, group_size=2, rounds=3, past=[((0, 1), (2, 3))])

    # Two rounds use up the four unmet pairs; the third must repeat someone (café pair or speed pair, same cost).
    met = {pair for groups in plan.rounds for pair in groups}
    assert met >= {(0, 2), (0, 3), (1, 2), (1, 3)}
    assert plan.repeats == 2


def test_plan_pure_orders_rounds_by_score():
    people = [SpeedPerson(id=n) for n in range(4)]

    plan = plan_groups(people, group_size=2, rounds=3, scores={(0, 3): 1.0, (1, 2): 0.5, (0, 1): 0.2}, seed=3)

    assert plan.rounds[0] == ((0, 3), (1, 2))
    assert plan.round_scores == tuple(sorted(plan.round_scores, reverse=True))
