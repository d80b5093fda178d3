"""Moongate's HTTP gateway: an OpenResty-style server that runs Lua handlers.

Not built yet (issue 3): today only the command line (`gateway.cli`) exists.
The map of what comes is DESIGN.md: server, config, phases, routing, proxy,
workers, logs, the ngx.* API and the C helpers (csrc/).
"""
