"""Lua 5.1 patterns on byte strings, matched as LuaJIT 2.1 matches them.

A pattern is compiled once into a short list of items (one per pattern
element, listing below) and cached. Matching then takes one of two roads:

- `RegexPattern`: most patterns (classes, sets, quantifiers, captures, `$`,
  back-references, `%f`) become a Python `re` bytes regex that explores the
  same alternatives in the same order as Lua's backtracking matcher (Lua
  quantifies single-byte classes only, never groups, so greedy `*`/`+`/`?`
  and lazy `*?` backtrack exactly like `max_expand`/`min_expand`); it finds
  the same match, at C speed.
- `MachinePattern`: the rest (`%b`, malformed patterns, whose error Lua only
  raises when matching reaches it, and patterns deep enough to hit
  "pattern too complex") run on a backtracking machine with an explicit
  stack that mirrors the recursive matcher step by step, depth counter
  included, so long subjects never exhaust Python's stack.

Both kinds expose `search(s, pos)` and `match(s, pos)` (leftmost match from
pos / a match at pos only), returning objects with `span()`, and turn them
into Lua values with `captures` / `capture` (bytes, or a 1-based float
position for `()`). The caller strips a leading `^` anchor itself, because
gmatch treats it as a literal.

Items (tuples, first field the kind):
    (CHAR, table, quant)   one byte in a 256-entry 0/1 table; quant ONE/OPT/STAR/PLUS/LAZY
    (OPEN, index, is_pos)  `(` or the position capture `()`
    (CLOSE, index)         `)`: closes the last open capture
    (BALANCE, x, y, scan)  `%bxy`; scan finds the next x or y
    (FRONTIER, table)      `%f[set]`
    (BACKREF, index)       `%1`-`%9`
    (AT_END,)              `$` as the last pattern byte
    (ERROR, message)       a malformed pattern: raised when matching gets here
    (END,)                 the match succeeds
"""
from __future__ import annotations

import re
from typing import Callable

from ..auxlib import lua_error
from ..value import fmt_number

MAXCAPTURES = 32        # LUA_MAXCAPTURES
MAXDEPTH = 200          # LuaJIT's LJ_MAX_XLEVEL: nesting of the recursive matcher
CACHE_MAX = 1024        # compiled patterns kept (oldest dropped first)

CHAR, OPEN, CLOSE, BALANCE, FRONTIER, BACKREF, AT_END, ERROR, END = range(9)
ONE, OPT, STAR, PLUS, LAZY = range(5)
_QUANT = {ord("?"): OPT, ord("*"): STAR, ord("+"): PLUS, ord("-"): LAZY}

CAP_UNFINISHED = -1     # capture lengths that are not lengths, as in lstrlib
CAP_POSITION = -2

WHOLE = -1              # `%0` in a gsub replacement template


# -- character classes (C locale <ctype.h> on bytes) ------------------------

def _table(pred: Callable[[int], bool]) -> bytes:
    return bytes(1 if pred(c) else 0 for c in range(256))


def _isalpha(c: int) -> bool:
    return 65 <= c <= 90 or 97 <= c <= 122


def _isdigit(c: int) -> bool:
    return 48 <= c <= 57


_CLASS_PREDICATES = {
    "a": _isalpha,
    "c": lambda c: c < 32 or c == 127,
    "d": _isdigit,
    "g": lambda c: 33 <= c <= 126,
    "l": lambda c: 97 <= c <= 122,
    "p": lambda c: 33 <= c <= 126 and not (_isalpha(c) or _isdigit(c)),
    "s": lambda c: 9 <= c <= 13 or c == 32,
    "u": lambda c: 65 <= c <= 90,
    "w": lambda c: _isalpha(c) or _isdigit(c),
    "x": lambda c: _isdigit(c) or 65 <= c <= 70 or 97 <= c <= 102,
    "z": lambda c: c == 0,
}

# built by slicing, not from predicates: 256 x 256 calls cost ~8 ms of start-up
_NONE = bytes(256)
LITERAL = [_NONE[:b] + b"\x01" + _NONE[b + 1:] for b in range(256)]
ANY = bytes([1]) * 256
_FLIP = bytes([1, 0]) + bytes(254)     # 0 <-> 1


