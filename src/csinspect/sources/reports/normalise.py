"""Repairs for what text extraction does to real reports, and the ``Doc`` the readers work on.

* characters: ligatures, soft hyphens (pdfium prints U+FFFE for them), curly quotes, bullets;
* mark-up in text versions of reports (markdown ``**``/``#``, ``<b>``, ``<sup>``, links);
* footnote markers glued to words (``Board1``, ``area²``, ``improve?1``);
* running headers/footers and bare page numbers repeated on most pages;
* words split by extraction (``Introdu ction``, ``Main fir ndings``, ``Recomr nendations``): two
  fragments are joined when neither reads as a word of this document but the joined form (or a form one
  letter away) does.

``Doc`` keeps the normalised page texts and maps character offsets back to page numbers, so every
value a reader finds can carry its page and the quoted span.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from rapidfuzz.distance import Levenshtein

_CHAR_MAP = str.maketrans(
    {
        "\ufffe": "-",
        "\u00ad": "",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb00": "ff",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
        "\u2019": "'",
        "\u2018": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u200b": "",
        "\ufeff": "",
        "\u2010": "-",
        "\u2011": "-",
        "\u2212": "-",
        "\uf0b7": "-",
        "\uf0a7": "-",
        "\u25fc": "-",
        "\u25aa": "-",
        "\u2022": "-",
        "\u25cf": "-",
        "\u00b9": "",
        "\u00b2": "",
        "\u00b3": "",
        "\u2070": "",
        "\u2074": "",
        "\u2075": "",
        "\u2076": "",
        "\u2077": "",
        "\u2078": "",
        "\u2079": "",
    }
)

# (quick literal check, pattern, replacement): the patterns only run when the literal is present
_MARKUP = [
    ("<", re.compile(r"<sup>.*?</sup>", re.I), ""),  # footnote / ordinal suffix markers
    ("<", re.compile(r"</p>", re.I), " \u00b6 "),  # cell-internal paragraph breaks (JAR strengths tables)
    ("<", re.compile(r"</?(?:b|i|u|p|strong|em|span|br|sub)\b[^>]*>", re.I), " "),
    ("](", re.compile(r"\[([^\]\n]*)\]\([^)\n]*\)"), r"\1"),  # markdown links
    ("**", re.compile(r"\*\*"), ""),
    ("__", re.compile(r"__"), ""),
    ("#", re.compile(r"^[ \t]*#{1,6}[ \t]*", re.M), ""),
    ("---", re.compile(r"^[ \t]*-{3,}[ \t-]*$", re.M), ""),  # horizontal rules / table rules
    ("---", re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}.*$", re.M), ""),
    ("\\", re.compile(r"\\([*_\\\[\]()#.-])"), r"\1"),  # markdown escapes
]
# Footnote digits glued to the end of a word ("Board1", "area2.") or after closing punctuation
# ("improve?1"). The pattern starts with the digits (rare) and the callback checks what precedes them,
# which is several times faster than a pattern that starts with the letters. The lookbehind after the
# first digit drops, inside the regex engine, the candidates the callback would leave as they are (digits
# after a digit, a space or a tab: most numbers), halving the callbacks without losing the fast scan.
_FOOTNOTE_DIGITS = re.compile(r"\d(?<![\d \t]\d)\d?(?=[ \t]*$|[ \t]*[,.;:)])", re.M)


def _drop_glued_footnote(m: re.Match[str]) -> str:
    s, i = m.string, m.start()
    if i < 3 or s[i - 1].isdigit() or s[i - 1] in " \t":
        return m.group(0)
    before = s[i - 3 : i]
    glued_to_word = before.isalpha() and before.islower()
    after_punct = s[i - 1] in "?.:" and s[i - 2].islower() and (m.end() == len(s) or s[m.end()] in " \t\n")
    return "" if glued_to_word or after_punct else m.group(0)


_TABS = re.compile(r" *\t[ \t]*")
_SPACES = re.compile(r"[ ]{2,}")


_WORD = re.compile(r"[A-Za-z]+")
# Every byte that is not an ASCII letter becomes a space: ``_words`` splits on them.
_LETTERS_ONLY = bytes(c if chr(c).isascii() and chr(c).isalpha() else 32 for c in range(256))


def _words(text: str) -> list[str]:
    """``_WORD.findall(text)`` (runs of ASCII letters) about three times faster: any other character,
    non-ASCII ones included (encoded as '?'), separates words."""
    return text.encode("ascii", "replace").translate(_LETTERS_ONLY).decode("ascii").split()


_DIGITS = re.compile(r"\d+")
_DATA = Path(__file__).parent / "data"


def _word_list(name: str) -> set[str]:
    """A word list shipped as data: one word a line, ``#`` comments."""
    text = (_DATA / name).read_text(encoding="utf-8")
    return {w.strip() for w in text.splitlines() if w.strip() and not w.lstrip().startswith("#")}


