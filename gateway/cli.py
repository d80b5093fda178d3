"""The `moongate` command, with nginx's command-line habits.

    moongate [-c conf] [-p prefix] [-g directives]   serve (foreground unless `daemon on`)
    moongate -t                                     test the conf, compile every Lua chunk
    moongate -s reload|quit|stop|reopen             signal the running gateway (its pid file)
    moongate -e 'lua code'                          run Lua with the ngx API, as `resty -e`
"""
from __future__ import annotations

import os
import platform
import signal
import sys

from luavm import __version__ as luavm_version

VERSION = "0.1.0"
DEFAULT_CONF = "conf/moongate.yaml"

# Flags without a value, and options that take one (attached or as the next
# argument), as nginx spells them.
FLAGS = "?hvVtTq"
VALUED = "specg"

USAGE = """\
Usage: moongate [-?hvVtTq] [-s signal] [-p prefix]
                [-e code] [-c filename] [-g directives]

Options:
  -?,-h         : this help
  -v            : show version and exit
  -V            : show version and build information, then exit
  -t            : test configuration and exit
  -T            : test configuration, dump it and exit
  -q            : suppress non-error messages during configuration testing
  -s signal     : send signal to a master process: stop, quit, reopen, reload
  -p prefix     : set prefix path (default: the current directory)
  -e code       : run Lua code with the ngx API and exit (like resty -e)
  -c filename   : set configuration file (default: conf/moongate.yaml)
  -g directives : set global directives out of configuration file
"""

SIGNALS = {"stop": signal.SIGTERM, "quit": signal.SIGQUIT, "reopen": signal.SIGUSR1,
           "reload": signal.SIGHUP}


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
        return 0
    prefix = os.path.abspath(options.get("p", os.getcwd()))
    conf = options.get("c", DEFAULT_CONF)
    if "e" in options:
        from .resty import run_code
        return run_code(options["e"], prefix)
    from .config import ConfError, load
    try:
        main_conf = load(conf, prefix, options.get("g", ""))
    except ConfError as exc:
        print(f"moongate: [emerg] {exc}", file=sys.stderr)
        if flags & {"t", "T"}:
            print(f"moongate: configuration file {_conf_path(conf, prefix)} test failed",
                  file=sys.stderr)
        return 1
    if "s" in options:
        return send_signal(options["s"], main_conf)
    if flags & {"t", "T"}:
        return test_conf(main_conf, quiet="q" in flags)
    return start(main_conf, lambda: load(conf, prefix, options.get("g", "")))


def _conf_path(conf: str, prefix: str) -> str:
    return os.path.abspath(conf if os.path.isabs(conf) else os.path.join(prefix, conf))


def test_conf(main_conf, quiet: bool) -> int:
    """-t: the conf loaded; now every Lua chunk must compile."""
    from .lua_check import compile_all
    errors = compile_all(main_conf)
    for err in errors:
        print(f"moongate: [emerg] {err}", file=sys.stderr)
    if errors:
        print(f"moongate: configuration file {main_conf.file} test failed", file=sys.stderr)
        return 1
    if not quiet:
        print(f"moongate: the configuration file {main_conf.file} syntax is ok", file=sys.stderr)
        print(f"moongate: configuration file {main_conf.file} test is successful", file=sys.stderr)
    return 0


def send_signal(name: str, main_conf) -> int:
    sig = SIGNALS.get(name)
    if sig is None:
        print(f'moongate: invalid option: "-s {name}"', file=sys.stderr)
        return 1
    pid_path = main_conf.path(main_conf.pid)
    try:
        with open(pid_path) as f:
            pid = int(f.read().strip())
    except (OSError, ValueError) as exc:
        reason = f"({exc.errno}: {exc.strerror})" if isinstance(exc, OSError) else "(invalid PID number)"
        print(f'moongate: [error] open() "{pid_path}" failed {reason}', file=sys.stderr)
        return 1
    try:
        os.kill(pid, sig)
    except OSError as exc:
        print(f"moongate: [alert] kill({pid}, {int(sig)}) failed ({exc.errno}: {exc.strerror})",
              file=sys.stderr)
        return 1
    return 0


def start(main_conf, reload_conf) -> int:
    from .master import Master
    from .process import StartupError, serve
    if main_conf.daemon:
        _daemonize()
    try:
        if main_conf.master_process:
            return Master(main_conf, reload_conf).run()
        return serve(main_conf, reload_conf)
    except StartupError as exc:
        print(f"moongate: [emerg] {exc}", file=sys.stderr)
        return 1


def _daemonize() -> None:
    """`daemon on`: detach as nginx does (fork, new session, fork again)."""
    if os.fork() > 0:
        os._exit(0)
    os.setsid()
    if os.fork() > 0:
        os._exit(0)
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1):
        os.dup2(devnull, fd)


if __name__ == "__main__":
    sys.exit(main())
