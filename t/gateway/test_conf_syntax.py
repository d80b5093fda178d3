"""Unit tests of the two conf syntaxes (gateway/config/nginx_syntax.py, yaml_syntax.py).

Every nginx-syntax error text below was printed by `nginx -t` (nginx 1.22.1
with lua-nginx-module 0.10.23, Debian's packages) for the same conf, and so
were the line numbers; the Lua chunk lines were checked in error.log
(`content_by_lua(t.conf:LINE):N: ...`).
"""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from gateway.config import nginx_syntax, yaml_syntax
from gateway.config.tree import COMMAND_LINE, ConfError, Directive


def write(path: Path, text: str) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))
    return str(path)


def conf(tmp_path: Path, text: str, name: str = "nginx.conf") -> list[Directive]:
    return nginx_syntax.parse_file(write(tmp_path / name, text))


def yconf(tmp_path: Path, text: str, name: str = "moongate.yaml") -> list[Directive]:
    return yaml_syntax.parse_file(write(tmp_path / name, text))


def shape(directives: list[Directive] | None) -> list | None:
    """A tree without its files and lines: (name, args, block, lua) tuples."""
    if directives is None:
        return None
    return [(d.name, d.args, shape(d.block), d.lua) for d in directives]


def conf_error(tmp_path: Path, text: str, name: str = "t.conf") -> str:
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(ConfError) as e:
        nginx_syntax.parse_file(str(path))
    return str(e.value).replace(str(tmp_path) + "/", "")


def assert_lua_lines(path: str, d: Directive) -> None:
    """Lua line n of the directive's chunk is line (d.line + n - 1) of its file."""
    lines = Path(path).read_text().split("\n")
    for n, lua_line in enumerate(d.args[-1].split("\n"), start=1):
        if lua_line.strip():
            assert lua_line.strip() in lines[d.line + n - 2], (n, lua_line)


# --- nginx syntax: words ---------------------------------------------------

WORDS = [
    ("a b   c\t d;", ["a", "b", "c", "d"]),
    ('a "b c" \'d e\';', ["a", "b c", "d e"]),
    ('a "";', ["a", ""]),
    ("a b#c;", ["a", "b#c"]),                       # `#` only starts a comment where a word may
    ("a # c ;\n;", ["a"]),
    ('a x"y\'z;', ["a", "x\"y'z"]),                  # quotes inside a word are plain characters
    (r'a "x\"y" ' + r"'x\'y';", ["a", 'x"y', "x'y"]),
    (r'a "\t\r\n\\";', ["a", "\t\r\n\\"]),
    (r"a \t\n\q\.;", ["a", "\t\n\\q\\."]),          # other backslashes stay
    (r'a "\\n";', ["a", "\\n"]),
    (r"a b\ c;", ["a", "b\\ c"]),                   # an escaped space joins; the backslash stays
    (r"a b\;c;", ["a", "b\\;c"]),
    ("set $a ${b}c;", ["set", "$a", "${b}c"]),     # `${` does not open a block
    ('if ($a = "b") {}', ["if", "($a", "=", "b", ")"]),   # `)` may follow a quote
    ('a "x")y;', ["a", "x", ")y"]),
    ('a "b";', ["a", "b"]),
    ("a\r\nb;", ["a", "b"]),
]


@pytest.mark.parametrize("text,words", WORDS)
def test_words(tmp_path, text, words):
    [d] = conf(tmp_path, text)
    assert [d.name, *d.args] == words


def test_blocks_lines_and_files(tmp_path):
    path = write(tmp_path / "nginx.conf", """\
        # a comment
        events {}
        http {
            server {
                listen 80;
                location = /x { return 200; }
            }
        }
        """)
    ds = nginx_syntax.parse_file(path)
    assert shape(ds) == [
        ("events", [], [], False),
        ("http", [], [("server", [], [
            ("listen", ["80"], None, False),
            ("location", ["=", "/x"], [("return", ["200"], None, False)], False),
        ], False)], False),
    ]
    assert [d.line for d in ds] == [2, 3]
    assert ds[1].block[0].block[1].line == 6
    assert {ds[0].file, ds[1].block[0].file} == {path}


def test_a_directive_is_on_the_line_of_its_semicolon_or_brace(tmp_path):
    # nginx reports `invalid value "bogus" in t.conf:3` for the first one
    ds = conf(tmp_path, "server_tokens\n  bogus\n  ;\nlocation\n/ \n{\n}\n")
    assert [(d.name, d.line) for d in ds] == [("server_tokens", 3), ("location", 6)]


