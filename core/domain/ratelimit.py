"""Abuse limits: fixed-window request counters in Django's cache.

The counters live in the `default` cache: Redis when `REDIS_URL` is set (shared by every worker),
this process's memory otherwise. When Redis fails, the limits do not switch off: the counters
fall back to this process's memory (so each worker enforces the limits on its own) for
`RATE_LIMIT_CACHE_RETRY_SECONDS`, then Redis is tried again. REST keeps working either way.

A limit is "N/S": at most N hits per S-second window. An empty value, "0" or "off" disables it.

Exact under concurrency: a hit is one atomic increment (Redis INCR, or the memory cache's lock)
whose result decides, so N requests in flight can never all read "N-1" and all pass. Work that
is expensive, or whose count depends on its outcome (a password check that may succeed), first
`reserve`s its slot and `give_back`s it when the outcome is not to be counted: the slot is held
while the work runs, so at most N such pieces of work run or have run in a window, whatever
the parallelism, on one worker or many sharing Redis.
"""

import hashlib
import ipaddress
import logging
import math
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.cache import BaseCache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from django.http import HttpRequest
from redis.exceptions import RedisError

from core.domain.limits import Rate

logger = logging.getLogger("conduit.ratelimit")


class RateLimited(Exception):
    """Too many requests: come back in `retry_after` seconds (429)."""

    def __init__(self, scope: str, retry_after: int) -> None:
        super().__init__(scope, retry_after)
        self.scope = scope
        self.retry_after = retry_after

    @property
    def errors(self) -> dict[str, list[str]]:
        """The response body's errors."""
        return {"rate": [f"too many requests, retry in {self.retry_after} s"]}


class _Counters:
    """Window counters in the configured cache, or in local memory while that cache fails."""

    def __init__(self) -> None:
        self._fallback = LocMemCache(
            "conduit-ratelimit-fallback", {"OPTIONS": {"MAX_ENTRIES": 100_000}}
        )
        self._shared_down_until = 0.0

    @property
    def degraded(self) -> bool:
        """True while the counters are local because the shared cache failed."""
        return time.monotonic() < self._shared_down_until

    async def incr(self, key: str, ttl: int, amount: int = 1) -> int:
        return await self._run(_incr, key, ttl, amount)

    async def decr(self, key: str, amount: int = 1) -> int:
        return await self._run(_decr, key, amount)

    async def get(self, key: str) -> int:
        return await self._run(_get, key)

    async def set(self, key: str, ttl: int) -> int:
        return await self._run(_set, key, ttl)

    async def _run(self, op: Callable[..., int], *args: object) -> int:
        cache = caches["default"]
        if not self.degraded:
            if isinstance(cache, LocMemCache):
                return op(cache, *args)  # memory only: no I/O, so no thread hop
            try:
                return await sync_to_async(op, thread_sensitive=False)(cache, *args)
            except (RedisError, OSError) as exc:
                retry = settings.RATE_LIMIT_CACHE_RETRY_SECONDS
                self._shared_down_until = time.monotonic() + retry
                logger.warning(
                    "rate-limit cache unavailable (%s); counting in local memory for %s s",
                    exc.__class__.__name__,
                    retry,
                )
        return op(self._fallback, *args)

    def clear_local(self) -> None:
        self._fallback.clear()
        self._shared_down_until = 0.0


# One round trip on Redis: increment, and start the window's expiry on its first hit.
_INCR_SCRIPT = """
local count = redis.call('INCRBY', KEYS[1], ARGV[1])
if count == tonumber(ARGV[1]) then redis.call('EXPIRE', KEYS[1], ARGV[2]) end
return count
"""


def _incr(cache: BaseCache, key: str, ttl: int, amount: int) -> int:
    if isinstance(cache, RedisCache):
        # Django's cache API takes three round trips (add, exists, incr); the script one.
        # Private: RedisCache._cache.get_client (tripwire in tests/api/test_abuse_limits.py).
        client = cache._cache.get_client(key, write=True)
        script = client.register_script(_INCR_SCRIPT)
        return int(script(keys=[cache.make_and_validate_key(key)], args=[amount, ttl]))
    # add() only creates a missing key, so the window's expiry is set once, by its first hit.
    if cache.add(key, amount, ttl):
        return amount
    try:
        return cache.incr(key, amount)
    except ValueError:  # expired between add() and incr()
        cache.add(key, amount, ttl)
        return amount


