"""error.log and access.log, in nginx's formats.

error.log:  `2026/11/21 05:30:00 [error] 1234#0: *5 message, client: ..., server: ...`
access.log: `log_format` templates of $variables; `combined` by default.
Files are opened in append mode and written line by line (unbuffered), so a
test or `tail -f` sees each line as soon as it is logged; `reopen` is what
`moongate -s reopen` does after log rotation.
"""
from __future__ import annotations

import os
import sys
import time

LEVELS = ("stderr", "emerg", "alert", "crit", "error", "warn", "notice", "info", "debug")
LEVEL_NUMBER = {name: n for n, name in enumerate(LEVELS)}     # ngx.STDERR == 0 ... ngx.DEBUG == 8

COMBINED = ('$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent '
            '"$http_referer" "$http_user_agent"')


class LogFile:
    """One log file, shared by every log that names it."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.fd = -1
        self.reopen()

    def reopen(self) -> None:
        if self.path == "stderr":
            self.fd = sys.stderr.fileno()
            return
        old = self.fd
        os.makedirs(os.path.dirname(self.path) or ".", exist_ok=True)
        self.fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        if old > 2:
            os.close(old)

    def write(self, data: bytes) -> None:
        try:
            os.write(self.fd, data)
        except OSError:
            pass        # a full disk must not take the worker down; nginx drops the line too

    def close(self) -> None:
        if self.fd > 2:
            os.close(self.fd)
        self.fd = -1


class ErrorLog:
    """nginx's error log: one or more files, each with its minimum level."""

    def __init__(self, targets: list[tuple[str, str]]) -> None:
        self.files = [(LogFile(path), LEVEL_NUMBER[level]) for path, level in targets]
        self.level = max((n for _, n in self.files), default=LEVEL_NUMBER["error"])
        self.pid = os.getpid()

    def enabled(self, level: int) -> bool:
        return level <= self.level

    def log(self, level: int, msg: str, conn: int = 0, context: str = "") -> None:
        """One line: the timestamp, [level], pid#tid, *connection, the message
        and the request context (`, client: ..., server: ...`)."""
        if level > self.level:
            return
        stamp = time.strftime("%Y/%m/%d %H:%M:%S")
        conn_part = f"*{conn} " if conn else ""
        line = f"{stamp} [{LEVELS[level]}] {self.pid}#0: {conn_part}{msg}{context}\n"
        data = line.encode("utf-8", "surrogateescape")
        for f, min_level in self.files:
            if level <= min_level:
                f.write(data)

    def reopen(self) -> None:
        for f, _ in self.files:
            f.reopen()

    def close(self) -> None:
        for f, _ in self.files:
            f.close()

    # Shorthands for the worker's own messages.
    def error(self, msg: str) -> None:
        self.log(LEVEL_NUMBER["error"], msg)

    def notice(self, msg: str) -> None:
        self.log(LEVEL_NUMBER["notice"], msg)


class AccessLog:
    """One `access_log path format` target; lines are rendered by the caller's
    variable lookup (gateway.variables)."""

    def __init__(self, path: str, template: str) -> None:
        self.file = LogFile(path)
        self.template = template

    def write(self, line: bytes) -> None:
        self.file.write(line + b"\n")