def test_empty_and_comment_only_files(tmp_path):
    assert conf(tmp_path, "") == []
    assert conf(tmp_path, "  # nothing\n# at all") == []


# --- nginx syntax: errors --------------------------------------------------

ERRORS = [
    ("events {}\n}\n", 'unexpected "}" in t.conf:2'),
    ("http { server_tokens on }\n", 'unexpected "}" in t.conf:1'),
    ("events {}\n;\n", 'unexpected ";" in t.conf:2'),
    ("events {}\n{\n", 'unexpected "{" in t.conf:2'),
    ('worker_processes "1"x;', 'unexpected "x" in t.conf:1'),
    ("worker_processes '1'}", 'unexpected "}" in t.conf:1'),
    ("worker_processes '1'#c\n;", 'unexpected "#" in t.conf:1'),
    ('a "b""c";', 'unexpected """ in t.conf:1'),
    ("events {}\nworker_processes 1", 'unexpected end of file, expecting ";" or "}" in t.conf:2'),
    ("events {}\nworker_processes 1\n", 'unexpected end of file, expecting ";" or "}" in t.conf:3'),
    ("events {}\nworker_processes", 'unexpected end of file, expecting ";" or "}" in t.conf:2'),
    ('worker_processes "1\n\n', 'unexpected end of file, expecting ";" or "}" in t.conf:3'),
    ("worker_processes \\", 'unexpected end of file, expecting ";" or "}" in t.conf:1'),
    ("events {}\nhttp {\n server {\n", 'unexpected end of file, expecting "}" in t.conf:4'),
    ("http {\n server {\n}\n\n", 'unexpected end of file, expecting "}" in t.conf:5'),
    ("include a.conf {\n}\n", 'directive "include" is not terminated by ";" in t.conf:1'),
    ("include a.conf b;", 'invalid number of arguments in "include" directive in t.conf:1'),
    ("\ninclude;", 'invalid number of arguments in "include" directive in t.conf:2'),
]


@pytest.mark.parametrize("text,message", ERRORS)
def test_errors(tmp_path, text, message):
    assert conf_error(tmp_path, text) == message


def test_missing_main_file(tmp_path):
    path = tmp_path / "none.conf"
    with pytest.raises(ConfError, match=r'^open\(\) ".*/none.conf" failed \(2: No such file or directory\)$'):
        nginx_syntax.parse_file(str(path))


# --- nginx syntax: the -g option -------------------------------------------

def test_command_line(tmp_path):
    ds = nginx_syntax.parse_text("daemon off; worker_processes 2;  # why not", COMMAND_LINE, str(tmp_path))
    assert shape(ds) == [("daemon", ["off"], None, False), ("worker_processes", ["2"], None, False)]
    # nginx names no line for them: `... in command line`
    assert str(ds[0].error("is duplicate")) == "is duplicate in command line"


@pytest.mark.parametrize("text,message", [
    ("worker_processes 1", 'unexpected end of parameter, expecting ";" in command line'),
    ("daemon off; pcre_jit off ", 'unexpected end of parameter, expecting ";" in command line'),
    ("events {}", "block directives are not supported in -g option in command line"),
    ("init_by_lua_block { }", "block directives are not supported in -g option in command line"),
    ("daemon off; }", 'unexpected "}" in command line'),
    ('daemon "off"x;', 'unexpected "x" in command line'),
    (";", 'unexpected ";" in command line'),
])
def test_command_line_errors(tmp_path, text, message):
    with pytest.raises(ConfError) as e:
        nginx_syntax.parse_text(text, COMMAND_LINE, str(tmp_path))
    assert str(e.value) == message


def test_command_line_include(tmp_path):
    write(tmp_path / "g.conf", "user nobody;\n")
    [d] = nginx_syntax.parse_text("include g.conf;", COMMAND_LINE, str(tmp_path))
    assert (d.name, d.file, d.line) == ("user", str(tmp_path / "g.conf"), 1)
    with pytest.raises(ConfError) as e:
        nginx_syntax.parse_text("include x.conf;", COMMAND_LINE, str(tmp_path))
    assert str(e.value) == f'open() "{tmp_path}/x.conf" failed (2: No such file or directory) in command line'


