"""Upgrade tripwires: every private framework internal Conduit touches, checked in one place.

Where our code overrides, subclasses or calls something a framework does not document (Django,
Django Ninja, asgiref, Channels, channels-redis, uvicorn), a test here asserts it still exists
with the signature we rely on. Where we replace a method wholesale, the test also pins a
fingerprint of the framework's own version of it (its code without docstring or comments), so an
upgrade that changes it fails here, loudly, instead of silently losing the change in our copy.

When one fails after an upgrade: read the framework's new code, carry the change into ours (the
file each test names), then update the expected signature or fingerprint in that test.

docs/contributing.md ("Framework internals we rely on") lists these tests: it is generated from
this module's test names and docstrings at build time (docs/hooks.py), so keep the first line
of each docstring a sentence naming the internal.
"""

import ast
import hashlib
import inspect
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any


def signature(fn: Callable[..., Any]) -> list[str]:
    """A callable's parameters as written (names, kinds and defaults, without annotations),
    a bare `*` marking where keyword-only parameters start."""
    bare = [
        p.replace(annotation=inspect.Parameter.empty)
        for p in inspect.signature(fn).parameters.values()
    ]
    return str(inspect.Signature(bare)).strip("()").split(", ")


def fingerprint(fn: Callable[..., Any]) -> str:
    """A short digest of a function's code, blind to its docstring, comments and layout."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
    function = tree.body[0]
    assert isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef)
    first = function.body[0]
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
        function.body = function.body[1:] or [ast.Pass()]
    return hashlib.sha256(ast.unparse(function).encode()).hexdigest()[:16]


def changed(what: str, ours: str) -> str:
    return (
        f"{what} changed upstream: review {ours} against the new version, then update this "
        "tripwire (tests/test_tripwires.py)"
    )


# --- Django ------------------------------------------------------------------------------------


def test_asgi_handler_call() -> None:
    """`django.core.handlers.asgi.ASGIHandler.__call__` and `.handle`: `core/edge/handlers.py` replaces both."""
    from django.core.handlers.asgi import ASGIHandler

    assert signature(ASGIHandler.__call__) == ["self", "scope", "receive", "send"]
    assert signature(ASGIHandler.handle) == ["self", "scope", "receive", "send"]
    assert inspect.iscoroutinefunction(ASGIHandler.handle)
    # Ours is Django's with an executor kept per request: any other change must be carried over.
    assert fingerprint(ASGIHandler.__call__) == "7ad2eb1719abf0cb", changed(
        "ASGIHandler.__call__", "core/edge/handlers.py"
    )
    # Ours is Django's without the per-request class and task group (reference cycles).
    assert fingerprint(ASGIHandler.handle) == "9dcabbfa96e9cfca", changed(
        "ASGIHandler.handle", "core/edge/handlers.py"
    )
    for name in ("read_body", "run_get_response", "send_response", "listen_for_disconnect"):
        assert inspect.iscoroutinefunction(getattr(ASGIHandler, name)), name
    assert signature(ASGIHandler.create_request) == ["self", "scope", "body_file"]


def test_thread_sensitive_context_executor() -> None:
    """`asgiref.sync.ThreadSensitiveContext(executor=...)`: `core/edge/handlers.py` lends each request a kept thread."""
    from asgiref.sync import ThreadSensitiveContext

    assert signature(ThreadSensitiveContext.__init__) == ["self", "*", "executor=None"]
    assert hasattr(ThreadSensitiveContext, "__aenter__")
    assert hasattr(ThreadSensitiveContext, "__aexit__")


def test_middleware_mixin_acall() -> None:
    """`django.utils.deprecation.MiddlewareMixin.__acall__`: `core/edge/middleware.py` `InlineHooks` overrides it."""
    from django.utils.deprecation import MiddlewareMixin

    assert signature(MiddlewareMixin.__acall__) == ["self", "request"]
    assert inspect.iscoroutinefunction(MiddlewareMixin.__acall__)
    # `__call__` must still hand over to `__acall__` in async mode, and `__acall__` still be the
    # thread-hopping version that InlineHooks replaces with inline calls.
    assert fingerprint(MiddlewareMixin.__call__) == "6981a01d2ab674cf", changed(
        "MiddlewareMixin.__call__", "core/edge/middleware.py (InlineHooks)"
    )
    assert fingerprint(MiddlewareMixin.__acall__) == "682bb2a2be90fc96", changed(
        "MiddlewareMixin.__acall__", "core/edge/middleware.py (InlineHooks)"
    )


async def test_middleware_mixin_async_mode() -> None:
    """`MiddlewareMixin.async_mode`: an async `get_response` still makes Django's middleware async, so `__acall__` runs."""
    from asgiref.sync import iscoroutinefunction
    from django.http import HttpRequest, HttpResponse, HttpResponseBase

    from core.edge.middleware import CommonMiddleware

    async def get_response(request: HttpRequest) -> HttpResponseBase:
        return HttpResponse(b"ok")

    middleware = CommonMiddleware(get_response)
    assert middleware.async_mode
    assert iscoroutinefunction(middleware)