def _invert(table) -> bytes:
    return bytes(table).translate(_FLIP)


def _class_tables() -> list:
    """The table for `%x`, for every byte x: a class, its complement when
    upper case, else the byte itself (`%.` is a dot)."""
    tables = list(LITERAL)
    for name, pred in _CLASS_PREDICATES.items():
        t = _table(pred)
        tables[ord(name)] = t
        tables[ord(name.upper())] = _invert(t)
    return tables


CLASS = _class_tables()


# -- parsing ----------------------------------------------------------------

class _Malformed(Exception):
    """A pattern error found while compiling; becomes an ERROR item."""


def _class_end(p: bytes, i: int) -> int:
    """Index just past the single-byte class starting at p[i] (classEnd)."""
    n = len(p)
    c = p[i]
    i += 1
    if c == 37:                                 # %x
        if i >= n:
            raise _Malformed("malformed pattern (ends with '%')")
        return i + 1
    if c == 91:                                 # [set]
        if i < n and p[i] == 94:
            i += 1
        while True:                             # the first byte is never the closing ]
            if i >= n:
                raise _Malformed("malformed pattern (missing ']')")
            c = p[i]
            i += 1
            if c == 37 and i < n:               # skip escapes such as %]
                i += 1
            if i < n and p[i] == 93:
                return i + 1
    return i


def _set_table(p: bytes, start: int, close: int) -> bytes:
    """The table of the set p[start] == '[' .. p[close] == ']'."""
    member = bytearray(256)
    i = start + 1
    negate = p[i] == 94
    if negate:
        i += 1
    while i < close:
        c = p[i]
        if c == 37:                             # %x inside a set
            cls = CLASS[p[i + 1]]
            for b in range(256):
                if cls[b]:
                    member[b] = 1
            i += 2
        elif i + 2 < close and p[i + 1] == 45:  # a-z (a trailing '-' is literal)
            for b in range(c, p[i + 2] + 1):
                member[b] = 1
            i += 3
        else:
            member[c] = 1
            i += 1
    return _invert(member) if negate else bytes(member)


def _single_table(p: bytes, i: int, end: int) -> bytes:
    c = p[i]
    if c == 46:
        return ANY
    if c == 37:
        return CLASS[p[i + 1]]
    if c == 91:
        return _set_table(p, i, end - 1)
    return LITERAL[c]


def parse(p: bytes) -> tuple[list, list]:
    """Compile pattern p (anchor already stripped) into items.

    Returns (items, states), states[i] being what capture i is when the
    match ends: CAP_POSITION, CAP_UNFINISHED, or 0 (closed).
    """
    nul = p.find(b"\0")
    if nul >= 0:
        p = p[:nul]             # Lua 5.1 reads patterns as C strings
    items: list = []
    states: list = []
    n = len(p)
    i = 0
    try:
        while i < n:
            c = p[i]
            nxt = p[i + 1] if i + 1 < n else 0
            if c == 40:                                         # (
                if len(states) >= MAXCAPTURES:
                    raise _Malformed("too many captures")
                is_pos = nxt == 41
                items.append((OPEN, len(states), is_pos))
                states.append(CAP_POSITION if is_pos else CAP_UNFINISHED)
                i += 2 if is_pos else 1
            elif c == 41:                                       # )
                index = _capture_to_close(states)
                states[index] = 0
                items.append((CLOSE, index))
                i += 1
            elif c == 36 and i + 1 == n:                        # $ at the end
                items.append((AT_END,))
                i += 1
            elif c == 37 and nxt == 98:                         # %bxy
                if i + 3 >= n:
                    raise _Malformed("unbalanced pattern")
                x, y = p[i + 2], p[i + 3]
                scan = re.compile(re.escape(bytes([x])) + b"|" + re.escape(bytes([y])))
                items.append((BALANCE, x, y, scan))
                i += 4
            elif c == 37 and nxt == 102:                        # %f[set]
                i += 2
                if i >= n or p[i] != 91:
                    raise _Malformed("missing '[' after '%f' in pattern")
                end = _class_end(p, i)
                items.append((FRONTIER, _set_table(p, i, end - 1)))
                i = end
            elif c == 37 and _isdigit(nxt):                     # %1 back-reference
                index = nxt - 49
                if index < 0 or index >= len(states) or states[index] == CAP_UNFINISHED:
                    raise _Malformed("invalid capture index")
                items.append((BACKREF, index))
                i += 2
            else:                                               # a single-byte class
                end = _class_end(p, i)
                quant = _QUANT.get(p[end], ONE) if end < n else ONE
                items.append((CHAR, _single_table(p, i, end), quant))
                i = end + (quant != ONE)
        items.append((END,))
    except _Malformed as err:
        items.append((ERROR, str(err)))
    return items, states