# --- nginx syntax: include -------------------------------------------------

def test_include_splices_directives_with_their_own_files(tmp_path):
    write(tmp_path / "mime.types", "types {\n    text/html html;\n}\n")
    write(tmp_path / "conf.d" / "b.conf", "\n\nlocation /b {}\n")
    write(tmp_path / "conf.d" / "a.conf", "location /a {}\ninclude conf.d/sub/*.conf;\n")
    write(tmp_path / "conf.d" / "sub" / "c.conf", "location /c {}\n")
    write(tmp_path / "conf.d" / "skip.txt", "garbage {")
    ds = conf(tmp_path, """\
        http {
            include mime.types;
            server {
                include conf.d/*.conf;
                include none/*.conf;
                listen 80;
            }
        }
        """)
    http = ds[0].block
    assert shape(http[:1]) == [("types", [], [("text/html", ["html"], None, False)], False)]
    server = http[1].block
    assert [(d.name, d.args) for d in server] == [
        ("location", ["/a"]), ("location", ["/c"]), ("location", ["/b"]), ("listen", ["80"])]
    # relative to the main conf's directory, whichever file includes
    assert [(Path(d.file).name, d.line) for d in server] == [
        ("a.conf", 1), ("c.conf", 1), ("b.conf", 3), ("nginx.conf", 6)]
    assert http[0].file == str(tmp_path / "mime.types")


def test_include_missing_file(tmp_path):
    assert conf_error(tmp_path, "events {}\ninclude nope.conf;\n") == (
        'open() "nope.conf" failed (2: No such file or directory) in t.conf:2')


def test_include_absolute_path(tmp_path):
    inc = write(tmp_path / "abs" / "x.conf", "user nobody;")
    [d] = conf(tmp_path / "main", f"include {inc};")
    assert d.file == inc


def test_included_file_is_parsed_on_its_own(tmp_path):
    # nginx parses an included file as a file: its blocks close in it
    write(tmp_path / "open.conf", "server {\n")
    write(tmp_path / "close.conf", "}\n")
    assert conf_error(tmp_path, "http {\ninclude open.conf;\n}\n") == (
        'unexpected end of file, expecting "}" in open.conf:2')
    assert conf_error(tmp_path, "http {\ninclude close.conf;\n") == 'unexpected "}" in close.conf:1'


def test_include_loop(tmp_path):
    write(tmp_path / "b.conf", "include t.conf;")
    assert conf_error(tmp_path, "\ninclude b.conf;") == 'include loop: "t.conf" includes itself in b.conf:1'


# --- nginx syntax: Lua blocks ----------------------------------------------

def test_lua_block_body_is_verbatim(tmp_path):
    [d] = conf(tmp_path, "content_by_lua_block { ngx.say('}') }")
    assert (d.args, d.lua, d.block) == ([" ngx.say('}') "], True, None)


LUA_BODIES = [
    'local s = "}"',
    "local s = '}'",
    r'local s = "\"}"',
    r"local s = '\'}'",
    r'local s = "\\" local t = {}',
    "local s = [[ } ]]",
    "local s = [==[ ]] } ]=] ]==]",
    "local s = [[\n}\n]]",
    "-- } a comment\nlocal a = 1",
    "--[[ }\n } ]] local a = 1",
    "--[=[ ]] } ]=]",
    "--[ } is a line comment\n",
    "local t = { a = { 1 } } local u = {}",
    "if x then return end",
    "",
]


@pytest.mark.parametrize("body", LUA_BODIES)
def test_lua_block_braces(tmp_path, body):
    ds = conf(tmp_path, "location / {\n    content_by_lua_block {" + body + "}\n    return 200;\n}\n")
    inner = ds[0].block
    assert [(d.name, d.args, d.lua) for d in inner] == [
        ("content_by_lua_block", [body], True), ("return", ["200"], False)]


def test_lua_block_arguments_and_line(tmp_path):
    path = write(tmp_path / "t.conf", """\
        location / {
            set_by_lua_block $res
            {
                local a = "{"
                return a
            }
            content_by_lua_block {
                ngx.say(ngx.var.res)
            }
        }
        """)
    d, c = nginx_syntax.parse_file(path)[0].block
    assert (d.name, d.args[0], d.lua) == ("set_by_lua_block", "$res", True)
    # nginx names the chunk `set_by_lua(t.conf:3)`: the line of the `{`
    assert d.line == 3 and c.line == 7
    assert_lua_lines(path, d)
    assert_lua_lines(path, c)


