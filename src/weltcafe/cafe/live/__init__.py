"""The live plumbing below the services: one payload builder per event type (payloads), the one exit that sends
them after commit (broadcast), the per-worker socket caps (socket_slots) and the links that stand in for a login
(links). Writes live in `cafe.services`, first states in `cafe.queries.snapshot`, the socket in `cafe.consumers`.
"""
