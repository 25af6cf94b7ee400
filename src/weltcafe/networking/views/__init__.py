"""Networking pages, one module per screen area: phone (the hub, profile, meetings), contacts (requests, answers,
cards, notes, the scanned badge's prompt), badge (the page a badge's QR code opens), organisations (organisers)."""