def test_unterminated_string_does_not_hide_braces(tmp_path):
    # a short string may not span lines: lua-nginx-module then counts the `}`
    ds = conf(tmp_path, 'content_by_lua_block {\n local s = "abc\n }\nreturn 200;\n')
    assert [(d.name, d.args) for d in ds] == [
        ("content_by_lua_block", ['\n local s = "abc\n ']), ("return", ["200"])]


LUA_ERRORS = [
    ("content_by_lua_block {\n local t = {\n }\n local u = {\n\n",
     "unexpected end of file, expecting terminating characters for lua code block in t.conf:4"),
    ("content_by_lua_block {\n local t = 1\n\n",
     "unexpected end of file, expecting terminating characters for lua code block in t.conf:1"),
    ("content_by_lua_block\n\n {",
     "unexpected end of file, expecting terminating characters for lua code block in t.conf:3"),
    ("\ncontent_by_lua_block {\n\n local s = [[ \n}",
     'Lua code block missing the closing long bracket "]]", the inlined Lua code may be too long'
     " in t.conf:4"),
    ("content_by_lua_block { local s = [==[abc ]] \n } ",
     'Lua code block missing the closing long bracket "]==]", the inlined Lua code may be too long'
     " in t.conf:1"),
    ("content_by_lua_block {\n --[=[ x\n } ",
     'Lua code block missing the closing long bracket "]=]", the inlined Lua code may be too long'
     " in t.conf:2"),
    ("content_by_lua_block { a() }x\n}", 'unexpected "}" in t.conf:2'),
]


@pytest.mark.parametrize("text,message", LUA_ERRORS)
def test_lua_block_errors(tmp_path, text, message):
    assert conf_error(tmp_path, text) == message


def test_plain_lua_directive_is_a_quoted_word(tmp_path):
    [d] = conf(tmp_path, r"""content_by_lua 'ngx.say("a\tb", \'{\')';""")
    assert (d.args, d.lua) == (['ngx.say("a\tb", \'{\')'], False)


# --- YAML syntax -----------------------------------------------------------

def test_yaml_scalars(tmp_path):
    ds = yconf(tmp_path, """\
        worker_processes: auto
        error_log: logs/error.log warn
        log_format: main '$remote_addr "$request"' "x y"
        lua_package_path: "lualib/?.lua;;"
        sendfile: off
        gzip: On
        tcp_nodelay: yes
        tcp_nopush: true
        lua_code_cache: False
        keepalive_requests: 1000
        keepalive_timeout: 7.5
        server_tokens:
        absolute_redirect: ~
        default_type: "null"
        """)
    assert [[d.name, *d.args] for d in ds] == [
        ["worker_processes", "auto"],
        ["error_log", "logs/error.log", "warn"],
        ["log_format", "main", '$remote_addr "$request"', "x y"],
        ["lua_package_path", "lualib/?.lua;;"],
        ["sendfile", "off"],
        ["gzip", "On"],
        ["tcp_nodelay", "yes"],
        ["tcp_nopush", "on"],
        ["lua_code_cache", "off"],
        ["keepalive_requests", "1000"],
        ["keepalive_timeout", "7.5"],
        ["server_tokens"],
        ["absolute_redirect"],
        ["default_type", "null"],
    ]
    assert [d.line for d in ds] == list(range(1, 15))


