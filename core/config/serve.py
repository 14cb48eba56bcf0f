"""The production server: `make serve`, or `python -m core.config.serve [--host H --port P |
--uds PATH] [--workers N]` (docs/deploy.md).

uvicorn's own supervisor runs `WORKERS` processes on one listening socket. It is the process
manager the uvicorn project maintains for exactly this: workers are health-checked and replaced
when they die, SIGHUP replaces them one at a time (each new worker serves before the old one
stops, and the shared socket keeps accepting throughout, so nothing is refused), SIGTTIN/SIGTTOU
add or remove one, SIGTERM stops them all gracefully. Gunicorn with uvicorn's worker class does
the same with one more dependency and a second configuration language.

Each worker runs with the lifespan protocol on (core/edge/lifespan.py: on SIGTERM open streams end
with their retry line at once and leave the channel layer's group; requests in flight get
SHUTDOWN_GRACE_SECONDS), WebSocket messages above EVENTS_WS_MAX_MESSAGE_BYTES refused from the
frame header, before they are read, and uvicorn's proxy-header rewriting off: the client address
is read from X-Forwarded-For in one place, by hop count (TRUSTED_PROXY_COUNT, core/domain/ratelimit.
client_of). uvicorn's own rewriting trusts any listed peer address (127.0.0.1 by default) and
would hand the app a client chosen by whoever connects from loopback.

Not to be exposed directly: nginx (deploy/nginx.conf) bounds headers, bodies, slow clients and
connections per address before anything reaches a worker.
"""

import argparse
import os

import uvicorn
from uvicorn.supervisors import Multiprocess

APP = "core.config.asgi:application"


def config(args: argparse.Namespace) -> uvicorn.Config:
    # The settings are read (and production's refusals raised) here, in the supervisor, before
    # any worker starts; each worker reads them again when it imports the app.
    from django.conf import settings

    return uvicorn.Config(
        APP,
        host=args.host,
        port=args.port,
        uds=args.uds,
        workers=args.workers or settings.WORKERS,
        loop="uvloop",
        http="httptools",
        ws="auto",  # websockets (sans-I/O): checks the frame length before reading the payload
        ws_max_size=settings.EVENTS_WS_MAX_MESSAGE_BYTES,
        lifespan="on",
        proxy_headers=False,
        server_header=False,
        timeout_graceful_shutdown=int(settings.SHUTDOWN_GRACE_SECONDS),
        timeout_keep_alive=5,
        # A new worker imports Django and the app: seconds, more on a busy host. A rolling
        # restart keeps the old worker (and stops) if the new one is not serving by then.
        timeout_worker_healthcheck=60,
        # What decides is Django's LOGGING: uvicorn logs access whenever its logger has a handler.
        access_log=settings.ACCESS_LOG,
        log_config=None,  # Django's LOGGING configures uvicorn's loggers (one format, request ids)
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument("--uds", default=os.environ.get("UDS") or None, help="a Unix socket")
    parser.add_argument("--workers", type=int, default=0, help="default: WORKERS (cores)")
    parser.add_argument(
        "--no-access-log", dest="access_log", action="store_false", help="ACCESS_LOG=off"
    )
    args = parser.parse_args(argv)
    if not args.access_log:  # read by the settings, here and in each worker (spawned after)
        os.environ["ACCESS_LOG"] = "off"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "core.config.settings")
    import django

    django.setup()
    server_config = config(args)
    # Always the supervisor, one worker included: SIGHUP then restarts it without a gap.
    Multiprocess(server_config, sockets=[server_config.bind_socket()]).run()


if __name__ == "__main__":
    main()
