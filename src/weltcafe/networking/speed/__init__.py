"""Speed networking (docs/networking.md, "Speed networking"): timed 1:1 or small-group rounds among the
participants who consented, with the app's shape inside: models, forms, access, services, payloads, queries, views.
The grouping is the pure `weltcafe.planning.speed_groups`."""