def _capture_to_close(states: list) -> int:
    for index in range(len(states) - 1, -1, -1):
        if states[index] == CAP_UNFINISHED:
            return index
    raise _Malformed("invalid pattern capture")


def listing(p: bytes) -> str:
    """A readable listing of a pattern's items (for debugging)."""
    names = ["CHAR", "OPEN", "CLOSE", "BALANCE", "FRONTIER", "BACKREF", "AT_END", "ERROR", "END"]
    lines = []
    for n, item in enumerate(parse(p)[0]):
        args = []
        for field in item[1:]:
            if isinstance(field, bytes) and len(field) == 256:
                args.append(_re_class(field))
            elif not isinstance(field, re.Pattern):
                args.append(repr(field))
        if item[0] == CHAR:
            args[-1] = "ONE OPT STAR PLUS LAZY".split()[item[2]]
        lines.append(f"{n:3d} {names[item[0]]:<9} {' '.join(args)}")
    return "\n".join(lines)


# -- translation to Python regular expressions ------------------------------

def _re_byte(b: int) -> str:
    return chr(b) if chr(b).isalnum() and b < 128 else "\\x%02x" % b


def _re_ranges(members: list) -> str:
    out = []
    i = 0
    while i < len(members):
        j = i
        while j + 1 < len(members) and members[j + 1] == members[j] + 1:
            j += 1
        lo, hi = members[i], members[j]
        out.append("\\x%02x" % lo if lo == hi else "\\x%02x-\\x%02x" % (lo, hi))
        i = j + 1
    return "".join(out)


_RE_CLASS_CACHE: dict = {}


def _re_class(table: bytes) -> str:
    """A regex matching exactly the bytes of a 0/1 table (compiled DOTALL)."""
    r = _RE_CLASS_CACHE.get(table)
    if r is None:
        inside = [b for b in range(256) if table[b]]
        outside = [b for b in range(256) if not table[b]]
        if not outside:
            r = "."
        elif not inside:
            r = "[^\\x00-\\xff]"
        elif len(inside) == 1:
            r = _re_byte(inside[0])
        elif len(outside) < len(inside):
            r = "[^" + _re_ranges(outside) + "]"
        else:
            r = "[" + _re_ranges(inside) + "]"
        _RE_CLASS_CACHE[table] = r
    return r


_RE_QUANT = {ONE: "", OPT: "?", STAR: "*", PLUS: "+", LAZY: "*?"}


def _re_frontier(table: bytes) -> str:
    """%f[set]: the previous byte (NUL at the start) is outside the set and
    the next one (NUL at the end) inside."""
    inside, outside = _re_class(table), _re_class(_invert(table))
    if table[0]:    # NUL in the set: the start never qualifies, the end does
        return f"(?<={outside})(?!{outside})"
    return f"(?<!{inside})(?={inside})"


def to_regex(items: list, states: list) -> str | None:
    """The Python regex equivalent to items, or None where there is none."""
    parts = []
    for item in items:
        kind = item[0]
        if kind == CHAR:
            parts.append(_re_class(item[1]) + _RE_QUANT[item[2]])
        elif kind == OPEN:
            parts.append("()" if item[2] else "(")
        elif kind == CLOSE:
            parts.append(")")
        elif kind == AT_END:
            parts.append("\\Z")
        elif kind == FRONTIER:
            parts.append(_re_frontier(item[1]))
        elif kind == BACKREF:
            # a position capture has no text: Lua's comparison always fails
            pos = states[item[1]] == CAP_POSITION
            parts.append("(?!)" if pos else "(?:\\%d)" % (item[1] + 1))
        elif kind != END:
            return None     # %b has no regex form; errors must stay lazy
    return "".join(parts)


