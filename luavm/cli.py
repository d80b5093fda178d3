"""The `luavm` command: run Lua like `luajit` does.

    luavm [options]... [script [args]...]

    -e chunk  run the string 'chunk' (chunk name "(command line)"); repeatable
    -l        print the listing of each compiled chunk instead of running it
    -i        enter the REPL after running the script
    -v        print the version line
    --        stop handling options
    -         run stdin as the script and stop handling options

With no script, no -e and no -v: the REPL when stdin is a terminal, otherwise
stdin is run as the script (as lua.c does). The global `arg` holds the script
name at 0, its arguments at 1..n and the interpreter and options at negative
indices, and is set before any -e chunk runs (LuaJIT 2.1's order); the script
also gets its arguments as `...`.
An uncaught error prints `luavm: <message>` and the traceback to stderr and
exits with status 1 (0 for stdin run for want of a script, as luajit does);
`os.exit(n)` exits with status n.
"""
from __future__ import annotations

import os
import sys

from luavm import __version__
from luavm.runtime import metamethod
from luavm.state import LuaState
from luavm.value import LuaError, Table, fmt_number

try:  # os.exit raises LuaExit; tolerate a state.py that does not define it yet
    from luavm.state import LuaExit
except ImportError:  # pragma: no cover - only while state.py is being written
    class LuaExit(Exception):  # type: ignore[no-redef]
        code = 0

PROG = "luavm"
VERSION_LINE = f"Moongate luavm {__version__} (Lua 5.1, LuaJIT dialect)"
CMDLINE_CHUNK = "=(command line)"
STDIN_CHUNK = "=stdin"
REPL_PREFIX = b""      # luajit.c's REPL prints errors without its name
NOT_A_STRING = b"(error object is not a string)"

USAGE = f"""\
usage: {PROG} [options]... [script [args]...].
Available options are:
  -e chunk  Execute string 'chunk'.
  -l        List the compiled code of each chunk instead of running it.
  -j cmd    Perform LuaJIT control command: -jon, -joff, -jflush, -jv, -jdump.
  -O[opt]   Control LuaJIT optimizations (-O3, -Ohotloop=1, ...).
  -i        Enter interactive mode after executing 'script'.
  -v        Show version information.
  --        Stop handling options.
  -         Execute stdin and stop handling options.
"""


class UsageError(Exception):
    """A malformed command line; the message is printed before the usage."""


class Options:
    """What the command line asks for. (A plain class: dataclasses and the
    inspect module it imports cost ~5 ms of every start-up.)"""

    def __init__(self, script_index: int = 0) -> None:
        self.chunks: list[str] = []     # -e chunks, in order
        self.listing = False
        self.interactive = False
        self.version = False
        self.jit: list[tuple[str, str]] = []    # ("j", cmd) and ("O", opt), in order
        self.script: str | None = None  # a path, or "-" for stdin
        self.script_index = script_index    # index of the script in argv (len(argv) if none)


# -- command line ------------------------------------------------------------

def parse_args(argv: list[str]) -> Options:
    """Parse argv (argv[0] is the interpreter) the way luajit does."""
    opts = Options(script_index=len(argv))
    i = 1
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            i += 1
            break
        if arg == "-" or not arg.startswith("-"):
            break
        if arg.startswith("-e"):
            chunk = arg[2:]
            if not chunk:
                i += 1
                if i >= len(argv):
                    raise UsageError("'-e' needs argument")
                chunk = argv[i]
            opts.chunks.append(chunk)
        elif arg.startswith(("-j", "-O")):
            value = arg[2:]
            if not value and arg == "-j":
                i += 1
                if i >= len(argv):
                    raise UsageError("'-j' needs argument")
                value = argv[i]
            opts.jit.append((arg[1], value))
        elif arg == "-l":
            opts.listing = True
        elif arg == "-i":
            opts.interactive = True
        elif arg == "-v":
            opts.version = True
        else:
            raise UsageError(f"unrecognized option '{arg}'")
        i += 1
    if i < len(argv):
        opts.script, opts.script_index = argv[i], i
    return opts


def apply_jit_options(st: LuaState, opts: Options) -> None:
    """-j and -O, as luajit.c applies them: control commands of the jit
    module (on, off, flush, v, dump) and jit.opt.start flags."""
    from luavm.jit.control import line_writer
    for kind, value in opts.jit:
        if kind == "O":
            st.jit_options.start(*(x.encode() for x in value.split(",") if x) or ())
            continue
        if st.jit is None and value not in ("off", "flush"):
            raise UsageError("JIT compiler not available: llvmlite is not installed")
        if value == "on":
            st.jit.on()
        elif value == "off":
            if st.jit is not None:
                st.jit.off()
        elif value == "flush":
            if st.jit is not None:
                st.jit.flush()
        elif value == "v":
            st.jit.verbose = line_writer(st.stderr)
        elif value == "dump":
            st.jit.dump = line_writer(st.stdout)
        else:
            raise UsageError(f"unknown luaJIT command or jit.* modules not installed: {value}")


