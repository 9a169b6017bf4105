"""Name and code resolution for children's services authorities: the one function everything uses.

``AuthorityIndex.resolve(text, on=date)`` tries, in order: a DfE LA number ("821") or a GSS code, current or
former ("E06000032", "E10000023"); the exact printed name; the normalised name ("Luton Borough Council" ->
"luton"); and a fuzzy match (rapidfuzz) that must be clearly better than the next authority. Among several
authorities with the name, the one valid on ``on`` wins (Dorset 2015 -> the county 835; Dorset 2020 -> 838).
Unknown text raises ``UnknownAuthority`` with the closest matches; several equally good authorities raise
``AmbiguousAuthority`` with the candidates.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from rapidfuzz import fuzz, process
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from csinspect.authorities.normalise import normalise_name
from csinspect.store.models import Authority

LA_NUMBER = re.compile(r"^\d{3}$")
GSS = re.compile(r"^[EWSN]\d{8}$", re.IGNORECASE)
FUZZY_ACCEPT = 88.0  # a fuzzy match must score at least this …
FUZZY_MARGIN = 6.0  # … and beat the best other authority by this much
SUGGEST_MIN = 55.0


_COUNCIL_WORDS = ("council", "county", "borough", "city", "authority", "area", "services", "metropolitan")


def _trim_council_words(key: str) -> str:
    """Drop trailing words that look like misspelt 'council', 'county' … ("leicestershire county counci")."""
    words = key.split()
    while len(words) > 1 and max(fuzz.ratio(words[-1], w) for w in _COUNCIL_WORDS) >= 75:
        words.pop()
    return " ".join(words)


@dataclass(frozen=True)
class AuthorityInfo:
    la_code: str
    name: str
    gss_code: str | None
    status: str
    valid_from: date | None
    valid_until: date | None
    region_name: str | None
    codes: tuple[tuple[str, date | None, date | None, str | None], ...]  # gss, from, until, origin
    names: tuple[tuple[str, str, str | None], ...]  # printed name, kind, source

    def valid_on(self, on: date) -> bool:
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_until is None or on < self.valid_until
        )

    def gss_on(self, on: date | None) -> str | None:
        """The GSS code in use on ``on`` (the newest when no date is given)."""
        if on is not None:
            for gss, start, until, origin in self.codes:
                if origin == "ees" and (start is None or start <= on) and (until is None or on < until):
                    return gss
        return self.gss_code


@dataclass(frozen=True)
class ResolvedAuthority:
    la_code: str
    gss_code: str | None
    name: str
    method: str  # code | exact | normalised | fuzzy
    score: float  # 100 for code/exact/normalised
    matched: str  # the code or name that matched


@dataclass(frozen=True)
class SearchHit:
    la_code: str
    name: str
    gss_code: str | None
    status: str
    matched: str
    method: str
    score: float


class UnknownAuthority(LookupError):
    def __init__(self, text: str, suggestions: list[SearchHit], on: date | None = None):
        self.text = text
        self.suggestions = suggestions
        self.on = on
        hint = "; ".join(
            f"{s.la_code} {s.name}" + (" (former)" if s.status == "former" else "") for s in suggestions[:5]
        )
        when = f" on {on.isoformat()}" if on else ""
        super().__init__(
            f"no children's services authority matches {text!r}{when}"
            + (f"; closest: {hint}" if hint else "")
        )


class AmbiguousAuthority(LookupError):
    def __init__(self, text: str, candidates: list[SearchHit], on: date | None = None):
        self.text = text
        self.candidates = candidates
        self.on = on
        names = "; ".join(f"{c.la_code} {c.name}" for c in candidates)
        when = f" on {on.isoformat()}" if on else ""
        super().__init__(
            f"{text!r} names more than one authority{when}: {names} (give the LA number or a date)"
        )


@dataclass
class AuthorityIndex:
    authorities: dict[str, AuthorityInfo]
    _by_gss: dict[str, list[str]] = field(default_factory=dict)
    _exact: dict[str, set[str]] = field(default_factory=dict)
    _normalised: dict[str, set[str]] = field(default_factory=dict)
    _choices: list[str] = field(default_factory=list)  # normalised names, for rapidfuzz

    def __post_init__(self) -> None:
        for a in self.authorities.values():
            for gss, *_ in a.codes:
                self._by_gss.setdefault(gss.upper(), []).append(a.la_code)
            for name in {a.name, *(n for n, _, _ in a.names)}:
                self._exact.setdefault(name.casefold().strip(), set()).add(a.la_code)
                key = normalise_name(name)
                if key:
                    self._normalised.setdefault(key, set()).add(a.la_code)
        self._choices = sorted(self._normalised)

    # construction -------------------------------------------------------------------------------
    @classmethod
    def from_authorities(cls, rows: Iterable[Authority]) -> AuthorityIndex:
        infos = {}
        for a in rows:
            infos[a.la_code] = AuthorityInfo(
                la_code=a.la_code,
                name=a.name,
                gss_code=a.gss_code,
                status=a.status,
                valid_from=a.valid_from,
                valid_until=a.valid_until,
                region_name=a.region_name,
                codes=tuple(
                    (c.gss_code, c.valid_from, c.valid_until, c.origin)
                    for c in sorted(a.codes, key=lambda c: c.gss_code)
                ),
                names=tuple((n.name, n.kind, n.source) for n in a.names),
            )
        return cls(infos)

    @classmethod
    def from_session(cls, session: Session) -> AuthorityIndex:
        rows = session.scalars(
            select(Authority).options(selectinload(Authority.codes), selectinload(Authority.names))
        ).all()
        return cls.from_authorities(rows)

    def __len__(self) -> int:
        return len(self.authorities)

    def get(self, la_code: str) -> AuthorityInfo | None:
        return self.authorities.get(la_code)

    def _hit(self, code: str, matched: str, method: str, score: float) -> SearchHit:
        a = self.authorities[code]
        return SearchHit(code, a.name, a.gss_code, a.status, matched, method, round(score, 1))

    def _resolved(
        self, code: str, method: str, score: float, matched: str, on: date | None
    ) -> ResolvedAuthority:
        a = self.authorities[code]
        return ResolvedAuthority(code, a.gss_on(on), a.name, method, round(score, 1), matched)

    def _choose(self, text: str, codes: set[str], on: date | None) -> str:
        """One authority among several with the same name: the one valid on ``on``, else the current one."""
        if len(codes) == 1 and (on is None or self.authorities[next(iter(codes))].valid_on(on)):
            return next(iter(codes))
        pool = sorted(codes)
        if on is not None:
            valid = [c for c in pool if self.authorities[c].valid_on(on)]
        else:
            valid = [c for c in pool if self.authorities[c].status == "current"]
        if len(valid) == 1:
            return valid[0]
        if on is not None and not valid:
            raise UnknownAuthority(text, [self._hit(c, text, "normalised", 100.0) for c in pool], on)
        cands = [self._hit(c, text, "normalised", 100.0) for c in (valid or pool)]
        raise AmbiguousAuthority(text, cands, on)

    def resolve(self, text: str, on: date | None = None) -> ResolvedAuthority:
        query = " ".join(str(text).split())
        if not query:
            raise UnknownAuthority(text, [], on)
        if LA_NUMBER.match(query):
            if query in self.authorities:
                return self._resolved(query, "code", 100.0, query, on)
            raise UnknownAuthority(text, self._near_codes(query), on)
        if GSS.match(query):
            codes = set(self._by_gss.get(query.upper(), []))
            if codes:
                return self._resolved(self._choose(query, codes, on), "code", 100.0, query.upper(), on)
            raise UnknownAuthority(text, self._near_codes(query.upper()), on)
        exact = self._exact.get(query.casefold())
        if exact:
            return self._resolved(self._choose(query, exact, on), "exact", 100.0, query, on)
        key = normalise_name(query)
        same = self._normalised.get(key)
        if same:
            return self._resolved(self._choose(query, same, on), "normalised", 100.0, key, on)
        hits = self._fuzzy(_trim_council_words(key), on, limit=8)
        if hits and hits[0].score >= FUZZY_ACCEPT:
            best = hits[0]
            rival = next((h for h in hits[1:] if h.la_code != best.la_code), None)
            if rival is None or best.score - rival.score >= FUZZY_MARGIN:
                return self._resolved(best.la_code, "fuzzy", best.score, best.matched, on)
            close = [h for h in hits if best.score - h.score < FUZZY_MARGIN]
            raise AmbiguousAuthority(text, close, on)
        # Always offer the closest few, even when none is close, so the message helps.
        close = [h for h in hits if h.score >= SUGGEST_MIN][:5] or hits[:3]
        raise UnknownAuthority(text, close, on)

    def _fuzzy(self, key: str, on: date | None, limit: int = 10) -> list[SearchHit]:
        """Best fuzzy matches, one per authority, preferring authorities valid on ``on``."""
        if not key:
            return []
        scored = process.extract(key, self._choices, scorer=fuzz.WRatio, limit=limit * 4)
        best: dict[str, SearchHit] = {}
        for choice, score, _ in scored:
            for code in sorted(self._normalised[choice]):
                a = self.authorities[code]
                penalty = 0.0 if on is None or a.valid_on(on) else 15.0
                s = float(score) - penalty
                if code not in best or best[code].score < s:
                    best[code] = self._hit(code, choice, "fuzzy", s)
        return sorted(best.values(), key=lambda h: (-h.score, h.la_code))[:limit]

    def _near_codes(self, code: str) -> list[SearchHit]:
        pool = list(self.authorities) if LA_NUMBER.match(code) else list(self._by_gss)
        out: list[SearchHit] = []
        for choice, score, _ in process.extract(code, pool, scorer=fuzz.ratio, limit=5):
            la = choice if LA_NUMBER.match(code) else self._by_gss[choice][0]
            out.append(self._hit(la, choice, "code", float(score)))
        return out

    def search(self, text: str, limit: int = 10, on: date | None = None) -> list[SearchHit]:
        """Authorities matching ``text``: by code, exact or normalised name, then fuzzily, best first."""
        query = " ".join(str(text).split())
        hits: dict[str, SearchHit] = {}
        if LA_NUMBER.match(query) and query in self.authorities:
            hits[query] = self._hit(query, query, "code", 100.0)
        for code in self._by_gss.get(query.upper(), []):
            hits.setdefault(code, self._hit(code, query.upper(), "code", 100.0))
        for code in sorted(self._exact.get(query.casefold(), set())):
            hits.setdefault(code, self._hit(code, query, "exact", 100.0))
        key = normalise_name(query)
        for code in sorted(self._normalised.get(key, set())):
            hits.setdefault(code, self._hit(code, key, "normalised", 100.0))
        # Substring matches ("north" -> North Yorkshire, North Tyneside …) rank just below exact ones.
        if key and len(key) >= 3:
            for choice in self._choices:
                if key in choice and choice != key:
                    for code in sorted(self._normalised[choice]):
                        hits.setdefault(code, self._hit(code, choice, "contains", 90.0))
        for h in self._fuzzy(key, on, limit=limit):
            if h.la_code not in hits and h.score >= SUGGEST_MIN:
                hits[h.la_code] = h
        return sorted(hits.values(), key=lambda h: (-h.score, h.name))[:limit]