# Words of the regime that must be recognisable even when they occur once in a document.
# Words of the regime that must be recognisable even when they occur once in a document (data/lexicon.txt).
_LEXICON = _word_list("lexicon.txt")


_CHAR_RX = re.compile("[" + "".join(re.escape(chr(k)) for k in _CHAR_MAP) + "]")


def _char_repl(m: re.Match[str]) -> str:
    return _CHAR_MAP[ord(m.group(0))] or ""  # type: ignore[return-value]


_PRIVATE_USE = re.compile(r"[\ue000-\uf8ff]")
_PRIVATE_BULLET = re.compile(r"^([ \t]*)[\ue000-\uf8ff]+[ \t]*", re.M)


def clean_chars(text: str, markup: bool = True) -> str:
    """Characters, glued footnote digits, spacing; mark-up too when ``markup`` (text versions of reports:
    a PDF's text layer has none, and a '#' or '<' it prints is text)."""
    if not text.isascii():
        text = _CHAR_RX.sub(_char_repl, text)  # (faster than str.translate on long non-ASCII pages)
        if _PRIVATE_USE.search(text):
            text = _PRIVATE_BULLET.sub(r"\1- ", text)  # symbol-font bullets from Word-made PDFs
    if markup:
        for needle, pattern, repl in _MARKUP:
            if needle in text:
                text = pattern.sub(repl, text)
    text = _FOOTNOTE_DIGITS.sub(_drop_glued_footnote, text)
    if "\t" in text:
        text = _TABS.sub("\t", text)  # tabs separate table cells in text versions: keep one
    if "  " in text:
        text = _SPACES.sub(" ", text)
    return "\n".join([line.strip(" \t") for line in text.split("\n")])


def _line_key(line: str) -> str:
    return _DIGITS.sub("#", line.strip().lower())


def _edge_nonblank(lines: list[str], k: int) -> list[int]:
    """Indices of the first ``k`` and the last ``k`` non-blank lines (``nonblank[:k] + nonblank[-k:]``),
    found from both ends instead of testing every line of the page."""
    head: list[int] = []
    for j, ln in enumerate(lines):
        if ln.strip():
            head.append(j)
            if len(head) == k:
                break
    tail: list[int] = []
    for j in range(len(lines) - 1, -1, -1):
        if lines[j].strip():
            tail.append(j)
            if len(tail) == k:
                break
    return head + tail[::-1]


def strip_running_lines(pages: list[str]) -> list[str]:
    """Drop header/footer lines that recur (digits ignored) at the top or bottom of most pages, and bare
    page numbers. Page 1 keeps its text except a bare page number (its title may equal the header)."""
    if len(pages) < 3:
        return [_drop_bare_page_number(p, i + 1) for i, p in enumerate(pages)]
    edge_counts: Counter[str] = Counter()
    for page in pages:
        lines = page.split("\n")
        edges = {_line_key(lines[j]) for j in _edge_nonblank(lines, 3)}
        edge_counts.update(edges)
    threshold = max(3, int(0.5 * len(pages)))
    running = {k for k, c in edge_counts.items() if c >= threshold and len(k) > 1 and k != "#"}
    out = []
    for i, page in enumerate(pages):
        page = _drop_bare_page_number(page, i + 1)
        if i == 0 or not running:
            out.append(page)
            continue
        lines = page.split("\n")
        drop = {j for j in _edge_nonblank(lines, 3) if _line_key(lines[j]) in running}
        out.append("\n".join([ln for j, ln in enumerate(lines) if j not in drop]) if drop else page)
    return out