# -- compiled patterns --------------------------------------------------------

class _Pattern:
    """What both matchers share: capture extraction and gsub's loop."""
    __slots__ = ("ncap", "poscaps", "can_be_empty")

    def capture(self, s: bytes, m, index: int):
        """Capture `index` (0-based) of match m, as Lua's get_onecapture:
        with no captures, capture 0 is the whole match."""
        if index >= self.ncap:
            if index == 0:
                st, e = m.span()
                return s[st:e]
            raise lua_error("invalid capture index")
        return self._capture(s, m, index)

    def captures(self, s: bytes, m, whole: bool) -> tuple:
        """All captures of m; the whole match if there are none and `whole`."""
        if not self.ncap:
            if whole:
                st, e = m.span()
                return (s[st:e],)
            return ()
        return tuple([self._capture(s, m, i) for i in range(self.ncap)])

    def gsub(self, s: bytes, expand, max_n: int, anchor: bool) -> tuple[bytes, int]:
        """Lua's gsub loop; expand(m) gives the bytes that replace match m.
        After an empty match one byte is copied and the scan moves on, so
        a match never starts where an empty one did."""
        out = []
        ls = len(s)
        pos = 0
        count = 0
        find = self.match if anchor else self.search
        while count < max_n:
            m = find(s, pos)
            if m is None:
                break
            st, e = m.span()
            count += 1
            out.append(s[pos:st])
            out.append(expand(m))
            if e > st:
                pos = e
            elif st < ls:
                out.append(s[st:st + 1])
                pos = st + 1
            else:
                pos = st + 1
                break
            if anchor:
                break
        out.append(s[pos:])
        return b"".join(out), count

    def expand_template(self, s: bytes, m, parts: tuple) -> bytes:
        """A gsub replacement string (compiled by compile_repl) for match m."""
        out = []
        for part in parts:
            if part.__class__ is bytes:
                out.append(part)
            elif part == WHOLE:
                st, e = m.span()
                out.append(s[st:e])
            else:
                v = self.capture(s, m, part)
                out.append(v if v.__class__ is bytes else fmt_number(v))
        return b"".join(out)

    def gsub_template(self, s: bytes, parts: tuple, max_n: int, anchor: bool) -> tuple[bytes, int]:
        return self.gsub(s, lambda m: self.expand_template(s, m, parts), max_n, anchor)


