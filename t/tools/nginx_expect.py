#!/usr/bin/env python3
"""Check the gateway blocks of Test::Nginx-style files (t/gateway/*.t) against
real OpenResty: Debian's nginx with lua-nginx-module, lua-resty-core and
headers-more (libnginx-mod-http-headers-more-filter), as OpenResty bundles them.

Each block in nginx syntax (`--- config`, `--- http_config`, `--- main_config`;
YAML blocks are skipped: nginx cannot read them) is written into a fresh
prefix with the conf template of t/nginx_blocks.py, plus the lines that load
the modules. Those go on lines the template already has, so that chunk
names such as `content_by_lua(nginx.conf:18)` are the same as ours. nginx is
started on a free port, gets the same request bytes as the gateway would,
and what came back is checked against the block's expectations by the same
code as the test suite (t/nginx_blocks.check), after `nginx/1.22.1` in the
Server header and in error pages is read as `moongate`.

    nginx_expect.py t/gateway/*.t            report the blocks that differ
    nginx_expect.py --check t/gateway/*.t    the same, exit 1 if any differs
    nginx_expect.py --show t/gateway/x.t     also print what nginx answered

Blocks with `--- note` or `--- skip` are reported too (tagged), since a note
should say why we differ and a skip names a bug of ours, not of the block.
"""
from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import nginx_blocks  # noqa: E402
from conftest import parse_blocks  # noqa: E402

# headers-more (libnginx-mod-http-headers-more-filter) after lua: its filter
# then runs before lua's, as in the OpenResty bundle
MODULES = ("load_module /usr/lib/nginx/modules/ndk_http_module.so; "
           "load_module /usr/lib/nginx/modules/ngx_http_lua_module.so; "
           "load_module /usr/lib/nginx/modules/ngx_http_headers_more_filter_module.so;")
PACKAGE_PATH = 'lua_package_path "/usr/share/lua/5.1/?.lua;;";'
# NGINX_CONF with the module lines appended to existing lines: same numbering.
TEMPLATE = (nginx_blocks.NGINX_CONF
            .replace("daemon off;\n", f"daemon off; {MODULES}\n", 1)
            .replace("access_log logs/access.log;\n",
                     f"access_log logs/access.log; {PACKAGE_PATH}\n", 1))
assert TEMPLATE.count("\n") == nginx_blocks.NGINX_CONF.count("\n")

VERSION = re.compile(rb"nginx/\d+\.\d+\.\d+")
ENTRY = re.compile(r"\d{4}/\d\d/\d\d \d\d:\d\d:\d\d \[(\w+)\]")
SHOWN_LOG_LINES = 40


def nginx_command(prefix: Path, conf: str) -> list[str]:
    return ["nginx", "-p", str(prefix) + "/", "-c", conf]       # run() adds master_process off


def normalise(got: nginx_blocks.GatewayOutcome) -> None:
    """nginx names itself where we say `moongate`: Server, error pages."""
    for resp in got.responses:
        resp.headers = [(n, "moongate" if n.lower() == "server" and VERSION.fullmatch(v.encode())
                         else v) for n, v in resp.headers]
        resp.body = VERSION.sub(b"moongate", resp.body)


def runs_on_nginx(sections: dict) -> bool:
    return (nginx_blocks.is_gateway_block(sections) and "yaml_config" not in sections
            and "yaml_http_config" not in sections)


def run_block(sections: dict) -> nginx_blocks.GatewayOutcome:
    with tempfile.TemporaryDirectory(prefix="mg-nginx-") as prefix:
        got = nginx_blocks.run(sections, Path(prefix), TEMPLATE, nginx_command)
    normalise(got)
    return got


def log_excerpt(log: str) -> str:
    """error.log without nginx's debug entries (it is built --with-debug);
    an entry's continuation lines (a stack traceback) go with it."""
    lines, keep = [], False
    for line in log.splitlines():
        entry = ENTRY.match(line)
        if entry:
            keep = entry.group(1) != "debug"
        if keep:
            lines.append(line)
    return "\n".join(lines[-SHOWN_LOG_LINES:])


def describe(got: nginx_blocks.GatewayOutcome) -> str:
    parts = []
    for resp in got.responses:
        head = "\n".join(f"{n}: {v}" for n, v in resp.headers)
        parts.append(f"status {resp.status}\n{head}\nbody {resp.body!r}")
    if not got.responses:
        parts.append(f"no response; raw {got.raw!r}; stderr {got.stderr!r}")
    parts.append("error.log:\n" + log_excerpt(got.error_log))
    return "\n".join(parts)


def problems_of(sections: dict, got: nginx_blocks.GatewayOutcome) -> list[tuple[str, str]]:
    """t/nginx_blocks.check, with an excerpt of error.log instead of all of it."""
    problems = []
    for title, detail in nginx_blocks.check(sections, got):
        if title in ("error_log", "no_error_log"):
            detail = detail.split(" in:\n", 1)[0] + " in (excerpt):\n" + log_excerpt(got.error_log)
        problems.append((title, detail))
    return problems


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="+")
    ap.add_argument("--check", action="store_true", help="exit 1 if any block differs")
    ap.add_argument("--show", action="store_true", help="print what nginx answered")
    ap.add_argument("-k", dest="only", help="only blocks whose name contains this")
    args = ap.parse_args()
    total = bad = 0
    for path in args.files:
        text = Path(path).read_bytes().decode("utf-8", "surrogateescape")
        for block in parse_blocks(text):
            s = block.sections
            if not runs_on_nginx(s) or (args.only and args.only not in block.name):
                continue
            total += 1
            if block.problems:
                bad += 1
                print(f"{path}:{block.line}: {block.name}: malformed: {block.problems}")
                continue
            got = run_block(s)
            problems = problems_of(s, got)
            tags = "".join(f" [{t}]" for t in ("note", "skip") if t in s)
            if problems:
                bad += 1
                print(f"{path}:{block.line}: {block.name}{tags}")
                for title, detail in problems:
                    print(f"    {title}: " + detail.replace("\n", "\n        "))
            if args.show:
                print(f"--- {path}:{block.line}: {block.name}\n{describe(got)}\n")
    print(f"{total} blocks, {bad} differ from nginx")
    return 1 if args.check and bad else 0


if __name__ == "__main__":
    sys.exit(main())