def test_common_and_security_hooks_stay_inline() -> None:
    """`CommonMiddleware` and `SecurityMiddleware` `process_request`/`process_response`: `core/edge/middleware.py` runs them on the event loop, so they must stay sync and free of I/O."""
    from django.middleware.common import CommonMiddleware
    from django.middleware.security import SecurityMiddleware

    expected = {
        (CommonMiddleware, "process_request"): "d57f8e487730eba2",
        (CommonMiddleware, "process_response"): "99a809a459854f32",
        (SecurityMiddleware, "process_request"): "3a1e15356cce955b",
        (SecurityMiddleware, "process_response"): "2e93981d638faae6",
    }
    for (cls, name), digest in expected.items():
        hook = getattr(cls, name)
        assert not inspect.iscoroutinefunction(hook), f"{cls.__name__}.{name} became async"
        params = (
            ["self", "request"] if name == "process_request" else ["self", "request", "response"]
        )
        assert signature(hook) == params
        assert fingerprint(hook) == digest, changed(
            f"{cls.__name__}.{name}", "core/edge/middleware.py (InlineHooks: no I/O allowed)"
        )


def test_connection_attributes() -> None:
    """`connection.execute_wrappers` and `connection.in_atomic_block`: `core/edge/observability.py` appends its slow-query timer to the first, `core/domain/events/outbox.py` reads the second."""
    from django.db import connection
    from django.db.backends.utils import CursorWrapper

    assert isinstance(connection.execute_wrappers, list)
    assert connection.in_atomic_block is False
    # The cursor still runs every wrapper in that list around each statement.
    execute_with_wrappers = CursorWrapper._execute_with_wrappers  # type: ignore[attr-defined]  # private
    assert "execute_wrappers" in inspect.getsource(execute_with_wrappers)
    assert signature(execute_with_wrappers) == [
        "self", "sql", "params", "many", "executor"
    ]  # fmt: skip


def test_model_from_db() -> None:
    """`Model.from_db(db, field_names, values)`: `core/domain/auth.py` builds the viewer's `User` from a compiled query's row."""
    from django.db.models import Model

    assert signature(Model.from_db)[:3] == ["db", "field_names", "values"]


def test_postgresql_pool_property() -> None:
    """`DatabaseWrapper.pool` (PostgreSQL backend) and psycopg's `ConnectionPool.check()`: `core/domain/db.py` `recheck_pool`."""
    from django.db.backends.postgresql.base import DatabaseWrapper
    from psycopg_pool import ConnectionPool

    assert isinstance(inspect.getattr_static(DatabaseWrapper, "pool"), property)
    assert signature(ConnectionPool.check) == ["self"]


def test_locmem_cache_constructor() -> None:
    """`LocMemCache(name, params)`: `core/domain/ratelimit.py` builds its own fallback counter cache."""
    from django.core.cache.backends.locmem import LocMemCache

    assert signature(LocMemCache.__init__) == ["self", "name", "params"]
    cache = LocMemCache("tripwire", {"OPTIONS": {"MAX_ENTRIES": 10}})
    assert cache.add("hits", 0)
    assert cache.incr("hits") == 1


def test_host_validation_helpers() -> None:
    """`django.http.request.split_domain_port` and `validate_host`: `api/event_socket.py` checks WebSocket origins as Django checks `Host`."""
    from django.http.request import split_domain_port, validate_host

    assert signature(split_domain_port) == ["host"]
    assert signature(validate_host) == ["host", "allowed_hosts"]
    assert split_domain_port("example.com:8000") == ("example.com", "8000")
    assert validate_host("localhost", ["localhost"])
    assert not validate_host("evil.test", ["localhost"])