class RegexPattern(_Pattern):
    """A pattern run by Python's `re` (see the module docstring)."""
    __slots__ = ("search", "match", "regex", "templates", "members", "swaps")

    def __init__(self, regex: re.Pattern, states: list, can_be_empty: bool,
                 members: bytes | None = None) -> None:
        self.regex = regex
        self.members = members          # the bytes of a one-byte class pattern
        self.swaps: dict = {}           # one-byte literal -> its translation table
        self.search = regex.search      # (s, pos) -> re.Match | None
        self.match = regex.match
        self.ncap = len(states)
        poscaps = frozenset(i for i, st in enumerate(states) if st == CAP_POSITION)
        self.poscaps = poscaps or None
        self.can_be_empty = can_be_empty
        self.templates: dict = {}       # gsub replacement parts -> function or None

    def _capture(self, s: bytes, m, index: int):
        if self.poscaps is not None and index in self.poscaps:
            return float(m.start(index + 1) + 1)
        return m.group(index + 1)

    def captures(self, s: bytes, m, whole: bool) -> tuple:
        if self.poscaps is None:
            if self.ncap:
                return m.groups()
            return (m.group(),) if whole else ()
        return _Pattern.captures(self, s, m, whole)

    def gsub(self, s: bytes, expand, max_n: int, anchor: bool) -> tuple[bytes, int]:
        # re.subn agrees with Lua's loop when no match can be empty: both
        # take the leftmost match and go on where it ends
        if anchor or self.can_be_empty or max_n <= 0:
            return _Pattern.gsub(self, s, expand, max_n, anchor)
        return self.regex.subn(expand, s, max_n)

    def gsub_template(self, s: bytes, parts: tuple, max_n: int, anchor: bool) -> tuple[bytes, int]:
        expand = self.templates.get(parts, False)
        if expand is False:
            expand = self._template_function(parts)
            if len(self.templates) < 64:
                self.templates[parts] = expand
        if expand is None:
            return _Pattern.gsub_template(self, s, parts, max_n, anchor)
        if expand.__class__ is bytes:
            if self.members is not None and not anchor and max_n >= len(s) and len(expand) <= 1:
                return self._gsub_class(s, expand)
            # a replacement without captures: re substitutes it in C, with
            # no Python call per match (its backslashes escaped for re)
            if not (anchor or self.can_be_empty or max_n <= 0):
                return self.regex.subn(expand, s, max_n)
            literal = expand.replace(b"\\\\", b"\\")
            return self.gsub(s, lambda m: literal, max_n, anchor)
        return self.gsub(s, expand, max_n, anchor)

    def _gsub_class(self, s: bytes, literal: bytes) -> tuple[bytes, int]:
        """Every byte of a one-byte class replaced by a literal of at most
        one byte (gsub(s, "%s", "_"), gsub(s, "[^%w]", "")): two passes of
        bytes.translate in C, where re would stop at each match. (The
        literal comes escaped for re, which changes only a backslash: that
        one, two bytes long escaped, does not come here.)"""
        result = s.translate(None, self.members)
        count = len(s) - len(result)
        if literal:
            table = self.swaps.get(literal)
            if table is None:
                table = self.swaps[literal] = bytes.maketrans(self.members, literal * len(self.members))
            result = s.translate(table)
        return result, count

    def _template_function(self, parts: tuple):
        """parts as a function of the match, built on one %-format (Python
        3.11's re templates expand in Python, this is faster), or as bytes
        for re when there is no capture in them; None if a part needs Lua's
        own handling (a position capture, or a bad index whose error must
        wait for the first match)."""
        fmt = []
        groups = []
        for part in parts:
            if part.__class__ is bytes:
                fmt.append(part.replace(b"%", b"%%"))
                continue
            if part == WHOLE or (part == 0 and self.ncap == 0):
                groups.append(0)
            elif part < self.ncap and (self.poscaps is None or part not in self.poscaps):
                groups.append(part + 1)
            else:
                return None
            fmt.append(b"%s")
        template = b"".join(fmt)
        if not groups:
            return b"".join(parts).replace(b"\\", b"\\\\")     # for re (see gsub_template)
        if len(groups) == 1:
            group = groups[0]
            return lambda m: template % m.group(group)
        return lambda m: template % m.group(*groups)


class Found:
    """A match of MachinePattern: its span and capture (start, length) lists."""
    __slots__ = ("st", "e", "cst", "cln")

    def __init__(self, st: int, e: int, cst: list, cln: list) -> None:
        self.st = st
        self.e = e
        self.cst = cst
        self.cln = cln

    def span(self) -> tuple[int, int]:
        return self.st, self.e


# choice points on the machine's stack (one per pending recursive call of
# lstrlib's matcher, so len(stack) + 1 is its depth)
_F_STAR, _F_LAZY, _F_OPT, _F_OPEN, _F_CLOSE = range(5)
_OPEN_FRAME = (_F_OPEN,)


