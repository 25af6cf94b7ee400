"""Networking at a meeting: profiles with consent, "who to meet", contact exchange, history.

See docs/networking.md ("In the product"). The matching itself is the pure library `weltcafe.matching`.
"""
