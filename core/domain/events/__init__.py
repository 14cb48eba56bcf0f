"""Live updates: domain events written to an outbox with the change they describe, published
after commit through the channel layer, and delivered to streams (SSE and WebSocket) that can
resume from any event id still retained.

- `outbox`: writing events inside a transaction, reading them back by id, pruning them.
- `topics`: which events a stream asked for.
- `hub`: this process's side of the channel layer: publishing, and one group membership that
  fans events out to every local stream, in id order, with gaps filled from the outbox.
- `subscription`: one stream's events: the backlog it missed, then the live ones, exactly once.
- `tickets`: short-lived, single-use stream credentials for the browser's `EventSource`.
"""