class MachinePattern(_Pattern):
    """A pattern run by the backtracking machine (see the module docstring)."""
    __slots__ = ("items", "first")

    def __init__(self, items: list, states: list) -> None:
        self.items = items
        self.ncap = len(states)
        self.poscaps = None
        self.can_be_empty = True
        self.first = self._first_byte(items[0])

    @staticmethod
    def _first_byte(item) -> bytes | None:
        """A byte every match must start with, to skip ahead with find."""
        if item[0] == BALANCE:
            return bytes([item[1]])
        if item[0] == CHAR and item[2] in (ONE, PLUS) and sum(item[1]) == 1:
            return bytes([item[1].index(1)])
        return None

    def search(self, s: bytes, pos: int):
        n = len(s)
        first = self.first
        while pos <= n:
            if first is not None:
                pos = s.find(first, pos)
                if pos < 0:
                    return None
            m = self._run(s, pos)
            if m is not None:
                return m
            pos += 1
        return None

    def match(self, s: bytes, pos: int):
        return self._run(s, pos)

    def _capture(self, s: bytes, m: Found, index: int):
        ln = m.cln[index]
        if ln == CAP_UNFINISHED:
            raise lua_error("unfinished capture")
        st = m.cst[index]
        if ln == CAP_POSITION:
            return float(st + 1)
        return s[st:st + ln]

    def _run(self, s: bytes, pos: int):
        """Match at pos: a Found, or None. Each step either advances (pc,
        pos) and continues, or falls to the bottom of the loop, where the
        latest choice point is resumed (undoing capture changes on the way)."""
        items = self.items
        n = len(s)
        start = pos
        stack: list = []
        push = stack.append
        pop = stack.pop
        cst = [0] * MAXCAPTURES
        cln = [0] * MAXCAPTURES
        level = 0
        pc = 0
        while True:
            item = items[pc]
            kind = item[0]
            if kind == CHAR:
                table = item[1]
                quant = item[2]
                if quant == ONE:
                    if pos < n and table[s[pos]]:
                        pos += 1
                        pc += 1
                        continue
                elif quant == STAR or quant == PLUS:
                    i = pos
                    while i < n and table[s[i]]:
                        i += 1
                    base = pos if quant == STAR else pos + 1
                    if i >= base:
                        push((_F_STAR, base, i, pc + 1))
                        if len(stack) >= MAXDEPTH:
                            raise lua_error("pattern too complex")
                        pos = i
                        pc += 1
                        continue
                elif quant == LAZY:
                    push((_F_LAZY, pos, table, pc + 1))
                    if len(stack) >= MAXDEPTH:
                        raise lua_error("pattern too complex")
                    pc += 1
                    continue
                else:                                   # OPT
                    if pos < n and table[s[pos]]:
                        push((_F_OPT, pos, pc + 1))
                        if len(stack) >= MAXDEPTH:
                            raise lua_error("pattern too complex")
                        pos += 1
                    pc += 1
                    continue
            elif kind == END:
                return Found(start, pos, cst[:level], cln[:level])
            elif kind == OPEN:
                cst[level] = pos
                cln[level] = CAP_POSITION if item[2] else CAP_UNFINISHED
                level += 1
                push(_OPEN_FRAME)
                if len(stack) >= MAXDEPTH:
                    raise lua_error("pattern too complex")
                pc += 1
                continue
            elif kind == CLOSE:
                index = item[1]
                cln[index] = pos - cst[index]
                push((_F_CLOSE, index))
                if len(stack) >= MAXDEPTH:
                    raise lua_error("pattern too complex")
                pc += 1
                continue
            elif kind == AT_END:
                if pos == n:
                    pc += 1
                    continue
            elif kind == BALANCE:
                e = _balance(s, pos, item)
                if e >= 0:
                    pos = e
                    pc += 1
                    continue
            elif kind == FRONTIER:
                table = item[1]
                prev = s[pos - 1] if pos > 0 else 0
                cur = s[pos] if pos < n else 0
                if not table[prev] and table[cur]:
                    pc += 1
                    continue
            elif kind == BACKREF:
                index = item[1]
                ln = cln[index]
                if ln >= 0:             # a position capture never matches
                    cs = cst[index]
                    if s.startswith(s[cs:cs + ln], pos):
                        pos += ln
                        pc += 1
                        continue
            else:                                       # ERROR
                raise lua_error(item[1])
            # the step failed: resume the latest choice point
            while stack:
                frame = pop()
                tag = frame[0]
                if tag == _F_STAR:
                    _, base, cur, nxt = frame
                    if cur > base:
                        cur -= 1
                        push((_F_STAR, base, cur, nxt))
                        pos = cur
                        pc = nxt
                        break
                elif tag == _F_LAZY:
                    _, at, table, nxt = frame
                    if at < n and table[s[at]]:
                        at += 1
                        push((_F_LAZY, at, table, nxt))
                        pos = at
                        pc = nxt
                        break
                elif tag == _F_OPT:
                    pos = frame[1]
                    pc = frame[2]
                    break
                elif tag == _F_OPEN:
                    level -= 1
                else:
                    cln[frame[1]] = CAP_UNFINISHED
            else:
                return None


