"""Every write of the café, one module per area. Each service is keyword-only, owns its transaction and sends its
live events after commit (`cafe.live.broadcast`).

setup: café, topics, tables · seating: the rotation plan · rounds: the room's clock and announcements · ideas:
capture and moderation · attendance: check-in, revoked links, re-seating · links: renewed wall and table links ·
harvest: themes computed from the ideas · themes: people's edits of them · voting: dot votes · drafts: the optional
language-model draft · harvest_events: the harvest's live events.
"""
