"""Networking at a meeting (issue #7): profiles with consent, "who to meet", contact exchange, history.

See docs/networking.md ("In the product"). The matching itself is the pure library `weltcafe.matching`.
"""
