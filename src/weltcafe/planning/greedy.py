"""A greedy first seating: round by round, each person takes the open seat that costs least.

Good enough to reach zero repeats on its own for large, loose cafés (300 people, 5 rounds); for tight
instances it is only the starting point of the tabu search.
"""

from __future__ import annotations

import numpy as np

from weltcafe.planning.model import IntArray, Model


def greedy_seating(model: Model, rng: np.random.Generator, hint: IntArray | None = None) -> IntArray:
    """seat[r, p]; pinned people first, then people with a ``hint`` seat that is still open, then the rest.

    ``hint`` (same shape, -1 = none) carries an earlier plan into a re-plan, so that few seats change.
    """
    pair_cost = model.pair_cost_table()
    add_cost = np.append(np.diff(pair_cost), 0)
    seat = np.where(model.fixed >= 0, model.fixed, -1)
    meet = np.zeros((model.people, model.people), dtype=np.int64)
    visits = np.zeros((model.people, model.topics), dtype=np.int64)
    for r in range(model.rounds):
        gain = np.where(model.counted, add_cost[meet], 0) + model.linear
        pinned = np.flatnonzero((seat[r] >= 0) & (seat[r] < model.ghost))
        load = np.bincount(seat[r, pinned], minlength=model.tables)
        # cost_at[p, t]: what p adds by sitting at t, given who already sits there this round.
        cost_at = gain[:, pinned] @ _onehot(seat[r, pinned], model.tables)
        free = rng.permutation(np.flatnonzero(seat[r] < 0))
        if hint is not None:
            free = free[np.argsort(hint[r, free] < 0, kind="stable")]
        for person in free:
            open_tables = np.flatnonzero(load < model.sizes[r])
            wanted = hint[r, person] if hint is not None else -1
            if wanted >= 0 and load[wanted] < model.sizes[r, wanted]:
                table = int(wanted)
            else:
                topic = model.table_topic[open_tables]
                cost = cost_at[person, open_tables] + model.preference[person, topic]
                cost = cost + model.revisit_weight * (visits[person, topic] >= 1)
                best = np.flatnonzero(cost == cost.min())
                table = int(open_tables[best[rng.integers(best.size)]])
            seat[r, person] = table
            load[table] += 1
            cost_at[:, table] += gain[:, person]
        present = np.flatnonzero(seat[r] < model.ghost)
        onehot = _onehot(seat[r, present], model.tables)
        meet[np.ix_(present, present)] += onehot @ onehot.T
        np.add.at(visits, (present, model.table_topic[seat[r, present]]), 1)
    return seat


def _onehot(tables: IntArray, width: int) -> IntArray:
    onehot = np.zeros((tables.size, width), dtype=np.int64)
    onehot[np.arange(tables.size), tables] = 1
    return onehot