def _balance(s: bytes, pos: int, item) -> int:
    """%bxy at pos: the end of the balanced run, or -1."""
    _, x, y, scan = item
    if pos >= len(s) or s[pos] != x:
        return -1
    depth = 1
    for m in scan.finditer(s, pos + 1):
        if s[m.start()] == y:       # the closer is checked first, so %bxx works
            depth -= 1
            if depth == 0:
                return m.end()
        else:
            depth += 1
    return -1


# -- entry points -------------------------------------------------------------

_CACHE: dict = {}


def build(p: bytes) -> _Pattern:
    """Compile pattern p without the cache (compile() is the cached form)."""
    items, states = parse(p)
    depth_items = sum(1 for it in items
                      if it[0] in (OPEN, CLOSE) or (it[0] == CHAR and it[2] != ONE))
    if depth_items < MAXDEPTH and CAP_UNFINISHED not in states:
        source = to_regex(items, states)
        if source is not None:
            try:
                regex = re.compile(source.encode("ascii"), re.DOTALL)
            except re.error:        # pragma: no cover - defensive
                regex = None
            if regex is not None:
                consumes = any(it[0] == CHAR and it[2] in (ONE, PLUS) for it in items)
                return RegexPattern(regex, states, not consumes, _class_members(items))
    return MachinePattern(items, states)


def _class_members(items: list) -> bytes | None:
    """The bytes a pattern of one single-byte class (unquantified) matches."""
    if len(items) != 2 or items[0][0] != CHAR or items[0][2] != ONE:
        return None
    table = items[0][1]
    return bytes(c for c in range(256) if table[c])


def compile(p: bytes) -> _Pattern:  # noqa: A001 - the module's vocabulary
    """The compiled form of pattern p (leading anchor already stripped)."""
    pat = _CACHE.get(p)
    if pat is None:
        pat = build(p)
        if len(_CACHE) >= CACHE_MAX:
            del _CACHE[next(iter(_CACHE))]
        _CACHE[p] = pat
    return pat


_REPL_CACHE: dict = {}


def compile_repl(repl: bytes) -> tuple:
    """A gsub replacement string as parts: bytes literals, WHOLE for %0,
    and capture indexes (0-based) for %1-%9. `%` before any other byte
    stands for that byte; a trailing `%` yields NUL, as Lua reads the
    string's terminator."""
    parts = _REPL_CACHE.get(repl)
    if parts is not None:
        return parts
    if b"%" not in repl:
        parts = (repl,)
    else:
        out: list = []
        lit = bytearray()
        i, n = 0, len(repl)
        while i < n:
            c = repl[i]
            i += 1
            if c != 37:
                lit.append(c)
                continue
            d = repl[i] if i < n else 0
            i += 1
            if _isdigit(d):
                if lit:
                    out.append(bytes(lit))
                    lit = bytearray()
                out.append(WHOLE if d == 48 else d - 49)
            else:
                lit.append(d)
        if lit:
            out.append(bytes(lit))
        parts = tuple(out)
    if len(_REPL_CACHE) >= CACHE_MAX:
        del _REPL_CACHE[next(iter(_REPL_CACHE))]
    _REPL_CACHE[repl] = parts
    return parts


_SPECIALS = re.compile(rb"[\^$*+?.(\[%-]")


_SPECIALS_SEEN: dict[bytes, bool] = {}


def has_specials(p: bytes) -> bool:
    """Whether p needs the matcher (else find does a plain search); the
    answer is kept for the patterns seen most (handlers use a few)."""
    seen = _SPECIALS_SEEN.get(p)
    if seen is None:
        seen = _SPECIALS.search(p) is not None
        if len(_SPECIALS_SEEN) < CACHE_MAX:
            _SPECIALS_SEEN[p] = seen
    return seen