def make_arg_table(argv: list[str], script_index: int) -> Table:
    """The global `arg`: argv shifted so that the script lands at index 0."""
    t = Table()
    for i, a in enumerate(argv):
        t.rawset(float(i - script_index), os.fsencode(a))
    return t


# -- the state and its errors ------------------------------------------------

def new_state() -> LuaState:
    st = LuaState()
    st.stdout = sys.stdout.buffer
    st.stdin = sys.stdin.buffer
    st.stderr = sys.stderr.buffer
    return st


def error_text(st: LuaState, value) -> bytes | None:
    """The message luajit.c prints for an uncaught error object (None: nothing)."""
    return handle_error(st, value)[0]


def handle_error(st: LuaState, value) -> tuple[bytes | None, bool]:
    """What luajit.c's message handler makes of an error object: its text and
    whether a traceback follows. The handler replaces an object that is neither
    a string nor a number by its __tostring result, nil included (then nothing
    is printed), and adds the traceback to string results only."""
    if value is None or value.__class__ is bytes or value.__class__ is float:
        return _as_text(value), value is not None
    handler = metamethod(value, b"__tostring")
    if handler is None:
        return NOT_A_STRING, False
    try:
        results = st.call(handler, value)
    except LuaError:
        return b"error in error handling", False     # LUA_ERRERR
    result = results[0] if results else None
    return _as_text(result), result.__class__ is bytes or result.__class__ is float


def _as_text(value) -> bytes | None:
    """lua_tostring's text for the message, None for nil."""
    if value is None or value.__class__ is bytes:
        return value
    if value.__class__ is float:
        return fmt_number(value)
    return NOT_A_STRING


def report(st: LuaState, err: LuaError, prefix: bytes = PROG.encode() + b": ") -> None:
    """Print an uncaught error as luajit does: message, then traceback (a
    syntax error has none: it was raised before anything ran)."""
    sys.stdout.flush()
    msg, with_traceback = handle_error(st, err.value)
    if msg is None:
        return
    out = sys.stderr.buffer
    out.write(prefix + msg + b"\n")
    if with_traceback and err.traceback:
        out.write(err.traceback + b"\n")
    out.flush()


# -- running chunks ----------------------------------------------------------

def read_script(path: str) -> bytes:
    """A script's source; a first line starting with '#' is blanked (a shebang),
    keeping its newline so line numbers stay right, as luaL_loadfile does."""
    if path == "-":
        src = sys.stdin.buffer.read()
    else:
        with open(path, "rb") as f:
            src = f.read()
    if src.startswith(b"#"):
        nl = src.find(b"\n")
        src = b"" if nl < 0 else src[nl:]
    return src


def print_listing(source: bytes, chunkname: str) -> None:
    from luavm.compiler import listing  # only -l needs the compiler directly
    sys.stdout.write(listing(source, chunkname).rstrip("\n") + "\n")
    sys.stdout.flush()


def run_chunk(st: LuaState, opts: Options, source: bytes, chunkname: str, args: tuple = ()) -> None:
    """Run (or, with -l, list) one chunk; errors propagate to the caller."""
    if opts.listing:
        print_listing(source, chunkname)
        return
    st.call(st.load(source, chunkname), *args)


def script_chunkname(path: str) -> str:
    return STDIN_CHUNK if path == "-" else path


def run_script(st: LuaState, opts: Options, argv: list[str]) -> int:
    """Run the script named on the command line; an exit status."""
    assert opts.script is not None
    try:
        source = read_script(opts.script)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        verb = "read" if isinstance(exc, IsADirectoryError) else "open"
        sys.stderr.write(f"{PROG}: cannot {verb} {opts.script}: {reason}\n")
        return 1
    args = tuple(os.fsencode(a) for a in argv[opts.script_index + 1:])
    run_chunk(st, opts, source, script_chunkname(opts.script), args)
    return 0


# -- the REPL ----------------------------------------------------------------

def is_incomplete(err: LuaError) -> bool:
    """A syntax error at the end of input: the statement continues on the next line."""
    msg = err.value
    return msg.__class__ is bytes and msg.endswith(b"near '<eof>'")


def compile_input(st: LuaState, source: bytes):
    """Compile a REPL entry: as an expression to print first, else as statements.
    Returns (function, None) or (None, the error of the statement form)."""
    try:
        return st.load(b"return " + source, STDIN_CHUNK), None
    except LuaError:
        pass
    try:
        return st.load(source, STDIN_CHUNK), None
    except LuaError as err:
        return None, err