def test_yaml_lists_blocks_and_keyed_values(tmp_path):
    ds = yconf(tmp_path, """\
        events:
        http:
          lua_shared_dict: {cache: 10m, locks: 1m}
          upstream:
            backend:
              server: [127.0.0.1:8081, 127.0.0.1:8082 weight=2]
          map:
            $uri $x: {default: 0, "~^/a": 1}
          server:
            - listen: [80, "8443 reuseport"]
              set: {$a: hello}
              error_page: {"404 500": /err.html}
              location:
                "= /hello": {return: 200 hi}
                "~* \\\\.png$":
                /empty:
            - types: {text/html: html htm}
        """)
    assert shape(ds) == [
        ("events", [], [], False),
        ("http", [], [
            ("lua_shared_dict", ["cache", "10m"], None, False),
            ("lua_shared_dict", ["locks", "1m"], None, False),
            ("upstream", ["backend"], [
                ("server", ["127.0.0.1:8081"], None, False),
                ("server", ["127.0.0.1:8082", "weight=2"], None, False),
            ], False),
            ("map", ["$uri", "$x"], [
                ("default", ["0"], None, False), ("~^/a", ["1"], None, False)], False),
            ("server", [], [
                ("listen", ["80"], None, False),
                ("listen", ["8443", "reuseport"], None, False),
                ("set", ["$a", "hello"], None, False),
                ("error_page", ["404", "500", "/err.html"], None, False),
                ("location", ["=", "/hello"], [("return", ["200", "hi"], None, False)], False),
                ("location", ["~*", "\\.png$"], [], False),
                ("location", ["/empty"], [], False),
            ], False),
            ("server", [], [("types", [], [("text/html", ["html", "htm"], None, False)], False)], False),
        ], False),
    ]
    server = ds[1].block[4]
    assert server.line == 10
    assert [d.line for d in server.block] == [10, 10, 11, 12, 14, 15, 16]


def test_yaml_lua(tmp_path):
    path = write(tmp_path / "m.yaml", """\
        http:
          init_by_lua_block: |
            cache = ngx.shared.cache
            local t = {
            }
          init_worker_by_lua_block: ngx.log(ngx.ERR, "a, b")
          server:
            location:
              /:
                set_by_lua_block:
                  $res: |

                    return "}" -- { yes: no
                content_by_lua: 'ngx.say("\\t")'
                log_by_lua_block:
        """)
    http = yaml_syntax.parse_file(path)[0].block
    init, worker, server = http
    assert (init.args, init.lua, init.line) == (["\ncache = ngx.shared.cache\nlocal t = {\n}\n"], True, 2)
    assert (worker.args, worker.line) == (['ngx.log(ngx.ERR, "a, b")'], 6)
    set_by, content, log = server.block[0].block
    assert (set_by.args, set_by.lua, set_by.line) == (["$res", '\n\nreturn "}" -- { yes: no\n'], True, 11)
    assert (content.args, content.lua) == (['ngx.say("\\t")'], False)
    assert (log.args, log.lua) == ([""], True)
    for d in (init, set_by):
        assert_lua_lines(path, d)


def test_yaml_include(tmp_path):
    write(tmp_path / "conf.d" / "b.yaml", "location:\n  /b: {return: 204}\n")
    write(tmp_path / "conf.d" / "a.yml", "\nlisten: 8081\n")
    write(tmp_path / "conf.d" / "c.conf", "location /c {\n    return 200;\n}\n")
    write(tmp_path / "conf.d" / "empty.yaml", "")
    write(tmp_path / "more.conf", "listen 9000;\n")
    ds = yconf(tmp_path, """\
        server:
          include: "conf.d/*"
          listen: 80
          include: [more.conf, nothing/*.yaml]
        """)
    server = ds[0].block
    assert [(d.name, d.args) for d in server] == [
        ("listen", ["8081"]), ("location", ["/b"]), ("location", ["/c"]),
        ("listen", ["80"]), ("listen", ["9000"])]
    assert [(Path(d.file).name, d.line) for d in server] == [
        ("a.yml", 2), ("b.yaml", 2), ("c.conf", 1), ("moongate.yaml", 3), ("more.conf", 1)]


YAML_ERRORS = [
    ("a: [1\n", "yaml: while parsing a flow sequence, expected ',' or ']', but got '<stream end>' in m.yaml:2"),
    ("a: b\n c: d\n", "yaml: mapping values are not allowed here in m.yaml:2"),
    ("a: 'x\n", "yaml: while scanning a quoted scalar, found unexpected end of stream in m.yaml:2"),
    ("a: 1\n---\nb: 2\n", "yaml: expected a single document in the stream, but found another document"
     " in m.yaml:2"),
    ("- a\n- b\n", "the top level of a YAML conf must be a mapping of directives in m.yaml:1"),
    ("\n\nplain\n", "the top level of a YAML conf must be a mapping of directives in m.yaml:3"),
    ("http:\n  set: {$a: {b: c}}\n", '"set" directive cannot take a mapping or list as an argument in m.yaml:2'),
    ("listen: [[80]]\n", '"listen" directive cannot take a list inside a list in m.yaml:1'),
    ("location:\n  /: 200\n", 'the block of a "location" directive must be a mapping in m.yaml:2'),
    ("[a]: b\n", "a directive name must be a string in m.yaml:1"),
    ("log_format: main 'x\n", "unexpected end of value, expecting closing ' in m.yaml:1"),
    ("log_format: main 'x'y\n", 'unexpected "y" in m.yaml:1'),
    ("include: a b\n", 'invalid number of arguments in "include" directive in m.yaml:1'),
    ("\ninclude: nope.yaml\n", 'open() "nope.yaml" failed (2: No such file or directory) in m.yaml:2'),
    ("a: 1\nb: c\x01\n", "yaml: unacceptable character #x0001 in m.yaml:2"),
]