def _drop_bare_page_number(page: str, number: int) -> str:
    lines = page.split("\n")
    drop = set()
    for j in _edge_nonblank(lines, 1):
        s = lines[j].strip()
        if s.isdigit() and abs(int(s) - number) <= 4:
            drop.add(j)
    return "\n".join([ln for j, ln in enumerate(lines) if j not in drop]) if drop else page


def _vocabulary(lowered: list[str]) -> tuple[set[str], set[str]]:
    """(words seen at least twice or in the lexicon, words seen once) from the lower-cased words."""
    counts = Counter(lowered)
    vocab = {w for w, c in counts.items() if c >= 2 and len(w) > 2} | _LEXICON
    once = {w for w, c in counts.items() if c == 1 and w not in vocab and w not in _COMMON_SHORT}
    return vocab, once


_COMMON_SHORT = _word_list("common_short_words.txt")


class _Joiner:
    """Decides whether two fragments form a word of the document: exactly, with 'rn' read as 'm', or one
    edit away from a document word with the same first two letters."""

    def __init__(self, vocab: set[str]) -> None:
        self.vocab = vocab
        self._buckets: dict[str, list[str]] | None = None

    def _bucket(self, prefix: str) -> list[str]:
        if self._buckets is None:
            buckets: dict[str, list[str]] = {}
            for w in self.vocab:
                if len(w) >= 6:
                    buckets.setdefault(w[:2], []).append(w)
            self._buckets = buckets
        return self._buckets.get(prefix, [])

    def join(self, a: str, b: str) -> str | None:
        joined = (a + b).lower()
        if len(joined) < 5:
            return None
        for c in (joined, joined.replace("rn", "m")):
            if c in self.vocab:
                return _recase(a, c)
        if len(joined) < 7:
            return None
        for w in self._bucket(joined[:2]):
            if abs(len(w) - len(joined)) <= 1 and Levenshtein.distance(w, joined, score_cutoff=1) <= 1:
                return _recase(a, w)
        return None


def split_word_pairs(lowered: list[str], once: set[str]) -> set[tuple[str, str]]:
    """Adjacent words that both occur only once in the document: the only candidates for joining.
    ``once`` holds words that occur exactly once in ``lowered``, so each has one position: look up the
    word after each of them instead of testing every adjacent pair of the document."""
    if not once:
        return set()
    position = dict(zip(lowered, range(len(lowered)), strict=True))  # C-speed; a once-word's only index
    last = len(lowered) - 1
    pairs = set()
    for a in once:
        i = position[a]
        if i < last and (b := lowered[i + 1]) in once:
            pairs.add((a, b))
    return pairs


def join_split_words(
    text: str, vocab: set[str], pairs: set[tuple[str, str]], joiner: _Joiner | None = None
) -> str:
    """Join ``Introdu ction`` → ``Introduction`` when both parts occur only once in the document and are
    not words, and the whole is a word of the document (or one letter away from one, for ``fir ndings``
    and ``Recomr nendations``)."""
    if not pairs:
        return text
    joiner = joiner or _Joiner(vocab)
    # decide on the lower-cased pair first (dictionary work only); search the text only for real joins
    joins = [(a, b) for a, b in pairs if 2 <= len(a) <= 12 and len(b) <= 12 and joiner.join(a, b) is not None]
    if not joins:
        return text
    low = text.lower()
    if len(low) != len(text):
        return text
    for a, b in joins:
        for sep in (" ", "\t"):
            i = low.find(a + sep + b)
            if i < 0:
                continue
            j = i + len(a) + 1 + len(b)
            if (i and low[i - 1].isalpha()) or (j < len(low) and low[j].isalpha()):
                continue
            first, second = text[i : i + len(a)], text[i + len(a) + 1 : j]
            joined = joiner.join(first, second) if second.islower() else None
            if joined is not None:
                text = text[:i] + joined + text[j:]
                low = text.lower()
            break
    return text


