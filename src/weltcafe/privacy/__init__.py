"""Personal data: a participant's own export and deletion, and the anonymisation of an event after its retention
period. See docs/privacy.md.
"""