@pytest.mark.parametrize("text,message", YAML_ERRORS)
def test_yaml_errors(tmp_path, text, message):
    (tmp_path / "m.yaml").write_text(text)
    with pytest.raises(ConfError) as e:
        yaml_syntax.parse_file(str(tmp_path / "m.yaml"))
    assert str(e.value).replace(str(tmp_path) + "/", "") == message


def test_yaml_empty_file(tmp_path):
    assert yconf(tmp_path, "# nothing\n") == []


def test_yaml_invalid_utf8(tmp_path):
    (tmp_path / "m.yaml").write_bytes(b"a: 1\nb: \xff\n")
    with pytest.raises(ConfError, match=r"^yaml: invalid UTF-8 in .*/m.yaml:2$"):
        yaml_syntax.parse_file(str(tmp_path / "m.yaml"))


# --- both syntaxes ---------------------------------------------------------

NGINX_CONF = """\
worker_processes auto;
error_log logs/error.log warn;
events {
    worker_connections 1024;
}
http {
    lua_package_path "lualib/?.lua;;";
    lua_shared_dict cache 10m;
    lua_shared_dict locks 1m;
    log_format main '$remote_addr - [$time_local] "$request" $status';
    access_log logs/access.log main;
    sendfile off;
    init_by_lua_block {
cache = ngx.shared.cache
}
    upstream backend {
        server 127.0.0.1:8081;
        server 127.0.0.1:8082 weight=2;
        keepalive 64;
    }
    server {
        listen 8080;
        listen 8443 reuseport;
        error_page 404 500 /err.html;
        location = /hello {
            content_by_lua_block {
ngx.say("hello, world")  -- }
}
        }
        location /api/ {
            access_by_lua_block {
if ngx.var.http_x_token ~= "secret" then return ngx.exit(403) end
}
            proxy_pass http://backend;
        }
        location ~* \\.png$ {
            set_by_lua_block $ext {
return "png"
}
            if ($http_x = "y") {
                return 403;
            }
            expires 1d;
        }
    }
    server {
        listen 8081;
        location / { return 200 'ok\\n'; }
    }
}
"""

YAML_CONF = """\
worker_processes: auto
error_log: logs/error.log warn
events:
  worker_connections: 1024
http:
  lua_package_path: "lualib/?.lua;;"
  lua_shared_dict: {cache: 10m, locks: 1m}
  log_format: main '$remote_addr - [$time_local] "$request" $status'
  access_log: logs/access.log main
  sendfile: off
  init_by_lua_block: |
    cache = ngx.shared.cache
  upstream:
    backend:
      server: [127.0.0.1:8081, 127.0.0.1:8082 weight=2]
      keepalive: 64
  server:
    - listen: [8080, 8443 reuseport]
      error_page: {"404 500": /err.html}
      location:
        = /hello:
          content_by_lua_block: |
            ngx.say("hello, world")  -- }
        /api/:
          access_by_lua_block: |
            if ngx.var.http_x_token ~= "secret" then return ngx.exit(403) end
          proxy_pass: http://backend
        ~* \\.png$:
          set_by_lua_block:
            $ext: |
              return "png"
          if:
            ($http_x = "y"): {return: 403}
          expires: 1d
    - listen: 8081
      location:
        /: {return: "200 'ok\\\\n'"}
"""


def test_both_syntaxes_give_one_tree(tmp_path):
    nginx_tree = nginx_syntax.parse_file(write(tmp_path / "nginx.conf", NGINX_CONF))
    yaml_tree = yaml_syntax.parse_file(write(tmp_path / "moongate.yaml", YAML_CONF))
    assert shape(yaml_tree) == shape(nginx_tree)
    assert yaml_tree[3].block[3].args == ["main", '$remote_addr - [$time_local] "$request" $status']