_ALPHA = re.compile(r"[A-Za-z]{2,12}")
_LOWER = re.compile(r"[a-z]{1,12}")


def _recase(original: str, word: str) -> str:
    if original.isupper() and len(original) > 1:
        return word.upper()
    if original[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


# escapes, group names and inline flags keep their letters; every other capital letter is lower-cased
_RX_KEEP = re.compile(r"\\.|\(\?P<\w+>|\(\?P=\w+\)|\(\?[aiLmsux-]+[:)]|[A-Z]")


@lru_cache(maxsize=1024)
def lower_rx(pattern: str) -> re.Pattern[str]:
    """``pattern`` for ``Doc.lower``: its letters lower-cased except in escapes (``\\S``, ``\\B``), group
    names and inline flags. Matching the lower-cased text is several times faster than case-insensitive
    matching (the result is the same for patterns written to be case-insensitive)."""
    low = _RX_KEEP.sub(lambda m: m.group(0) if len(m.group(0)) > 1 else m.group(0).lower(), pattern)
    return re.compile(low)


@dataclass(frozen=True)
class Span:
    """Where a value was read: 1-based page, offsets in that page's normalised text, the quoted text."""

    page: int
    start: int
    end: int
    text: str


@dataclass
class Doc:
    """A normalised document: page texts plus the joined text the readers search."""

    pages: list[str]
    paged: bool = True
    text: str = field(init=False)
    lower: str = field(init=False)
    starts: list[int] = field(init=False)

    def __post_init__(self) -> None:
        text = "\n".join(self.pages)
        self._set_text(text, text.lower())

    @classmethod
    def with_lower(cls, pages: list[str], paged: bool, text: str, lower: str) -> Doc:
        """A Doc whose joined text (``"\\n".join(pages)``) and its lower-cased form are already known."""
        doc = cls.__new__(cls)
        doc.pages, doc.paged = pages, paged
        doc._set_text(text, lower)
        return doc

    def _set_text(self, text: str, low: str) -> None:
        starts, pos = [], 0
        for p in self.pages:
            starts.append(pos)
            pos += len(p) + 1
        self.starts = starts
        self.text = text
        # offsets must match: fall back to the text itself if lower-casing changed its length
        self.lower = low if len(low) == len(text) else text

    @cached_property
    def nl_lower(self) -> str:
        """``"\n" + lower``: patterns that start with a line break find line starts quickly (the regex
        engine jumps from one line break to the next), the document's first line included."""
        return "\n" + self.lower

    @property
    def lower_exact(self) -> bool:
        """False in the rare case lower-casing changed the length, so ``lower`` is the text as printed."""
        return self.lower is not self.text

    def page_of(self, offset: int) -> int:
        lo, hi = 0, len(self.starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo + 1

    def span(self, start: int, end: int) -> Span:
        page = self.page_of(start)
        base = self.starts[page - 1]
        return Span(page, start - base, end - base, " ".join(self.text[start:end].split()))

    def head(self, pages: int = 2) -> str:
        """Text of the first ``pages`` pages (for text files: the first 150 lines)."""
        if not self.paged:
            return "\n".join(self.text.split("\n")[:150])
        end = self.starts[pages] if pages < len(self.starts) else len(self.text)
        return self.text[:end]


def normalise_pages(raw_pages: list[str], paged: bool = True) -> Doc:
    pages = [clean_chars(p, markup=not paged) for p in raw_pages]
    if paged:
        pages = strip_running_lines(pages)
    text = "\n".join(pages)
    lower = text.lower()
    lowered = _words(lower)
    vocab, once = _vocabulary(lowered)
    pairs = split_word_pairs(lowered, once)
    if pairs:
        # pages are joined with a form feed (never inside a page) so one pass repairs the whole document
        form_fed = "\f".join(pages)
        joined = join_split_words(form_fed, vocab, pairs, _Joiner(vocab))
        if joined is not form_fed:  # something was joined: the text changed
            return Doc(joined.split("\f"), paged=paged)
    return Doc.with_lower(pages, paged, text, lower)
