"""Headings: lines of a report that consist of a heading, found quickly on the lower-cased text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from csinspect.sources.reports.normalise import Doc, lower_rx


def first(rx: re.Pattern[str], text: str, start: int = 0, end: int | None = None) -> re.Match[str] | None:
    return rx.search(text, start, len(text) if end is None else end)


@dataclass(frozen=True)
class Heading:
    """A heading line found by ``heading_positions``; offsets in ``doc.text``, read like a ``re.Match``."""

    begin: int
    finish: int
    line: str

    def start(self) -> int:
        return self.begin

    def end(self) -> int:
        return self.finish

    def group(self, _index: int = 0) -> str:
        return self.line


@lru_cache(maxsize=512)
def _heading_rx(rx: str, exact_lower: bool) -> re.Pattern[str]:
    # Starts with the line break: the engine skips from line to line instead of trying every character
    # as a '^' pattern under re.M does (several times faster on a whole report).
    pattern = rf"\n[ \t]*(?:{rx})(?:[ \t]*[?:.])?\d{{0,2}}[ \t]*(?=\n|$)"
    return lower_rx(pattern) if exact_lower else re.compile(pattern, re.I)


def heading_positions(doc: Doc, rx: str, start: int = 0, end: int | None = None) -> list[Heading]:
    """Lines in ``doc.text[start:end]`` that consist of a heading matching ``rx`` (any case; footnote
    digits and '?' tolerated)."""
    end = len(doc.text) if end is None else end
    out = []
    # doc.nl_lower[i + 1] is doc.text[i]: a match at i (the line break) is a line starting at text offset i
    for m in _heading_rx(rx, doc.lower_exact).finditer(doc.nl_lower, start, end + 1):
        a, b = m.start(), m.end() - 1
        out.append(Heading(a, b, doc.text[a:b]))
    return out