_DECR_SCRIPT = """
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
return redis.call('DECRBY', KEYS[1], ARGV[1])
"""


def _decr(cache: BaseCache, key: str, amount: int) -> int:
    if isinstance(cache, RedisCache):  # one round trip, as _incr
        client = cache._cache.get_client(key, write=True)
        script = client.register_script(_DECR_SCRIPT)
        return int(script(keys=[cache.make_and_validate_key(key)], args=[amount]))
    try:
        return cache.decr(key, amount)
    except ValueError:  # the window ended meanwhile: nothing left to give back
        return 0


def _set(cache: BaseCache, key: str, ttl: int) -> int:
    cache.set(key, 1, ttl)
    return 1


def _get(cache: BaseCache, key: str) -> int:
    value = cache.get(key, 0)
    return value if isinstance(value, int) else 0


counters = _Counters()


def _window(rate: Rate, now: float) -> tuple[int, int]:
    """The current window's number and the whole seconds until it ends (at least 1)."""
    window = int(now // rate.period)
    return window, max(1, math.ceil((window + 1) * rate.period - now))


def _key(scope: str, identity: str, window: int) -> str:
    # Hashed: identities are e-mail addresses and IPs, which have no business in cache keys.
    digest = hashlib.blake2b(identity.encode(), digest_size=12).hexdigest()
    return f"rl:{scope}:{digest}:{window}"


async def hit(scope: str, identity: str, rate: Rate | None) -> None:
    """Count one hit against `identity`; `RateLimited` once the window's allowance is spent."""
    if rate is None:
        return
    window, retry_after = _window(rate, time.time())
    count = await counters.incr(_key(scope, identity, window), rate.period + 1)
    if count > rate.limit:
        raise RateLimited(scope, retry_after)


@dataclass(slots=True)
class Slot:
    """Allowance held by `reserve`: kept (counted) unless given back."""

    keys: list[tuple[str, int]] = field(default_factory=list)

    async def give_back(self) -> None:
        """Return the allowance: the outcome is not one the limit counts. Idempotent."""
        keys, self.keys = self.keys, []
        for key, amount in keys:
            await counters.decr(key, amount)


type Budget = tuple[str, str, Rate | None]  # scope, identity, rate


async def reserve(budgets: Iterable[Budget], amount: int = 1) -> Slot:
    """Take `amount` from each budget's current window before the work it guards.

    `RateLimited` (with nothing taken) if any budget lacks it: the increment is atomic, so
    however many requests race, at most `rate.limit` are admitted per window.
    """
    slot = Slot()
    for scope, identity, rate in budgets:
        if rate is None:
            continue
        window, retry_after = _window(rate, time.time())
        key = _key(scope, identity, window)
        count = await counters.incr(key, rate.period + 1, amount)
        slot.keys.append((key, amount))
        if count > rate.limit:
            await slot.give_back()  # refused attempts do not count: the budget stays exact
            raise RateLimited(scope, retry_after)
    return slot


async def remember(scope: str, identity: str, seconds: int) -> None:
    """Note a fact about `identity` for `seconds` (e.g. an address an account signed in from)."""
    await counters.set(_key(scope, identity, 0), seconds)


async def remembered(scope: str, identity: str) -> bool:
    """Whether `remember(scope, identity, …)` was called within its time."""
    return await counters.get(_key(scope, identity, 0)) > 0


async def check(scope: str, identity: str, rate: Rate | None) -> None:
    """`RateLimited` if `identity` has spent this window's allowance, without counting a hit."""
    if rate is None:
        return
    window, retry_after = _window(rate, time.time())
    if await counters.get(_key(scope, identity, window)) >= rate.limit:
        raise RateLimited(scope, retry_after)


def client_id(request: HttpRequest) -> str:
    """Who is calling, for per-client limits: their IP address (an IPv6 /64 counts as one).

    Behind `TRUSTED_PROXY_COUNT` proxies the address is read from X-Forwarded-For, counting from
    the right: entries further left were written by the client and cannot be trusted.
    """
    return client_of(
        request.META.get("REMOTE_ADDR") or "", request.META.get("HTTP_X_FORWARDED_FOR", "")
    )


def client_of(address: str, forwarded_for: str) -> str:
    """`client_id` from the peer's address and the X-Forwarded-For header (for ASGI apps that
    Django does not see: the event streams)."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [part.strip() for part in forwarded_for.split(",") if part.strip()]
        if forwarded:
            address = forwarded[-min(proxies, len(forwarded))]
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address or "unknown"
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)
