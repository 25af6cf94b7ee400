"""Tabu search over seatings with incremental delta evaluation on numpy pair-count matrices.

State: ``seat[r, p]`` (table of person p in round r), ``meet[p, q]`` (how often p and q met). A move
swaps two people at different tables of one round, which keeps every table size. For every person p,
round r and table t the search keeps ``join[r, p, t]`` (cost of p sitting down at t) and
``leave[r, p, t]`` (cost of p standing up from t), so the delta of any swap is six lookups:

    delta(a <-> b) = leave[a, A] + leave[b, B] + join[a, B] + join[b, A] - 2 * gain(a, b)

After a swap only O(table size) pair counts change; their effect is pushed into ``join``/``leave`` of
every round with ``np.add.at``. Each step looks at the people involved in a repeat or a broken hard
constraint (the conflict neighbourhood of Dotú & Van Hentenryck's social-golfer tabu search), takes the
best non-tabu swap (ties broken at random), and restarts from the best plan, shaken, when it stalls.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from weltcafe.planning.model import W_HARD, W_REPEAT, IntArray, Model

CANDIDATE_CAP = 256  # rows of the delta matrix per step; bounds the cost of a step on big cafés
SOFT_CANDIDATES = 32  # once the target is met: a random sample of people per step suffices for diversity
BLOCKED = np.iinfo(np.int64).max // 4  # delta of a move that is not allowed


@dataclass(frozen=True)
class SearchResult:
    seat: IntArray
    cost: int
    iterations: int
    reached_target: bool


class SeatingSearch:
    """One search run: ``SeatingSearch(model, rng).run(seat, ...)``; all randomness from ``rng``."""

    def __init__(self, model: Model, rng: np.random.Generator) -> None:
        self.model = model
        self.rng = rng
        pair_cost = model.pair_cost_table()
        # Cost change of one more / one fewer meeting of a counted pair that met c times.
        self.add_cost = np.append(np.diff(pair_cost), 0)
        self.remove_cost = np.concatenate(([0], -np.diff(pair_cost)))
        self.movable = model.fixed < 0
        self.has_together = bool(np.any(model.linear <= -W_HARD))

    # ----- state -------------------------------------------------------------------------------
    def load(self, seat: IntArray) -> None:
        """Set the state to ``seat`` and rebuild every derived array from scratch."""
        model = self.model
        self.seat = seat.copy()
        self.meet = np.zeros((model.people, model.people), dtype=np.int64)
        self.visits = np.zeros((model.people, model.topics), dtype=np.int64)
        for r in range(model.rounds):
            present = self.seat[r] < model.ghost
            onehot = np.zeros((model.people, model.tables), dtype=np.int64)
            onehot[np.flatnonzero(present), self.seat[r, present]] = 1
            self.meet += onehot @ onehot.T
            np.add.at(self.visits, (np.flatnonzero(present), model.table_topic[self.seat[r, present]]), 1)
        np.fill_diagonal(self.meet, 0)
        # gains[0] = cost of one more meeting of p and q, gains[1] = of one fewer.
        self.gains = np.stack((
            np.where(model.counted, self.add_cost[self.meet], 0) + model.linear,
            np.where(model.counted, self.remove_cost[self.meet], 0) - model.linear,
        ))
        # sums[0] = join[r, p, t], sums[1] = leave[r, p, t]: gains summed over the people at table t.
        self.sums = np.zeros((2, model.rounds, model.people, model.tables + 1), dtype=np.int64)
        for r in range(model.rounds):
            onehot = np.zeros((model.people, model.tables + 1), dtype=np.int64)
            onehot[np.arange(model.people), self.seat[r]] = 1
            self.sums[:, r] = self.gains @ onehot
        self.gain_add, self.gain_remove = self.gains[0], self.gains[1]
        self.join, self.leave = self.sums[0], self.sums[1]
        self._everyone = np.arange(model.people)
        self._round_grid = np.arange(model.rounds)[:, None]
        self.cost = self.total_cost()

    def total_cost(self) -> int:
        """The objective recomputed from scratch (used once per load and by the tests)."""
        model = self.model
        pair_cost = model.pair_cost_table()
        upper = np.triu(np.ones_like(model.counted), 1)
        pairs = np.where(model.counted & upper, pair_cost[self.meet], 0).sum()
        linear = (np.triu(model.linear, 1) * self.meet).sum()
        visits = (model.preference * self.visits).sum() + model.revisit_weight * np.maximum(self.visits - 1, 0).sum()
        return int(pairs + linear + visits)

    def repeats_and_hard(self) -> tuple[int, int]:
        """(repeated encounters, broken hard constraints) of the current state."""
        model = self.model
        excess = np.where(model.counted, np.maximum(self.meet - 1, 0), 0)
        hard_pairs = np.where(model.linear >= W_HARD, self.meet, 0).sum() // 2
        present = (self.seat < model.ghost).astype(np.int64)
        both_present = present.T @ present
        hard_pairs += np.where(model.linear <= -W_HARD, both_present - self.meet, 0).sum() // 2
        revisits = 0
        if model.revisit_weight >= W_HARD:  # only guests count: hosts stay with their topic by design
            revisits = np.maximum(self.visits[self.movable.any(axis=0)] - 1, 0).sum()
        return int(excess.sum() // 2), int(hard_pairs + revisits)

    def swap(self, r: int, a: int, b: int) -> None:
        """Swap a and b (at different tables) in round r and update every derived array."""
        model, seat = self.model, self.seat
        table_a, table_b = int(seat[r, a]), int(seat[r, b])
        mates_a = np.flatnonzero(seat[r] == table_a)
        mates_a = mates_a[mates_a != a]
        mates_b = np.flatnonzero(seat[r] == table_b)
        mates_b = mates_b[mates_b != b]
        # The pairs whose meeting count changes: a leaves mates_a and joins mates_b, b the other way.
        ps = np.concatenate((np.full(mates_a.size, a), np.full(mates_b.size, b), np.full(mates_b.size, a),
                             np.full(mates_a.size, b)))
        qs = np.concatenate((mates_a, mates_b, mates_b, mates_a))
        step = np.concatenate((-np.ones(mates_a.size + mates_b.size, np.int64),
                               np.ones(mates_a.size + mates_b.size, np.int64)))
        self.meet[ps, qs] += step
        self.meet[qs, ps] += step
        counted, linear = model.counted[ps, qs], model.linear[ps, qs]
        meetings = self.meet[ps, qs]
        new = np.stack((np.where(counted, self.add_cost[meetings], 0) + linear,
                        np.where(counted, self.remove_cost[meetings], 0) - linear))
        change = new - self.gains[:, ps, qs]
        self.gains[:, ps, qs] = new
        self.gains[:, qs, ps] = new
        # Push the changed gains into join/leave of every round (both directions of each pair at once).
        left, right = np.concatenate((ps, qs)), np.concatenate((qs, ps))
        np.add.at(self.sums, (np.arange(2)[:, None, None], self._round_grid[None], left[None, None, :],
                              seat[:, right][None]), np.concatenate((change, change), axis=1)[:, None, :])
        # Now the seats of round r themselves.
        self.sums[:, r, :, table_a] += self.gains[:, :, b] - self.gains[:, :, a]
        self.sums[:, r, :, table_b] += self.gains[:, :, a] - self.gains[:, :, b]
        topic_a, topic_b = model.table_topic[table_a], model.table_topic[table_b]
        self.visits[a, topic_a] -= 1
        self.visits[a, topic_b] += 1
        self.visits[b, topic_b] -= 1
        self.visits[b, topic_a] += 1
        seat[r, a], seat[r, b] = table_b, table_a

    # ----- neighbourhood -----------------------------------------------------------------------
    def conflicts(self) -> tuple[IntArray, IntArray]:
        """(round, person) of every movable person involved in a repeat or a broken hard constraint."""
        model = self.model
        leave_now = self.leave[self._round_grid, self._everyone[None, :], self.seat]
        bad = leave_now <= -W_REPEAT
        if self.has_together:
            bad |= self.join[:, :, : model.tables].min(axis=2) <= -W_HARD
        if model.revisit_weight > 0:
            topic_now = model.table_topic[np.minimum(self.seat, model.tables - 1)]
            bad |= np.take_along_axis(self.visits.T, topic_now, axis=0) > 1
        rows, people = np.nonzero(bad & self.movable)
        return rows, people

    def swap_deltas(self, rows: IntArray, people: IntArray) -> IntArray:
        """delta[i, b] of swapping people[i] with b in round rows[i]; huge where not allowed."""
        model = self.model
        seat_rows = self.seat[rows]  # (m, n)
        table_a = seat_rows[np.arange(rows.size), people]
        row_grid = rows[:, None]
        leave_now = self.leave[row_grid, self._everyone[None, :], seat_rows]
        delta = self.leave[rows, people, table_a][:, None] + leave_now
        delta += self.join[row_grid, people[:, None], seat_rows]
        delta += self.join[rows, :, table_a]
        delta -= 2 * self.gain_add[people]
        if model.revisit_weight or model.has_soft_terms:
            delta += self._topic_deltas(people, table_a, seat_rows)
        forbidden = (seat_rows == table_a[:, None]) | ~self.movable[rows] | (seat_rows == model.ghost)
        return np.where(forbidden, BLOCKED, delta)

    def _topic_deltas(self, people: IntArray, table_a: IntArray, seat_rows: IntArray) -> IntArray:
        model = self.model
        topic_a = model.table_topic[table_a][:, None]
        topic_b = model.table_topic[np.minimum(seat_rows, model.tables - 1)]
        others = np.arange(model.people)[None, :]
        person = people[:, None]

        def move_cost(who: IntArray, source: IntArray, target: IntArray) -> IntArray:
            weight = model.revisit_weight
            arrive = weight * (self.visits[who, target] >= 1) + model.preference[who, target]
            depart = weight * (self.visits[who, source] >= 2) + model.preference[who, source]
            return np.asarray(arrive - depart)

        total = move_cost(person, topic_a, topic_b) + move_cost(others, topic_b, topic_a)
        return np.where(topic_a == topic_b, 0, total)

    # ----- the search loop ---------------------------------------------------------------------
    def run(self, seat: IntArray, *, deadline: float, target_repeats: int, max_iterations: int,
            soft_steps: int) -> SearchResult:
        """Improve ``seat`` until the target is met (and soft terms stop improving) or time runs out."""
        model, rng = self.model, self.rng
        self.load(seat)
        best_seat, best_cost = self.seat.copy(), self.cost
        repeats, hard = self.repeats_and_hard()
        reached = hard == 0 and repeats <= target_repeats
        reached_at = 0
        tabu = np.zeros((model.rounds, model.people, model.tables + 1), dtype=np.int64)
        stall_limit = 400 + 20 * model.people
        last_gain = last_restart = iteration = 0
        while iteration < max_iterations:
            if reached and (not model.has_soft_terms or iteration - reached_at >= soft_steps):
                break
            if iteration % 16 == 0 and time.perf_counter() > deadline:
                break
            iteration += 1
            rows, people = self.conflicts()
            cap = CANDIDATE_CAP
            if rows.size == 0 or reached:
                rows, people = np.nonzero(self.movable)
                cap = SOFT_CANDIDATES if reached else CANDIDATE_CAP
            if rows.size == 0:
                break  # nothing may move
            if rows.size > cap:
                pick = rng.choice(rows.size, cap, replace=False)
                rows, people = rows[pick], people[pick]
            delta = self.swap_deltas(rows, people)
            seat_rows = self.seat[rows]
            table_a = seat_rows[np.arange(rows.size), people]
            is_tabu = (tabu[rows[:, None], people[:, None], seat_rows] > iteration) | (
                tabu[rows, :, table_a] > iteration
            )
            allowed = ~is_tabu | (self.cost + delta < best_cost)
            delta = np.where(allowed, delta, BLOCKED)
            low = delta.min()
            if low >= BLOCKED // 2:
                self._shake(1)
                continue
            choices = np.flatnonzero(delta.ravel() == low)
            i, b = divmod(int(choices[rng.integers(choices.size)]), model.people)
            r, a = int(rows[i]), int(people[i])
            tenure = int(rng.integers(4, 14))
            tabu[r, a, self.seat[r, a]] = iteration + tenure
            tabu[r, b, self.seat[r, b]] = iteration + tenure
            self.swap(r, a, b)
            self.cost += int(low)
            if self.cost < best_cost:
                best_seat, best_cost, last_gain = self.seat.copy(), self.cost, iteration
                if not reached:
                    repeats, hard = self.repeats_and_hard()
                    reached, reached_at = hard == 0 and repeats <= target_repeats, iteration
            elif iteration - max(last_gain, last_restart) > stall_limit:
                # Stalled: go back to the best plan and shake it with a few random swaps.
                self.load(best_seat)
                self._shake(int(rng.integers(2, 2 + max(2, model.people // 8))))
                tabu.fill(0)
                last_restart = iteration
        return SearchResult(seat=best_seat, cost=best_cost, iterations=iteration, reached_target=reached)

    def _shake(self, swaps: int) -> None:
        """Random swaps of movable people; the way out of a plateau."""
        rounds_with_moves = np.flatnonzero(self.movable.sum(axis=1) >= 2)
        for _ in range(swaps):
            if rounds_with_moves.size == 0:
                return
            r = int(rounds_with_moves[self.rng.integers(rounds_with_moves.size)])
            free = np.flatnonzero(self.movable[r])
            a, b = (int(x) for x in self.rng.choice(free, 2, replace=False))
            if self.seat[r, a] != self.seat[r, b]:
                delta = self.swap_deltas(np.array([r]), np.array([a]))[0, b]
                self.swap(r, a, b)
                self.cost += int(delta)
