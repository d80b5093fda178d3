"""The floor of a Python front: httptools parsing each request and a
canned response written back, the least any server on uvloop and httptools
does per request. run_inprocess.py drives it in the process beside
Moongate; run_instructions.py serves it on a port and counts its
instructions beside Moongate's and OpenResty's.

    python bench/floor.py PORT
"""
from __future__ import annotations

import asyncio
import sys

import httptools
import uvloop

RESPONSE = (b"HTTP/1.1 200 OK\r\nServer: floor\r\nContent-Type: text/plain\r\n"
            b"Content-Length: 13\r\nConnection: keep-alive\r\n\r\nhello, world\n")


class Floor(asyncio.Protocol):
    """Parse with httptools, answer a fixed response."""

    def connection_made(self, transport) -> None:
        self.transport = transport
        self.parser = httptools.HttpRequestParser(self)

    def data_received(self, data: bytes) -> None:
        self.parser.feed_data(data)

    def on_message_complete(self) -> None:
        self.transport.write(RESPONSE)


async def serve(port: int) -> None:
    await asyncio.get_running_loop().create_server(Floor, "127.0.0.1", port)
    await asyncio.Future()


if __name__ == "__main__":
    uvloop.run(serve(int(sys.argv[1])))
