"""How a request's phases are cut short: Finalize ends them with a status,
Redirect starts over at "find location" (gateway.phases catches both; the
content handlers in other modules raise them).
"""
from __future__ import annotations


class Finalize(Exception):
    """Stop the phases: the response is `status` (0: already produced)."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


KEEP_ARGS = object()


class Redirect(Exception):
    """Go back to "find location" with a new URI (internal redirect).

    `query` replaces the request's args (None clears them, as ngx.exec and
    error_page do); KEEP_ARGS keeps them (rewrite ... last, index).
    """

    def __init__(self, uri: bytes, query=KEEP_ARGS, named: bool = False) -> None:
        super().__init__(uri)
        self.uri = uri
        self.query = query         # not `args`: that is BaseException's
        self.named = named
