"""Normalising authority names so the forms printed by DfE, Ofsted, councils and reports compare equal.

"Luton Borough Council", "Luton Children's Services Authority Area" and "LUTON" all become "luton";
"Bristol, City of" and "City of Bristol Council" become "bristol" ("City of London" stays whole).
"""

from __future__ import annotations

import re
import unicodedata

_INVERTED = re.compile(r"^(.*?),\s*(city of|county of|royal borough of|london borough of|borough of)$")
_PARENTHESES = re.compile(r"\((?:pre\s*lgr?[^)]*|[^)]*trust[^)]*)\)")
_PREFIXES = (
    "the ",
    "council of the ",
    "london borough of ",
    "royal borough of ",
    "metropolitan borough of ",
    "borough of ",
    "county of ",
    "city and county of ",
    "city of ",
)
_SUFFIXES = (
    " children s services authority area",
    " childrens services authority area",
    " children s services authority",
    " children s services",
    " childrens services",
    " local authority",
    " metropolitan borough council",
    " metropolitan district council",
    " borough council",
    " county council",
    " city council",
    " district council",
    " unitary authority",
    " corporation",
    " council",
    " ua",
    " county",
    " city",
    " borough",
)
_SPECIAL = {"county durham": "durham"}
_WORDS = {"saint": "st", "and": "and", "&": "and"}


def normalise_name(text: str) -> str:
    """A comparison key for an authority name (lower case, no punctuation, no 'council' words)."""
    t = unicodedata.normalize("NFKD", text)
    t = "".join(c for c in t if not unicodedata.combining(c))
    t = t.replace("\u2019", "'").replace("\u2018", "'").replace("&", " and ").lower().strip()
    t = _PARENTHESES.sub(" ", t)
    t = " ".join(t.split())
    m = _INVERTED.match(t)
    if m:
        t = f"{m.group(2)} {m.group(1)}"
    t = re.sub(r"[^a-z0-9]+", " ", t)
    t = " ".join(_WORDS.get(w, w) for w in t.split())
    changed = True
    while changed:
        changed = False
        for p in _PREFIXES:
            rest = t[len(p) :]
            if t.startswith(p) and rest and not (p == "city of " and rest.split()[0] == "london"):
                t, changed = rest, True
        for s in _SUFFIXES:
            rest = t[: -len(s)]
            if t.endswith(s) and rest:
                t, changed = rest, True
    return _SPECIAL.get(t, t)
