"""The Lua lexer: source bytes -> token arrays, by LuaJIT 2.1's rules.

LuaJIT is the reference for what is a token and for every message text:
  - identifiers may contain bytes >= 0x80 (UTF-8 names work);
  - numbers are scanned greedily (identifier chars, '.', and a sign right
    after an exponent letter), then validated: decimal, hex (with hex floats),
    binary `0b101`, the imaginary suffix `i` and the ffi suffixes LL/ULL;
  - strings take \\a..\\v, \\ddd, \\xXX, \\z, \\u{hex digits} and backslash-newline;
  - any of \\n, \\r, \\r\\n, \\n\\r is one line break;
  - a UTF-8 BOM and a first line starting with '#' are skipped.

The whole source is lexed up front into a token list (fast: one compiled
master pattern). A lexical error does not raise here: it becomes the last
token, of kind ERROR, whose value is the exception. The parser raises it when
that token becomes current, which is exactly when LuaJIT's on-demand lexer
would have failed, so an earlier syntax error still wins.

Token kinds are str: keywords and operators are their own text ('end', '=='),
other tokens are NAME, NUMBER, STRING, EOF, ERROR, or the single stray
character itself (e.g. '@'), which the parser reports as unexpected.
"""
from __future__ import annotations

import math
import re

from .value import LuaError

NAME = "<name>"
NUMBER = "<number>"
STRING = "<string>"
EOF = "<eof>"
ERROR = "<error>"

KEYWORDS = {
    kw.encode(): kw for kw in (
        "and", "break", "do", "else", "elseif", "end", "false", "for",
        "function", "if", "in", "local", "nil", "not", "or", "repeat",
        "return", "then", "true", "until", "while")
}
# `goto` is deliberately not a keyword: it works as a name anywhere in LuaJIT
# (`local goto = 1`); the parser decides when it starts a goto statement.

_OPERATORS = {
    op.encode(): op for op in (
        "...", "..", "==", "~=", "<=", ">=", "::", "+", "-", "*", "/", "%",
        "^", "#", "<", ">", "=", "(", ")", "{", "}", "[", "]", ";", ":", ",",
        ".")
}


class LuaSyntaxError(LuaError):
    """A compile-time error; `.value` is the full message as bytes."""


def syntax_error(chunkname: str, line: int, msg: str | bytes,
                 near: bytes | None = None) -> LuaSyntaxError:
    """Build LuaJIT's `chunk:line: msg near 'tok'` error (no `near` if None)."""
    if isinstance(msg, str):
        msg = msg.encode("utf-8", "surrogateescape")
    text = b"%s:%d: %s" % (chunkname.encode("utf-8", "surrogateescape"), line, msg)
    if near is not None:
        # LuaJIT formats with C's %s, so the token text stops at a NUL byte
        text += b" near '%s'" % near.split(b"\0", 1)[0]
    return LuaSyntaxError(text)


def near_text(kind: str, value, raw) -> bytes | None:
    """How LuaJIT shows a token after `near`: the source text of names and
    numbers, strings with their delimiters (escapes already decoded), and
    `char(N)` for control characters. NUL shows nothing at all."""
    if kind is NAME or kind is NUMBER:
        return raw
    if kind is STRING:
        if raw[:1] == b"[":
            return raw + value + raw.replace(b"[", b"]")
        return raw + value + raw
    if len(kind) == 1:
        code = ord(kind)
        if code == 0:
            return None
        if code < 32 or code == 127:
            return b"char(%d)" % code
        return kind.encode("latin-1")
    return kind.encode("latin-1")


class Tokens:
    """The token stream; the last token is EOF or ERROR.

    `toks[i]` is a (kind, value, raw) tuple, shared between equal tokens:
    value is a str for names, bytes for strings, (value, suffix) for numbers
    (as ast.Number wants them), the exception for ERROR, else None; raw is
    the source text of names and numbers and the opening delimiter of
    strings, only used to write error messages.
    `lines[i]` is the line where token i ends (LuaJIT's line for errors).
    """
    __slots__ = ("toks", "lines")

    def __init__(self) -> None:
        self.toks: list[tuple] = []
        self.lines: list[int] = []


