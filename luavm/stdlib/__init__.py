"""Lua's standard libraries, one module each."""
