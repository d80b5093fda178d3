"""The `moongate` command, with nginx's command-line habits.

Only -h, -v and -V work today: the HTTP gateway itself is not built yet
(issue 3), and every invocation that would need it says so and fails,
rather than pretending to serve.
"""
from __future__ import annotations

import platform
import sys

from luavm import __version__ as luavm_version

VERSION = "0.1.0"
NOT_BUILT = "moongate: the HTTP gateway is not built yet; see issue 3"

# Flags without a value, and options that take one (attached or as the next
# argument), as nginx spells them.
FLAGS = "?hvVtTq"
VALUED = "specg"

USAGE = """\
Usage: moongate [-?hvVtTq] [-s signal] [-p prefix]
                [-e filename] [-c filename] [-g directives]

Options:
  -?,-h         : this help
  -v            : show version and exit
  -V            : show version and build information, then exit
  -t            : test configuration and exit
  -T            : test configuration, dump it and exit
  -q            : suppress non-error messages during configuration testing
  -s signal     : send signal to a master process: stop, quit, reopen, reload
  -p prefix     : set prefix path (default: the current directory)
  -e filename   : set error log file (default: logs/error.log)
  -c filename   : set configuration file (default: conf/moongate.yaml)
  -g directives : set global directives out of configuration file

Today only -h, -v and -V work: the HTTP gateway is not built yet (issue 3).
"""


class UsageError(Exception):
    """A malformed command line; the message is nginx's wording."""


def parse(argv: list[str]) -> tuple[set[str], dict[str, str]]:
    """Split argv into the set of flags seen and the valued options given.

    Like nginx, flags may be grouped (`-tq`) and a value may be attached
    (`-cfile`) or be the next argument (`-c file`).
    """
    flags: set[str] = set()
    options: dict[str, str] = {}
    i = 0
    while i < len(argv):
        arg = argv[i]
        if not arg.startswith("-") or len(arg) < 2:
            raise UsageError(f'invalid option: "{arg}"')
        for pos, ch in enumerate(arg[1:], 1):
            if ch in FLAGS:
                flags.add(ch)
            elif ch in VALUED:
                value = arg[pos + 1:]
                if not value:
                    i += 1
                    if i >= len(argv):
                        raise UsageError(f'option "-{ch}" requires {_value_name(ch)}')
                    value = argv[i]
                options[ch] = value
                break
            else:
                raise UsageError(f'invalid option: "{arg[pos:]}"')
        i += 1
    return flags, options


def _value_name(opt: str) -> str:
    return {"s": "parameter", "p": "directory name", "g": "parameter"}.get(opt, "file name")


def print_version(build_info: bool) -> None:
    # nginx prints its version lines to stderr, and scripts rely on that.
    print(f"moongate version: moongate/{VERSION}", file=sys.stderr)
    if build_info:
        print(f"built with Python {platform.python_version()}, luavm {luavm_version}",
              file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    try:
        flags, options = parse(args)
    except UsageError as exc:
        print(f"moongate: {exc}", file=sys.stderr)
        return 1
    if flags & {"?", "h"}:
        print_version(False)
        print(USAGE, end="", file=sys.stderr)
        return 0
    if flags & {"v", "V"}:
        print_version("V" in flags)
    # Anything beyond the version (starting, -t, -s ...) needs the gateway.
    if options or flags - {"v", "V"} or not flags:
        print(NOT_BUILT, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