# One match per token, white space before it included. A word is a name, a
# keyword or an operator. Groups other than word/nl/num/str/end are rare and
# handled by the _Lexer methods of the same name.
_TOKEN_RE = re.compile(rb"""[ \t\v\f]*(?:
 (?P<word>[A-Za-z_\x80-\xff][0-9A-Za-z_\x80-\xff]*
        |\.\.\.|\.\.|==|~=|<=|>=|::|[+*/%^\#<>=(){}\];:,]|-(?!-)|\[(?![\[=])|\.(?![0-9]))
|(?P<nl>\r\n?|\n\r?)
|(?P<num>0[xX](?:[pP][-+]|[0-9A-Za-z_\x80-\xff.])*
        |(?:[0-9]|\.[0-9])(?:[eE][-+]|[0-9A-Za-z_\x80-\xff.])*)
|(?P<str>"[^"\\\r\n]*"|'[^'\\\r\n]*')
|(?P<comment>--)
|(?P<long_string>\[=*\[)
|(?P<bad_long>\[=+)
|(?P<escaped_string>["'])
|(?P<end>\Z)
|(?P<stray>.)
)""", re.X | re.S)

_WORD, _NL, _NUM, _STR, _END = (_TOKEN_RE.groupindex[g] for g in ("word", "nl", "num", "str", "end"))
_FIXED_TOKENS = {text: (kind, None, None) for text, kind in {**KEYWORDS, **_OPERATORS}.items()}
_LINE_END_RE = re.compile(rb"[^\r\n]*")
_LONG_OPEN_RE = re.compile(rb"\[=*\[")
_NEWLINE_PAIR_RE = re.compile(rb"\r\n|\n\r")
_NEWLINE_RE = re.compile(rb"\r\n|\n\r|\r")
_STRING_RUN_RE = {ord('"'): re.compile(rb'[^"\\\r\n]*'), ord("'"): re.compile(rb"[^'\\\r\n]*")}
_ESCAPES = {ord(k): ord(v) for k, v in zip("abfnrtv\\\"'", "\a\b\f\n\r\t\v\\\"'")}
_SPACE = frozenset(b" \t\v\f\r\n")
_HEXDIGITS = frozenset(b"0123456789abcdefABCDEF")

# Number token bodies LuaJIT's strscan accepts, and the suffixes after them.
_NUMBER_RE = re.compile(rb"""
 (?: 0[xX](?P<hint>[0-9a-fA-F]*)(?:\.(?P<hfrac>[0-9a-fA-F]*))?(?:[pP](?P<hexp>[-+]?[0-9]+))?
   | 0[bB](?P<bin>[01]+)
   | (?P<dint>[0-9]*)(?P<ddot>\.[0-9]*)?(?P<dexp>[eE][-+]?[0-9]+)? )
 (?: (?P<imag>[iI]) | (?P<ll>[uU]?[lL][lL]|[lL][lL][uU]) )?
""", re.X)


_MAX_EXPONENT = (1 << 20) - 1      # LuaJIT's strscan rejects larger exponents


def count_newlines(text: bytes) -> int:
    """Line breaks in text, a \\r\\n or \\n\\r pair counting once."""
    n = text.count(b"\n") + text.count(b"\r")
    if n and b"\r" in text and b"\n" in text:
        n -= len(_NEWLINE_PAIR_RE.findall(text))
    return n


def convert_number(text: bytes):
    """(value, suffix) for a number token's text, or None if malformed.

    value is a float, suffix None; with `i` it is the imaginary part, suffix
    'i'; with LL/ULL an int wrapped to int64/uint64, suffix 'LL'/'ULL'.
    """
    if text.isdigit():                  # the common case: a plain integer
        return float(text), None
    m = _NUMBER_RE.fullmatch(text)
    if m is None:
        return None
    exp = m["hexp"] or m["dexp"]
    if exp is not None and abs(int(exp.lstrip(b"eE"))) > _MAX_EXPONENT:
        return None
    if m["bin"] is not None:
        parsed = _binary_value(m["bin"])
    elif m["hint"] is not None:
        parsed = _hex_value(m["hint"], m["hfrac"], m["hexp"])
    else:
        parsed = _decimal_value(m["dint"], m["ddot"], m["dexp"])
    if parsed is None:
        return None
    value, integer = parsed
    if m["imag"]:
        return value, "i"
    if m["ll"] is None:
        return value, None
    return _int64_literal(integer, m["ll"])


# The helpers below return (float value, int value or None if the literal is
# not an integer), or None when malformed.

def _binary_value(digits: bytes):
    if len(digits.lstrip(b"0")) > 64:   # LuaJIT: binary literals hold 64 bits at most
        return None
    integer = int(digits, 2)
    return float(integer), integer


def _hex_value(whole: bytes, frac: bytes | None, exp: bytes | None):
    if not whole and not frac:
        return None
    if frac is None and exp is None:
        integer = int(whole, 16)
        return float(integer), integer
    # float.fromhex rounds correctly, like LuaJIT's strscan
    text = "0x%s.%sp%s" % ((whole or b"0").decode(), (frac or b"").decode(), (exp or b"0").decode())
    try:
        return float.fromhex(text), None
    except OverflowError:
        return math.inf, None