def test_crypto_helpers() -> None:
    """`django.utils.crypto.salted_hmac(..., algorithm=)` and `constant_time_compare`: `core/domain/auth.py` fingerprints password hashes in tokens."""
    from django.utils.crypto import constant_time_compare, salted_hmac

    assert signature(salted_hmac) == ["key_salt", "value", "secret=None", "*", "algorithm=None"]
    assert signature(constant_time_compare) == ["val1", "val2"]


def test_sync_to_async_single_thread_executor() -> None:
    """`asgiref.sync.SyncToAsync.single_thread_executor`: `tests/conftest.py` closes the connections left on asgiref's shared thread."""
    from concurrent.futures import Executor

    from asgiref.sync import SyncToAsync

    assert isinstance(SyncToAsync.single_thread_executor, Executor)


# --- Django Ninja -------------------------------------------------------------------------------


def test_ninja_validation_error_from_error_contexts() -> None:
    """`NinjaAPI.validation_error_from_error_contexts` and `ValidationErrorContext`: `api/app.py` overrides it to locate errors in the spec's error shape."""
    from ninja import NinjaAPI
    from ninja.errors import ValidationErrorContext
    from ninja.operation import Operation

    assert signature(NinjaAPI.validation_error_from_error_contexts) == ["self", "error_contexts"]
    assert signature(ValidationErrorContext.__init__) == [
        "self",
        "pydantic_validation_error",
        "model",
    ]
    # Ninja still calls it when a request fails validation.
    assert "validation_error_from_error_contexts" in inspect.getsource(Operation)
    assert fingerprint(NinjaAPI.validation_error_from_error_contexts) == "76c40f10fb1974d2", (
        changed("NinjaAPI.validation_error_from_error_contexts", "api/app.py (ConduitAPI)")
    )


def test_ninja_param_model_markers() -> None:
    """`__ninja_flatten_map_reverse__` and `__ninja_param_source__` on Ninja's parameter models: `api/app.py` reads them."""
    from ninja import NinjaAPI, Schema
    from ninja.errors import ValidationError, ValidationErrorContext
    from ninja.testing import TestClient

    seen: dict[str, dict[Any, Any]] = {}

    class Recording(NinjaAPI):
        def validation_error_from_error_contexts(
            self, error_contexts: list[ValidationErrorContext[Any]]
        ) -> ValidationError:
            for context in error_contexts:
                model = context.model
                seen[model.__ninja_param_source__] = model.__ninja_flatten_map_reverse__
            return super().validation_error_from_error_contexts(error_contexts)

    class Thing(Schema):
        name: str

    api = Recording(urls_namespace="tripwire")

    @api.post("/things/{pk}")
    def create(request: Any, pk: int, thing: Thing, page: int = 1) -> None: ...

    response = TestClient(api).post("/things/x?page=y", json={"thing": {}})
    assert response.status_code == 422
    # Every failing source reaches the override, each model with its reverse map.
    assert set(seen) == {"path", "query", "body"}
    assert all(isinstance(reverse_map, dict) for reverse_map in seen.values())
    # Ninja's own locations, which api/app.py rewrites: source first, then the field path.
    locations = {tuple(error["loc"]) for error in response.json()["detail"]}
    assert ("body", "thing", "name") in locations
    assert ("path", "pk") in locations


def test_ninja_openapi_schema_hook() -> None:
    """`NinjaAPI.get_openapi_schema(*, path_prefix, path_params)`: `api/app.py` refines the document Ninja builds."""
    from ninja import NinjaAPI

    assert signature(NinjaAPI.get_openapi_schema) == [
        "self",
        "*",
        "path_prefix=None",
        "path_params=None",
    ]


def test_ninja_redoc_page() -> None:
    """`ninja.openapi.docs.Redoc.template`, `render_page` and its template context: `api/openapi.py` renders `core/config/templates/docs/redoc.html` in its place."""
    import ninja
    from ninja.openapi.docs import Redoc

    assert Redoc.template == "ninja/redoc.html"
    assert signature(Redoc.render_page) == ["self", "request", "api", "**kwargs"]
    assert fingerprint(Redoc.render_page) == "8ef75622060180e1", changed(
        "Redoc.render_page (its template context)", "core/config/templates/docs/redoc.html"
    )
    # Ours is Ninja's template with the inline script moved to a file: keep them in step.
    ninja_templates = Path(ninja.__file__).parent / "templates" / "ninja"
    original = (ninja_templates / "redoc.html").read_bytes()
    assert hashlib.sha256(original).hexdigest()[:16] == "5405e59649c112cc", changed(
        "ninja/redoc.html", "core/config/templates/docs/redoc.html"
    )
    assert (ninja_templates / "favicons.html").is_file()  # our template includes it
    static = Path(ninja.__file__).parent / "static" / "ninja"
    assert (static / "redoc.standalone.js").is_file()


