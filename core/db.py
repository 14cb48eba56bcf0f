"""Helpers for the thread-based async ORM."""

from collections.abc import Awaitable, Callable

from asgiref.sync import sync_to_async
from django.db import transaction


def atomic[**P, R](fn: Callable[P, R]) -> Callable[P, Awaitable[R]]:
    """Run a synchronous ORM function inside one transaction, off the event loop.

    Django 6.1 has no async `atomic()`: a write that spans several statements runs as one sync
    function on the request's database thread (the same thread and connection as the request's
    other async ORM calls), so it commits or rolls back as a whole.
    """
    return sync_to_async(transaction.atomic(fn), thread_sensitive=True)