def _decimal_value(whole: bytes, dot: bytes | None, exp: bytes | None):
    if not whole and (dot is None or dot == b"."):
        return None
    value = float(whole + (dot or b"") + (exp or b""))
    return value, (int(whole) if dot is None and exp is None else None)


def _int64_literal(integer: int | None, suffix: bytes):
    """LuaJIT's 64-bit integer cdata literal: LL wraps to signed."""
    if integer is None or integer >= 1 << 64:
        return None
    if suffix.upper() == b"LL":
        return (integer - (1 << 64) if integer >= 1 << 63 else integer), "LL"
    return integer, "ULL"


def _skip_header(src: bytes, chunkname: str) -> tuple[int, int]:
    """Skip a UTF-8 BOM and a first line starting with '#'; refuse bytecode.

    Returns (position, line) where lexing starts.
    """
    pos, line, header = 0, 1, False
    if src.startswith(b"\xef\xbb\xbf"):
        pos, header = 3, True
    if src[pos:pos + 1] == b"#":
        pos = _LINE_END_RE.match(src, pos).end()
        if pos < len(src):
            pos += 2 if src[pos:pos + 2] in (b"\r\n", b"\n\r") else 1
            line = 2
        header = True
    if src[pos:pos + 1] == b"\x1b":
        # LuaJIT bytecode: this VM cannot run it. With a header in front,
        # LuaJIT refuses without even naming the chunk.
        if header:
            raise LuaSyntaxError(b"cannot load malformed bytecode")
        raise LuaSyntaxError(chunkname.encode("utf-8", "surrogateescape")
                             + b": cannot load incompatible bytecode")
    return pos, line


