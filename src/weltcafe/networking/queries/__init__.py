"""Every read of networking, scoped to the event and filtered by consent: profiles (the consent filters),
contacts, history across meetings, organisations (organisers), who_to_meet (the adapter to `weltcafe.matching`)."""
