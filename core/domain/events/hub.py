"""This process's side of the channel layer.

Publishing: an event is handed over (after its commit) to `publish`, which sends it to one
group, `conduit.events`, from a background task in id order.

Fan-out: however many streams a process holds, it is one member of that group: its `Hub`
joins while it has at least one subscriber and leaves with the last one. The hub delivers each
event to the subscribers whose topics it routes to (a dict lookup per routing key), in id
order and exactly once: an event at or below the last id it delivered is a duplicate, and an
event above the next id means some may not have arrived yet (published by another process, or
dropped while the layer failed); the hub then reads them from the outbox (core.domain.events.outbox:
ids commit in order) before delivering it. A rolled-back write leaves a permanent gap, which
costs one such read.

If the channel layer fails (Redis down), every stream ends with a retry hint; streams that
reconnect resume from the outbox once the layer works again.

Revocation: a stream opened with a token ends when that token stops being current
(core.domain.auth.token_current) or a moderator suspends its user. A password change or a
suspension sends `conduit.revoke` for its user through the same group, and each hub re-checks
that user's streams at once (ending them as revoked or suspended); every
EVENTS_AUTH_RECHECK_SECONDS a hub also re-checks all its streams' users, which catches what no
message announced (a user deleted, a message lost while the layer failed).
"""

import asyncio
import logging
import weakref
from collections import defaultdict
from typing import Any

from channels.layers import BaseChannelLayer, get_channel_layer
from django.conf import settings

from core.domain.auth import SUSPENDED, TokenState, Viewer, token_current, token_states
from core.domain.db import closing_connections
from core.domain.events import outbox
from core.domain.events.outbox import Envelope
from core.domain.events.routing import FOLLOWED, author_key, changes_follows, event_keys

logger = logging.getLogger("conduit.events")

GROUP = "conduit.events"


class LayerUnavailable(Exception):
    """The channel layer cannot be reached: streams cannot start (503)."""


def channel_layer() -> BaseChannelLayer:
    layer = get_channel_layer()
    if layer is None:
        raise LayerUnavailable("no channel layer is configured")
    return layer


# --- Publishing -------------------------------------------------------------------------------


class _Publisher:
    def __init__(self) -> None:
        self.queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.task = asyncio.get_running_loop().create_task(self._send_all())

    async def _send_all(self) -> None:
        while True:
            message = await self.queue.get()
            try:
                await channel_layer().group_send(GROUP, message)
            except Exception:  # streams catch up from the outbox (Hub._deliver), revocations
                # at the next periodic re-check (Hub._recheck_every)
                logger.warning("%s not published", message.get("type"), exc_info=True)


_publishers: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Publisher]" = (
    weakref.WeakKeyDictionary()
)


def _send(message: dict[str, Any]) -> None:
    loop = asyncio.get_running_loop()
    publisher = _publishers.get(loop)
    if publisher is None or publisher.task.done():
        publisher = _publishers[loop] = _Publisher()
    publisher.queue.put_nowait(message)


def publish(envelope: Envelope) -> None:
    """Send a committed event to every process's hub (call it on the event loop)."""
    _send(envelope.message())


REVOKE = "conduit.revoke"


def tokens_revoked(user_id: int) -> None:
    """Tell every process's hub that some of this user's tokens stopped being current, or that
    a moderator suspended them (after the commit; call it on the event loop): their streams
    re-check and end those revoked."""
    _send({"type": REVOKE, "user": user_id})


# --- Fan-out ----------------------------------------------------------------------------------