def read_entry(st: LuaState):
    """Read lines until they form a chunk that compiles; None at end of input."""
    lines: list[str] = []
    while True:
        try:
            line = input(">> " if lines else "> ")
        except EOFError:
            sys.stdout.write("\n")
            return None
        except KeyboardInterrupt:
            sys.stdout.write("\n")
            lines = []
            continue
        if not lines and line.startswith("="):
            line = "return " + line[1:]     # Lua 5.1's `=expr` shorthand
        lines.append(line)
        fn, err = compile_input(st, "\n".join(lines).encode("utf-8", "surrogateescape"))
        if fn is not None:
            return fn
        if not is_incomplete(err):
            report(st, err, REPL_PREFIX)
            lines = []


def repl(st: LuaState) -> None:
    """Read-eval-print until end of input; values of expressions are printed."""
    try:
        import readline  # noqa: F401  (importing it gives input() line editing)
    except ImportError:
        pass
    printer = st.load(b"print(...)", "=stdin")
    while True:
        try:
            fn = read_entry(st)
            if fn is None:
                return
            results = st.call(fn)
            if results:
                st.call(printer, *results)
        except LuaExit:
            raise
        except LuaError as err:
            report(st, err, REPL_PREFIX)
        except KeyboardInterrupt:
            sys.stderr.write(f"{PROG}: interrupted!\n")
        except Exception:
            # A bug of the VM itself: show it, but keep the session and its state.
            import traceback
            sys.stderr.write(f"{PROG}: internal error\n{traceback.format_exc()}")
        sys.stdout.flush()


# -- main --------------------------------------------------------------------

def interpreter_name() -> str:
    name = sys.argv[0] if sys.argv else PROG
    return PROG if name.endswith("__main__.py") or not name else name


def print_version() -> None:
    sys.stdout.write(VERSION_LINE + "\n")
    sys.stdout.flush()


def execute(st: LuaState, opts: Options, argv: list[str]) -> int:
    """Everything after parsing: -e chunks, the script, the REPL."""
    for chunk in opts.chunks:
        run_chunk(st, opts, chunk.encode("utf-8", "surrogateescape"), CMDLINE_CHUNK)
    if opts.script is not None:
        status = run_script(st, opts, argv)
        if status:
            return status
    if opts.interactive:
        repl(st)
    elif opts.script is None and not opts.chunks and not opts.version:
        if sys.stdin.isatty():
            print_version()
            repl(st)
        else:
            run_piped_stdin(st, opts, argv)
    return 0


def run_piped_stdin(st: LuaState, opts: Options, argv: list[str]) -> None:
    """Run stdin when no script is named and stdin is not a terminal. luajit.c
    reports an error here but ignores it for the exit status, which stays 0
    (with `-` named on the command line an error exits with status 1)."""
    opts.script = "-"
    try:
        run_script(st, opts, argv)
    except LuaError as err:
        report(st, err)


def main(argv: list[str] | None = None) -> int:
    argv = [interpreter_name(), *(sys.argv[1:] if argv is None else argv)]
    try:
        opts = parse_args(argv)
    except UsageError as exc:
        sys.stderr.write(f"{PROG}: {exc}\n{USAGE}")
        return 1
    if opts.version or opts.interactive:
        print_version()
    st = new_state()
    try:
        apply_jit_options(st, opts)
    except (UsageError, LuaError) as exc:
        text = exc.value.decode("utf-8", "replace") if isinstance(exc, LuaError) else str(exc)
        sys.stderr.write(f"{PROG}: {text}\n")
        return 1
    st.call(st.load(b"arg = ...", "=(arg)"), make_arg_table(argv, opts.script_index))
    try:
        return execute(st, opts, argv)
    except LuaExit as exc:      # before LuaError, in case it is one
        return exit_status(exc)
    except LuaError as err:
        report(st, err)
        return 1
    except KeyboardInterrupt:
        sys.stderr.write(f"{PROG}: interrupted!\n")
        return 1
    finally:
        close_quietly(st)
        flush_quietly()


def close_quietly(st) -> None:
    """Close the state as lua.c does at exit, so pending __gc finalizers run."""
    try:
        st.close()
    except Exception as exc:     # a failing finalizer must not hide the exit status
        sys.stderr.write(f"{PROG}: {exc}\n")


def exit_status(exc: BaseException) -> int:
    """The process status for os.exit's argument (true/false/number)."""
    code = getattr(exc, "code", 0)
    if code is True or code is None:
        return 0
    if code is False:
        return 1
    try:
        return int(code) & 0xFF
    except (TypeError, ValueError):
        return 1


def flush_quietly() -> None:
    # A closed pipe (luavm t.lua | head) must not turn into a Python traceback.
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


if __name__ == "__main__":
    sys.exit(main())
