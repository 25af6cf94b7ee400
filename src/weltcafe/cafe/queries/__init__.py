"""Every read of the café, scoped to one café: its set-up and current round (setup), the plan as the planner sees
it (seating), who sees which tables (viewers), the screens' first state (snapshot), the harvest board (board) and
the dot counts (voting)."""