class Subscriber:
    """One stream's mailbox. The hub fills it; the stream (core.domain.events.subscription) drains it."""

    CLOSED: Any = object()  # the sentinel that ends a stream
    REVOKED = "the token was revoked"
    SUSPENDED = "the account is suspended"

    def __init__(self, *, user_id: int | None, feed: bool, viewer: Viewer | None = None) -> None:
        self.user_id = user_id
        self.viewer = viewer  # the token that opened the stream, re-checked while it is open
        self.feed = feed
        self.following: set[int] = set()
        self.keys: set[str] = set()
        self.queue: asyncio.Queue[Envelope | object] = asyncio.Queue()
        self.closed_because: str | None = None

    def deliver(self, envelope: Envelope) -> None:
        if self.closed_because is not None:
            return
        if self.queue.qsize() >= settings.EVENTS_SUBSCRIBER_BUFFER:
            # A client that does not read: end its stream; it resumes from the outbox.
            self.close("the client fell behind")
            return
        self.queue.put_nowait(envelope)

    def close(self, reason: str) -> None:
        if self.closed_because is None:
            self.closed_because = reason
            self.queue.put_nowait(self.CLOSED)


class Hub:
    def __init__(self) -> None:
        self.index: defaultdict[str, set[Subscriber]] = defaultdict(set)
        self.subscribers: set[Subscriber] = set()
        self.channel: str | None = None
        self.cursor = 0  # the last event id delivered
        self.tasks: list[asyncio.Task[None]] = []
        self.checks: set[asyncio.Task[None]] = set()  # revocation re-checks under way
        self.lock = asyncio.Lock()

    # Subscribers and their keys.

    async def join(self, subscriber: Subscriber, keys: set[str]) -> None:
        async with self.lock:
            if self.channel is None:
                await self._start()
            self.subscribers.add(subscriber)
            for key in keys:
                self.add_key(subscriber, key)

    async def leave(self, subscriber: Subscriber) -> None:
        async with self.lock:
            for key in list(subscriber.keys):
                self.remove_key(subscriber, key)
            self.subscribers.discard(subscriber)
            if not self.subscribers and self.channel is not None:
                await self._stop()

    async def drain(self, reason: str) -> None:
        """End every stream (each says why and when to reconnect) and leave the group: this
        process is stopping, its clients resume on another."""
        async with self.lock:
            for subscriber in list(self.subscribers):
                subscriber.close(reason)
            if self.channel is not None:
                await self._stop()

    def add_key(self, subscriber: Subscriber, key: str) -> None:
        self.index[key].add(subscriber)
        subscriber.keys.add(key)

    def remove_key(self, subscriber: Subscriber, key: str) -> None:
        members = self.index.get(key)
        if members is not None:
            members.discard(subscriber)
            if not members:
                del self.index[key]
        subscriber.keys.discard(key)

    # Membership of the group.

    async def _start(self) -> None:
        layer = channel_layer()
        try:
            self.channel = await layer.new_channel()
            await layer.group_add(GROUP, self.channel)
            # From here on every commit reaches us; anything before is in the outbox.
            self.cursor = await closing_connections(outbox.newest_id)()
        except Exception as exc:
            await self._stop()  # leave the group if we got that far
            raise LayerUnavailable(str(exc)) from exc
        loop = asyncio.get_running_loop()
        self.tasks = [
            loop.create_task(self._receive(self.channel)),
            loop.create_task(self._stay_in_group(self.channel)),
            loop.create_task(self._recheck_every(settings.EVENTS_AUTH_RECHECK_SECONDS)),
        ]

    async def _stop(self) -> None:
        channel, self.channel = self.channel, None
        for task in self.tasks:
            task.cancel()
        self.tasks = []
        if channel is not None:
            try:
                await channel_layer().group_discard(GROUP, channel)
            except Exception:  # the layer is down: the membership expires by itself
                logger.warning("could not leave the events group", exc_info=True)

    async def _stay_in_group(self, channel: str) -> None:
        # channels-redis forgets a member after `group_expiry` seconds (so a crashed process
        # stops getting messages): renew well before.
        while True:
            await asyncio.sleep(settings.EVENTS_GROUP_RENEW_SECONDS)
            try:
                await channel_layer().group_add(GROUP, channel)
            except Exception:
                logger.warning("could not renew the events group membership", exc_info=True)

    async def _receive(self, channel: str) -> None:
        layer = channel_layer()
        try:
            while True:
                message = await layer.receive(channel)
                if message.get("type") == "conduit.event":
                    await self._deliver(Envelope.from_message(message))
                elif message.get("type") == REVOKE and isinstance(message.get("user"), int):
                    # In a task of its own: a database read must not hold up delivery.
                    self._spawn(self._recheck({message["user"]}))
        except asyncio.CancelledError:
            raise
        except Exception:
            logger.warning("the channel layer failed: ending every stream", exc_info=True)
            await self._fail("the event bus is unavailable")

    # Revocation.

    def _spawn(self, work: Any) -> None:
        task = asyncio.get_running_loop().create_task(work)
        self.checks.add(task)
        task.add_done_callback(self.checks.discard)

    async def _recheck_every(self, seconds: float) -> None:
        while True:
            await asyncio.sleep(seconds)
            users = {s.viewer.id for s in self.subscribers if s.viewer is not None}
            if users:
                await self._recheck(users)

    async def _recheck(self, user_ids: set[int]) -> None:
        """End the streams of these users whose token is no longer current."""
        watched = [s for s in self.subscribers if s.viewer is not None and s.viewer.id in user_ids]
        if not watched:
            return
        try:
            states = await closing_connections(token_states)(user_ids)
        except Exception:  # the database is down: the next re-check tries again
            logger.warning("could not re-check the tokens of open streams", exc_info=True)
            return
        for subscriber in watched:
            viewer = subscriber.viewer
            if viewer is None:
                continue
            state = states.get(viewer.id)
            if state == SUSPENDED:
                subscriber.close(Subscriber.SUSPENDED)
            elif not token_current(viewer, state if isinstance(state, TokenState) else None):
                subscriber.close(Subscriber.REVOKED)

    async def _fail(self, reason: str) -> None:
        async with self.lock:
            for subscriber in list(self.subscribers):
                subscriber.close(reason)
            if self.channel is not None:
                # Our own task: do not cancel it from inside.
                current = asyncio.current_task()
                self.tasks = [task for task in self.tasks if task is not current]
                await self._stop()

    # Delivery, in id order, each event once.

    async def _deliver(self, envelope: Envelope) -> None:
        if envelope.id <= self.cursor:
            return  # already delivered (it was read from the outbox to fill a gap)
        if envelope.id > self.cursor + 1:
            await self._fill_gap(envelope)
            if envelope.id <= self.cursor:
                return
        self._dispatch(envelope)

    async def _fill_gap(self, envelope: Envelope) -> None:
        try:
            while True:
                missed = await closing_connections(outbox.after)(self.cursor)
                for event in missed:
                    self._dispatch(event)
                if len(missed) < outbox.BATCH or self.cursor >= envelope.id:
                    return
        except Exception:  # the database is down: deliver what we have; streams resume later
            logger.warning("could not read missed events from the outbox", exc_info=True)

    def _dispatch(self, envelope: Envelope) -> None:
        self.cursor = envelope.id
        targets: set[Subscriber] = set()
        for key in event_keys(envelope):
            targets.update(self.index.get(key, ()))
        if changes_follows(envelope):
            # Feeds change with follows, before any later event is routed.
            for subscriber in targets:
                if subscriber.feed:
                    self._follow(subscriber, envelope)
        for subscriber in targets:
            subscriber.deliver(envelope)

    def _follow(self, subscriber: Subscriber, envelope: Envelope) -> None:
        followee = envelope.author_id
        if followee is None:
            return
        if envelope.name == FOLLOWED:
            subscriber.following.add(followee)
            self.add_key(subscriber, author_key(followee))
        else:
            subscriber.following.discard(followee)
            self.remove_key(subscriber, author_key(followee))


_hubs: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Hub]" = weakref.WeakKeyDictionary()


def hub() -> Hub:
    """This process's hub (one per event loop)."""
    loop = asyncio.get_running_loop()
    found = _hubs.get(loop)
    if found is None:
        found = _hubs[loop] = Hub()
    return found