def test_ninja_parser_renderer_and_auth_hooks() -> None:
    """`Parser.parse_body`, `BaseRenderer.render` and `APIKeyHeader.authenticate`: `api/rendering.py` and `api/auth.py` subclass them."""
    from ninja.parser import Parser
    from ninja.renderers import BaseRenderer
    from ninja.security import APIKeyHeader

    assert signature(Parser.parse_body) == ["self", "request"]
    assert signature(BaseRenderer.render) == ["self", "request", "data", "*", "response_status"]
    assert signature(APIKeyHeader.authenticate) == ["self", "request", "key"]
    assert APIKeyHeader.param_name == "key"  # the attribute api/auth.py sets to "Authorization"


# --- Channels and channels-redis ----------------------------------------------------------------


def test_channels_consumer_without_layer() -> None:
    """`AsyncConsumer.channel_layer_alias` and `get_channel_layer(alias)` returning None: `api/event_socket.py` opts out of a channel per socket."""
    from channels.consumer import AsyncConsumer
    from channels.layers import get_channel_layer

    from api.event_socket import EventSocket

    assert get_channel_layer(EventSocket.channel_layer_alias) is None
    assert fingerprint(AsyncConsumer.__call__) == "8462ee3f7788c350", changed(
        "AsyncConsumer.__call__ (joining no layer when the alias has none)", "api/event_socket.py"
    )


def test_channels_websocket_connect() -> None:
    """`AsyncWebsocketConsumer.websocket_connect(message)`: `api/event_socket.py` overrides it to refuse a foreign origin before the handshake."""
    from channels.generic.websocket import AsyncWebsocketConsumer

    assert signature(AsyncWebsocketConsumer.websocket_connect) == ["self", "message"]
    assert fingerprint(AsyncWebsocketConsumer.websocket_connect) == "54df637fab9c3b6f", changed(
        "AsyncWebsocketConsumer.websocket_connect", "api/event_socket.py"
    )


async def test_in_memory_layer_bookkeeping() -> None:
    """`InMemoryChannelLayer.groups` and `.channels`: `tests/events/test_lifecycle.py` reads them to prove a process leaves the group with its last stream."""
    from channels.layers import InMemoryChannelLayer

    layer = InMemoryChannelLayer()
    channel = await layer.new_channel()
    await layer.group_add("tripwire", channel)
    assert channel in layer.groups["tripwire"]
    await layer.send(channel, {"type": "tripwire"})
    assert channel in layer.channels
    await layer.group_discard("tripwire", channel)
    assert "tripwire" not in layer.groups
    await layer.flush()


def test_channels_redis_options() -> None:
    """`RedisChannelLayer(hosts, prefix, group_expiry, capacity)`: `core/config/settings.py` configures them and the hub renews its group within `group_expiry`."""
    from channels_redis.core import RedisChannelLayer

    params = inspect.signature(RedisChannelLayer.__init__).parameters
    assert {"hosts", "prefix", "group_expiry", "capacity"} <= set(params)


# --- uvicorn ------------------------------------------------------------------------------------


def test_uvicorn_loggers_and_options() -> None:
    """uvicorn's logger names and the command-line options the Makefile, bench/ and `tests/live.py` pass it."""
    from uvicorn.config import LOGGING_CONFIG
    from uvicorn.main import main

    # core/config/settings.py gives these loggers the request-id handler.
    assert {"uvicorn", "uvicorn.error", "uvicorn.access"} <= set(LOGGING_CONFIG["loggers"])
    options = {opt for param in main.params for opt in (*param.opts, *param.secondary_opts)}
    used = {
        "--host", "--port", "--loop", "--http", "--lifespan", "--timeout-graceful-shutdown",
        "--backlog", "--no-access-log", "--log-level", "--reload", "--reload-dir",
    }  # fmt: skip
    assert used <= options, used - options
