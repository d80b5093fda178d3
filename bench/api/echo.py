"""The echo server of bench/run_api.py's cosocket_echo scenario: every byte
a client sends comes back to it at once. One uvloop process, the same for
all three columns, so it costs them all the same.

    python3 bench/api/echo.py PORT
"""
from __future__ import annotations

import asyncio
import sys

import uvloop


class Echo(asyncio.Protocol):
    def connection_made(self, transport) -> None:
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.transport.write(data)


async def serve(port: int) -> None:
    server = await asyncio.get_running_loop().create_server(Echo, "127.0.0.1", port)
    await server.serve_forever()


if __name__ == "__main__":
    uvloop.run(serve(int(sys.argv[1])))
