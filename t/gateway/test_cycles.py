"""Connections, client and upstream, are freed as soon as they are closed
and nothing uses them, not by a pass of Python's cycle collector: a full
pass walks every object of the worker and pauses every request meanwhile
(~20 ms with the bench conf), and a proxy under load closes connections all
the time (keepalive overflow). In process, with the collector off."""
from __future__ import annotations

import asyncio
import gc
from unittest.mock import Mock
from pathlib import Path

from gateway import config
from gateway.proxy import UpstreamConnection
from gateway.routing import ServerNames
from gateway.server import Connection
from gateway.worker import Worker

CONF = """
daemon off;
master_process off;
error_log logs/error.log error;
events {}
http {
    access_log off;
    server {
        listen 127.0.0.1:1;
        location = /hello { content_by_lua_block { ngx.say("hello") } }
    }
}
"""


def _transport() -> Mock:
    """What a connection writes to; its peer and own address are loopback."""
    transport = Mock()
    transport.get_extra_info.return_value = ("127.0.0.1", 40000)
    return transport


def _without_collector(fn) -> None:
    gc.collect()
    gc.disable()
    try:
        asyncio.run(fn())
    finally:
        gc.enable()


def _alive(kind: type) -> int:
    """Objects of `kind` not freed yet (the collector being off, one in a
    reference cycle stays)."""
    return sum(isinstance(o, kind) for o in gc.get_objects())


def test_a_closed_upstream_connection_is_freed_at_once() -> None:
    async def run() -> None:
        conn = UpstreamConnection()
        conn.connection_made(_transport())
        conn.begin(b"GET / HTTP/1.1\r\nHost: b\r\n\r\n", False)
        conn.data_received(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
        assert conn.status == 200 and conn.take_body() == b"ok"
        conn.connection_lost(None)
        del conn
        assert _alive(UpstreamConnection) == 0

    _without_collector(run)


def test_a_closed_client_connection_is_freed_at_once(tmp_path: Path) -> None:
    (tmp_path / "logs").mkdir()
    (tmp_path / "t.conf").write_text(CONF)
    main = config.load(str(tmp_path / "t.conf"), str(tmp_path))

    async def run() -> None:
        worker = Worker(main)
        server = main.http.servers[0]
        conn = Connection(worker, ServerNames([server], server))
        transport = _transport()
        conn.connection_made(transport)
        conn.data_received(b"GET /hello HTTP/1.1\r\nHost: a\r\n\r\n")
        for _ in range(3):
            await asyncio.sleep(0)      # the request runs in the loop's next turn
        assert transport.write.call_args.args[0].endswith(b"hello\n")
        conn.connection_lost(None)
        del conn
        assert _alive(Connection) == 0
        worker.close()

    _without_collector(run)
