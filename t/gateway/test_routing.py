"""Host headers as nginx reads them (ngx_http_validate_host): the name
server_name matching sees, or None for a Host nginx answers with 400."""
from __future__ import annotations

import pytest

from gateway.routing import normalise_host


@pytest.mark.parametrize("value, name", [
    (b"localhost", "localhost"),
    (b"LocalHost:8080", "localhost"),
    (b"example.com.", "example.com"),
    (b"example.com.:80", "example.com"),
    (b".example.com", ".example.com"),
    (b"[::1]:8080", "[::1]"),
    (b"[::1]", "[::1]"),
])
def test_a_host_names_a_server(value: bytes, name: str) -> None:
    assert normalise_host(value) == name


@pytest.mark.parametrize("value", [
    b"", b":80", b".", b"a b", b"a\tb", b"a..b", b"a/b", b"a\x7fb", b"a\x00b",
])
def test_a_host_nginx_refuses(value: bytes) -> None:
    assert normalise_host(value) is None
