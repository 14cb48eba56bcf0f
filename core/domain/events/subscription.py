"""One stream's events: what it missed since `last_id` (from the outbox), then the live ones.

`open` joins the hub first and reads the backlog after, so an event committed meanwhile is in
both: the stream's cursor (the last id it sent) drops the second copy. The hub delivers in id
order and the outbox returns in id order, so comparing with the cursor is all it takes to send
each event once and none out of order.

A `last_id` older than the retention window (events after it were pruned), or ahead of the
newest event (from before the database was restored or recreated), cannot be resumed: the
stream starts with a `reset` event carrying the newest id and the reason, so the client reloads
its data and continues from there.
"""

import asyncio
from collections import deque
from dataclasses import dataclass

from core.domain.auth import Viewer
from core.domain.db import closing_connections
from core.domain.events import outbox
from core.domain.events.hub import Hub, Subscriber, hub
from core.domain.events.outbox import Envelope, render
from core.domain.events.payloads import StreamReset
from core.domain.events.topics import Topics
from core.domain.models import Follow

_BATCH = 500
# Why a stream starts with a `reset` (the client reloads its data, then continues from its id).
NOT_KEPT = "events since then are not kept"
AHEAD = "this id is ahead of the newest event (the server's events were reset)"


@dataclass(frozen=True, slots=True)
class Reset:
    id: int
    reason: str

    @property
    def name(self) -> str:
        return "reset"

    @property
    def data(self) -> str:
        return render(StreamReset(self.reason))


type Frame = Envelope | Reset


class StreamEnded(Exception):
    """The server ends this stream (the client should reconnect and resume)."""


class TokenRevoked(StreamEnded):
    """The token that opened this stream is no longer current (core.domain.auth.token_current)."""


def _following(user_id: int) -> set[int]:
    return set(Follow.objects.filter(follower_id=user_id).values_list("followee_id", flat=True))


class Subscription:
    def __init__(self, topics: Topics, *, viewer: Viewer | None, cursor: int = 0) -> None:
        if topics.needs_auth and viewer is None:
            raise ValueError("the feed and user topics need a user")
        self.topics = topics
        self.user_id = viewer.id if viewer is not None else None
        self.cursor = cursor
        self.subscriber = Subscriber(user_id=self.user_id, feed=topics.feed, viewer=viewer)
        self._hub: Hub | None = None
        self._backlog: deque[Frame] = deque()
        self._more_backlog = False

    async def open(self, last_id: int | None) -> None:
        """Start receiving; with `last_id`, first everything after it on these topics."""
        self._hub = hub()
        keys = self._keys()
        await self._hub.join(self.subscriber, keys)
        if self.topics.feed and self.user_id is not None:
            # After joining, so a follow committed meanwhile is either in this read or routed
            # by the hub (which updates `following` itself from then on).
            following = await closing_connections(_following)(self.user_id)
            self.subscriber.following |= following
            for followee in following:
                self._hub.add_key(self.subscriber, f"author:{followee}")
        if last_id is not None:
            await self._start_backlog(last_id)
        else:
            # From now on: the hub has delivered everything up to its cursor to others.
            self.cursor = max(self.cursor, self._hub.cursor)

    def _keys(self) -> set[str]:
        keys = {f"slug:{slug}" for slug in self.topics.slugs}
        if self.topics.articles:
            keys.add("articles")
        if self.user_id is not None and (self.topics.user or self.topics.feed):
            keys.add(f"user:{self.user_id}")
        return keys

    async def _start_backlog(self, last_id: int) -> None:
        oldest, newest = await closing_connections(outbox.id_range)()
        # Pruning keeps the newest event, so an empty outbox has never had one.
        if last_id > (newest or 0):
            # No stream ever sent this id: it comes from another history of this server (a
            # restored or recreated database). The client's data may hold what no longer is.
            self.cursor = newest or 0
            self._backlog.append(Reset(id=self.cursor, reason=AHEAD))
            return
        if oldest is not None and last_id < oldest - 1:
            self.cursor = newest or 0
            self._backlog.append(Reset(id=self.cursor, reason=NOT_KEPT))
            return
        self.cursor = max(self.cursor, last_id)
        await self._fill_backlog()

    async def _fill_backlog(self) -> None:
        feed_of = self.user_id if self.topics.feed else None
        events = await closing_connections(outbox.after)(
            self.cursor,
            articles=self.topics.articles,
            slugs=self.topics.slugs,
            feed_of=feed_of,
            user=self.user_id if self.topics.user else None,
            limit=_BATCH,
        )
        self._backlog.extend(events)
        self._more_backlog = len(events) == _BATCH

    async def next(self, wait: float) -> Frame | None:
        """The next frame to send; None when none came within `wait` seconds (time for a
        heartbeat).

        Raises `StreamEnded` when the server ends the stream.
        """
        while True:
            if self._backlog:
                frame = self._backlog.popleft()
                if isinstance(frame, Envelope):
                    self.cursor = frame.id
                return frame
            if self._more_backlog:
                await self._fill_backlog()
                continue
            try:
                item = await asyncio.wait_for(self.subscriber.queue.get(), wait)
            except TimeoutError:
                return None
            if item is Subscriber.CLOSED:
                if self.subscriber.closed_because == Subscriber.REVOKED:
                    raise TokenRevoked(Subscriber.REVOKED)
                raise StreamEnded(self.subscriber.closed_because or "closed")
            if not isinstance(item, Envelope):
                continue
            if item.id <= self.cursor or not self.wants(item):
                continue
            self.cursor = item.id
            return item

    def wants(self, envelope: Envelope) -> bool:
        """Whether this stream's topics include the event (the hub routes a superset)."""
        topics = self.topics
        if envelope.recipient_id is not None:
            return topics.user and envelope.recipient_id == self.user_id
        if topics.articles:
            return True
        if envelope.slug in topics.slugs or envelope.previous_slug in topics.slugs:
            return True
        return (
            topics.feed
            and envelope.name == "article.created"
            and envelope.author_id in self.subscriber.following
        )

    async def close(self) -> None:
        if self._hub is not None:
            await self._hub.leave(self.subscriber)
            self._hub = None