class _Lexer:
    """One tokenize() run: the scanning state, the main loop and the
    scanners for the rarer tokens."""

    def __init__(self, src: bytes, chunkname: str, line: int) -> None:
        self.src = src
        self.chunkname = chunkname
        self.line = line
        self.toks = Tokens()

    def error(self, msg: str, near: bytes | None) -> LuaSyntaxError:
        return syntax_error(self.chunkname, self.line, msg, near)

    def add(self, kind: str, value, raw) -> None:
        self.toks.toks.append((kind, value, raw))
        self.toks.lines.append(self.line)

    def scan(self, pos: int) -> None:
        """Lex from pos to the end; the common tokens are handled inline.

        Tokens are cached by their text, so a name or number is decoded
        once and equal tokens share one tuple.
        """
        src = self.src
        add_tok, add_line = self.toks.toks.append, self.toks.lines.append
        seen = dict(_FIXED_TOKENS)
        match = _TOKEN_RE.match
        line = self.line
        while True:
            m = match(src, pos)
            pos = m.end()
            group = m.lastindex
            if group == _WORD:
                text = m[_WORD]
                tok = seen.get(text)
                if tok is None:
                    tok = seen[text] = (NAME, text.decode("utf-8", "surrogateescape"), text)
                add_tok(tok)
            elif group == _NL:
                line += 1
                continue
            elif group == _NUM:
                text = m[_NUM]
                tok = seen.get(text)
                if tok is None:
                    value = convert_number(text)
                    if value is None:
                        self.line = line
                        raise self.error("malformed number", text)
                    tok = seen[text] = (NUMBER, value, text)
                add_tok(tok)
            elif group == _STR:
                text = m[_STR]
                add_tok((STRING, text[1:-1], text[:1]))
            elif group == _END:
                self.line = line
                return
            else:
                self.line = line
                pos = getattr(self, m.lastgroup)(m, pos)
                line = self.line
                continue
            add_line(line)

    def comment(self, m, pos: int) -> int:
        long = _LONG_OPEN_RE.match(self.src, pos)
        if long is None:
            return _LINE_END_RE.match(self.src, pos).end()
        return self.long_bracket(long.end(), long.end() - pos - 2, "comment")[1]

    def long_string(self, m, pos: int) -> int:
        opener = m.group("long_string")
        value, pos = self.long_bracket(pos, len(opener) - 2, "string")
        self.add(STRING, value, opener)
        return pos

    def bad_long(self, m, pos: int) -> int:
        raise self.error("invalid long string delimiter", m.group("bad_long"))

    def escaped_string(self, m, pos: int) -> int:
        value, pos = self.short_string(m.start("escaped_string"))
        self.add(STRING, value, m.group("escaped_string"))
        return pos

    def stray(self, m, pos: int) -> int:
        """A character no token starts with: the parser reports it."""
        self.add(m.group("stray").decode("latin-1"), None, None)
        return pos

    def long_bracket(self, pos: int, level: int, what: str) -> tuple[bytes, int]:
        """Body of a long string/comment whose opener ends at pos.

        Returns (body, end position); the first line break is dropped and
        every line break becomes \\n, as in LuaJIT.
        """
        src = self.src
        closer = b"]" + b"=" * level + b"]"
        end = src.find(closer, pos)
        if end < 0:
            self.line += count_newlines(src[pos:])
            raise self.error(f"unfinished long {what}", b"<eof>")
        body = src[pos:end]
        self.line += count_newlines(body)
        if body[:1] in (b"\r", b"\n"):
            body = body[2:] if body[:2] in (b"\r\n", b"\n\r") else body[1:]
        if b"\r" in body:
            body = _NEWLINE_RE.sub(b"\n", body)
        return body, end + len(closer)

    def short_string(self, pos: int) -> tuple[bytes, int]:
        """A quoted string with escapes or line breaks; pos is at the quote.

        Returns (value, end position). Errors show the text decoded so far.
        """
        src = self.src
        n = len(src)
        quote = src[pos]
        run = _STRING_RUN_RE[quote].match
        buf = bytearray()
        pos += 1
        while True:
            m = run(src, pos)
            buf += m.group()
            pos = m.end()
            if pos >= n:
                raise self.error("unfinished string", b"<eof>")
            c = src[pos]
            if c == quote:
                return bytes(buf), pos + 1
            if c != 92:                 # a raw line break ends the line, not the string
                raise self.error("unfinished string", bytes([quote]) + bytes(buf))
            pos = self.escape(pos + 1, buf, quote)

    def escape(self, pos: int, buf: bytearray, quote: int) -> int:
        """Decode the escape after a backslash into buf; returns the new pos."""
        src = self.src
        if pos >= len(src):
            raise self.error("unfinished string", b"<eof>")
        c = src[pos]
        simple = _ESCAPES.get(c)
        if simple is not None:
            buf.append(simple)
            return pos + 1
        if c in (10, 13):               # backslash-newline keeps a \n
            buf.append(10)
            self.line += 1
            pair = src[pos:pos + 2]
            return pos + (2 if pair in (b"\r\n", b"\n\r") else 1)
        if 48 <= c <= 57:               # \ddd: up to three decimal digits
            end = pos + 1
            while end < pos + 3 and end < len(src) and 48 <= src[end] <= 57:
                end += 1
            value = int(src[pos:end])
            if value <= 255:
                buf.append(value)
                return end
        elif c == 120:                  # \xXX: exactly two hex digits
            digits = src[pos + 1:pos + 3]
            if len(digits) == 2 and all(d in _HEXDIGITS for d in digits):
                buf.append(int(digits, 16))
                return pos + 3
        elif c == 122:                  # \z: skip the following white space
            return self.skip_space(pos + 1)
        elif c == 117:                  # \u{hex digits}: UTF-8 of a code point
            end = self.unicode_escape(pos + 1, buf)
            if end >= 0:
                return end
        raise self.error("invalid escape sequence", bytes([quote]) + bytes(buf))

    def skip_space(self, pos: int) -> int:
        """Skip white space and line breaks from pos, counting the lines."""
        src = self.src
        while pos < len(src) and src[pos] in _SPACE:
            if src[pos] in (10, 13):
                self.line += 1
                if src[pos:pos + 2] in (b"\r\n", b"\n\r"):
                    pos += 1
            pos += 1
        return pos

    def unicode_escape(self, pos: int, buf: bytearray) -> int:
        """Decode `{hex digits}` at pos into buf; -1 if invalid (as LuaJIT judges)."""
        src = self.src
        if src[pos:pos + 1] != b"{":
            return -1
        pos += 1
        code = 0
        start = pos
        while pos < len(src) and src[pos] in _HEXDIGITS:
            code = code * 16 + int(src[pos:pos + 1], 16)
            if code >= 0x110000:
                return -1
            pos += 1
        if pos == start or src[pos:pos + 1] != b"}" or 0xD800 <= code < 0xE000:
            return -1
        buf += chr(code).encode("utf-8")
        return pos + 1


def tokenize(src: bytes, chunkname: str) -> Tokens:
    """Lex a whole chunk. Raises LuaSyntaxError only for bytecode input; a
    lexical error becomes the final ERROR token (see the module docstring)."""
    pos, line = _skip_header(src, chunkname)
    lx = _Lexer(src, chunkname, line)
    try:
        lx.scan(pos)
        lx.add(EOF, None, None)
    except LuaSyntaxError as err:
        lx.add(ERROR, err, None)
    return lx.toks
