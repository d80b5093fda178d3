#!/usr/bin/env python3
"""Fill or check the expectations of Test::Nginx-style Lua VM tests (t/vm/*.t).

Each block with a `--- lua` section is written as `t.lua` into a fresh temp
dir and run there with `luajit t.lua` (stdin from `--- stdin`).  Its stdout
becomes `--- out`, its uncaught error message (stderr without the `luajit: `
prefix, up to `stack traceback:`) becomes `--- error`.  Blocks that use
`--- out_like` / `--- error_like` keep them; the tool only reports whether
the reference output matches the regex (re.S; out_like must match all of
stdout, error_like is searched in the message, as t/conftest.py does).
Blocks whose expectations do not change are written back as they were.

    luajit_expect.py t/vm/*.t            rewrite the files from luajit
    luajit_expect.py --check t/vm/*.t    only report differences (exit 1 if any)
    luajit_expect.py --lua51 t/vm/*.t    run lua5.1, report where it differs
                                         (to write `--- note` lines)
    luajit_expect.py --check --exe X ... check another interpreter (run as `X t.lua`)

`--- out` is written when stdout is not empty or the program ended without an
error; trailing newlines are normalized (compared with rstrip("\\n")).  The
stdin given to the program is the section's text followed by one newline.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

TIMEOUT = 60
SECTION_ORDER = ["lua", "stdin", "out", "out_like", "error", "error_like", "note", "skip"]
# The same block and section lines as t/conftest.py reads.
BLOCK_RE = re.compile(r"=== (.*?)\s*")
SECTION_RE = re.compile(r"--- ([A-Za-z_]\w*)\s*(?::[ \t]*(.*?))?\s*")


class Block:
    def __init__(self, title):
        self.title = title          # the `=== TEST ...` line
        self.sections = {}          # name -> text (lines joined, no final newline)
        self.order = []
        self.raw = []               # the block's lines as read
        self.dirty = False          # changed since read: render from sections

    def get(self, name):
        return self.sections.get(name)

    def set(self, name, text):
        if name not in self.sections:
            self.order.append(name)
        elif self.sections[name] == text:
            return
        self.sections[name] = text
        self.dirty = True

    def drop(self, name):
        if name in self.sections:
            del self.sections[name]
            self.order.remove(name)
            self.dirty = True

    def render(self):
        if not self.dirty:
            return "\n".join(self.raw) + "\n"
        names = sorted(self.order, key=lambda n: SECTION_ORDER.index(n)
                       if n in SECTION_ORDER else len(SECTION_ORDER))
        lines = [self.title]
        for n in names:
            lines.append("--- " + n)
            if self.sections[n] != "":
                lines.append(self.sections[n])
        return "\n".join(lines) + "\n"


def parse(text):
    """Return (header text, [Block])."""
    header, blocks, cur, sec, buf = [], [], None, None, []

    def flush():
        if cur is not None and sec is not None:
            cur.order.append(sec)
            cur.sections[sec] = "\n".join(buf).rstrip("\n")

    for line in text.rstrip("\n").split("\n"):
        if BLOCK_RE.fullmatch(line):
            flush()
            cur, sec, buf = Block(line), None, []
            blocks.append(cur)
        elif cur is None:
            header.append(line)
            continue
        cur.raw.append(line)
        m = SECTION_RE.fullmatch(line)
        if m:
            flush()
            sec, buf = m.group(1), [m.group(2)] if m.group(2) else []
        elif sec is not None:
            buf.append(line)
    flush()
    return ("\n".join(header) + "\n" if header else ""), blocks


def run(exe, block):
    """Run the block's program; return (stdout, error message or None)."""
    with tempfile.TemporaryDirectory(prefix="lj_expect_") as d:
        with open(os.path.join(d, "t.lua"), "w", encoding="utf-8",
                  errors="surrogateescape") as f:
            f.write(block.get("lua") + "\n")
        stdin = block.get("stdin")
        stdin = (stdin + "\n").encode("utf-8", "surrogateescape") if stdin is not None else b""
        try:
            p = subprocess.run([exe, "t.lua"], cwd=d, input=stdin,
                               capture_output=True, timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            return "", "<timeout>"
    out = p.stdout.decode("utf-8", "surrogateescape").rstrip("\n")
    err = p.stderr.decode("utf-8", "surrogateescape")
    if p.returncode == 0 and not err:
        return out, None
    prefix = os.path.basename(exe) + ": "
    if err.startswith(prefix):
        err = err[len(prefix):]
    err = err.split("\nstack traceback:", 1)[0].rstrip("\n")
    if not err:
        err = "<exit %d, no message>" % p.returncode
    return out, err


def matches(regex, text, whole):
    """out_like must match all of stdout; error_like is searched (as t/conftest.py does)."""
    try:
        rx = re.compile(regex.strip("\n"), re.S)
    except re.error:
        return False
    return (rx.fullmatch(text) if whole else rx.search(text)) is not None


def compare(block, out, err):
    """List of human-readable differences between the block and a run."""
    diffs = []
    if block.get("out_like") is not None:
        if not matches(block.get("out_like"), out, whole=True):
            diffs.append("out_like does not match stdout:\n" + out)
    elif block.get("out") is not None or (out and err is None):
        if (block.get("out") or "").rstrip("\n") != out:
            diffs.append("out differs, got:\n" + out)
    elif out:
        diffs.append("no --- out, but stdout:\n" + out)
    if block.get("error_like") is not None:
        if err is None or not matches(block.get("error_like"), err, whole=False):
            diffs.append("error_like does not match: %r" % err)
    elif (block.get("error") or None) != err:
        diffs.append("error differs, got: %r" % err)
    return diffs


def fill(block, out, err):
    if block.get("out_like") is None:
        if out or err is None:
            block.set("out", out)
        else:
            block.drop("out")
    if block.get("error_like") is None:
        if err is None:
            block.drop("error")
        else:
            block.set("error", err)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="+")
    ap.add_argument("--check", action="store_true", help="only report differences")
    ap.add_argument("--lua51", action="store_true", help="run lua5.1, report differences")
    ap.add_argument("--exe", help="interpreter to run (default luajit)")
    args = ap.parse_args()
    exe = args.exe or ("lua5.1" if args.lua51 else "luajit")
    report_only = args.check or args.lua51
    bad = total = 0
    for path in args.files:
        with open(path, encoding="utf-8", errors="surrogateescape") as f:
            text = f.read()
        head, blocks = parse(text)
        for b in blocks:
            if b.get("lua") is None:
                continue
            total += 1
            out, err = run(exe, b)
            diffs = compare(b, out, err)
            if diffs:
                bad += 1
                note = "" if b.get("note") is None else " [has note]"
                print("%s: %s%s" % (path, b.title, note))
                for d in diffs:
                    print("    " + d.replace("\n", "\n    "))
            if not report_only:
                fill(b, out, err)
        if not report_only:
            new = head + "".join(b.render() for b in blocks)
            if new != text:
                with open(path, "w", encoding="utf-8", errors="surrogateescape") as f:
                    f.write(new)
    print("%d blocks, %d differ from %s" % (total, bad, exe))
    return 1 if (args.check and bad) else 0


if __name__ == "__main__":
    sys.exit(main())
