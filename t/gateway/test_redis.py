"""t/lua/redis.lua, a Redis client written in Lua on cosockets, against a
real redis-server (Debian's) that the module starts on a free port: the
RESP replies of every kind, pipelining, keep-alive across requests,
binary-safe and large values, timeouts."""
from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from nginx_blocks import REPO, free_port
from test_cosocket import RUN_LUA, Gateway

REDIS = shutil.which("redis-server") or "/usr/bin/redis-server"
pytestmark = pytest.mark.skipif(not Path(REDIS).exists(),
                                reason="redis-server is not installed (Debian: apt-get install "
                                       "redis-server)")

CONF = f"""daemon off;
master_process off;
error_log logs/error.log info;
events {{}}
http {{
    lua_package_path "{REPO}/t/lua/?.lua;;";
    server {{
        listen 127.0.0.1:{{port}};
        location = /lua {{
            {RUN_LUA}
        }}
    }}
}}
"""
# Each test's code starts with a connected client, `red`.
PRELUDE = """
local redis = require "redis"
local red = assert(redis.new())
red:set_timeout(1000)
assert(red:connect("127.0.0.1", {port}))
"""


@pytest.fixture(scope="module")
def redis_port():
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="mg-redis-") as d:
        proc = subprocess.Popen([REDIS, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                 "--appendonly", "no", "--dir", d],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 10
            while True:
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                        s.sendall(b"PING\r\n")
                        if s.recv(100).startswith(b"+PONG"):
                            break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    raise AssertionError("redis-server did not start")
                time.sleep(0.05)
            yield port
        finally:
            proc.terminate()
            proc.wait(timeout=10)


@pytest.fixture(scope="module")
def gw():
    with tempfile.TemporaryDirectory(prefix="mg-redis-gw-") as prefix:
        g = Gateway(Path(prefix), CONF)
        try:
            yield g
        finally:
            g.stop()


def run(gw: Gateway, port: int, code: str) -> str:
    return gw.run(PRELUDE + code, port=port)


def test_replies_of_every_kind(gw, redis_port):
    body = run(gw, redis_port, """
        ngx.say(red:flushdb())
        ngx.say(red:set("dog", "an animal"))
        ngx.say(red:get("dog"))
        ngx.say(red:get("nokey") == ngx.null)
        ngx.say(red:incr("counter"), " ", red:incrby("counter", 41))
        ngx.say(red:del("dog", "nokey"))
        local ok, err = red:hset("dog")
        ngx.say(ok, " ", err)
        red:rpush("list", "a", "b", "c")
        ngx.say(table.concat(red:lrange("list", 0, -1), ","))
        local values = red:mget("counter", "nokey", "list")
        ngx.say(values[1], " ", values[2] == ngx.null, " ")
        local mixed = red:eval("return {1, redis.error_reply('inner')}", 0)
        ngx.say(mixed[1], " ", mixed[2][1], " ", mixed[2][2])
    """)
    lines = body.splitlines()
    assert lines[:6] == ["OK", "OK", "an animal", "true", "1 42", "1"]
    assert lines[6] == "false ERR wrong number of arguments for 'hset' command"
    assert lines[7:9] == ["a,b,c", "42 true "]
    assert lines[9] == "1 false ERR inner"      # an error inside an array: {false, err}


def test_binary_safe_and_large_values(gw, redis_port):
    body = run(gw, redis_port, """
        local value = "a\\r\\nb\\0c" .. string.rep("0123456789", 100000)
        ngx.say(red:set("big", value))
        local got = red:get("big")
        ngx.say(#got, " ", got == value)
        ngx.say(red:strlen("big"))
    """)
    assert body == "OK\n1000006 true\n1000006\n"


def test_pipelining(gw, redis_port):
    body = run(gw, redis_port, """
        red:init_pipeline()
        red:set("p1", "one")
        red:set("p2", "two")
        red:get("p1")
        red:get("p2")
        red:hget("p1", "field")
        local replies = assert(red:commit_pipeline())
        ngx.say(#replies, " ", replies[1], " ", replies[2], " ", replies[3], " ", replies[4])
        ngx.say(replies[5][1], " ", replies[5][2])
    """)
    assert body == ("5 OK OK one two\n"
                    "false WRONGTYPE Operation against a key holding the wrong kind of value\n")


def test_connections_are_kept_alive_between_requests(gw, redis_port):
    code = """
        ngx.say(red:get_reused_times(), " ", red:client("id"))
        assert(red:set_keepalive(10000, 10))
    """
    first = run(gw, redis_port, code).split()
    second = run(gw, redis_port, code).split()
    assert int(second[0]) == int(first[0]) + 1
    assert second[1] == first[1]            # the same connection: the same client id


def test_a_blocked_command_times_out(gw, redis_port):
    body = run(gw, redis_port, """
        red:set_timeout(100)
        ngx.say(red:blpop("empty-list", 0))
        ngx.say(red:close())
    """)
    assert body == "niltimeout\n1\n"
