"""The live café: round control, idea capture, moderation, and the events that keep every screen current.

Writes live in services.py and send their events after commit (broadcast.py) with one payload builder per event
type (payloads.py); consumers.py only authenticates, subscribes and forwards.
"""
