"""Synthetic returns with planted ground truth: SSDA903 CSVs (with the previous year's files), a CIN census
XML and an Annex A workbook per council per year, from a seed. No real child is in them.

The generator simulates children's journeys (referrals, assessments, section 47 enquiries, plans, periods
of care, placements, reviews, missing episodes, adoptions, care leavers) and tallies each indicator from its
own event records with plain Python, independently of ``csinspect.returns.indicators`` (the truth for
assessment and ICPC timeliness is the working-day duration it planted). Deliberate errors are planted at
``error_rate`` as extra invalid rows (unknown codes, end before start, duplicates) and as corrupted rows in
the Missing and OC3 tables; every one is listed in ``truth.json`` with the rule it must trigger, and the
truth counts only rows a correct validator keeps. Truth is defined over the files written (for history-
dependent indicators it uses the years a loader of all written folders can see)."""

from __future__ import annotations

import bisect
import csv
import json
import random
from collections import deque
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import holidays

# national shape (England, 2024-25): per 10,000 children aged 0-17 per year
REFERRALS_PER_10K = 520.0
CLA_STARTS_PER_10K = 27.0
CONTACTS_PER_REFERRAL = 2.6
EARLY_HELP_PER_10K = 190.0

_HOL = holidays.country_holidays("GB", subdiv="ENG", years=range(2005, 2036))
_BASE = date(2005, 1, 1)
_WORKING = [
    (_BASE + timedelta(days=i)).toordinal()
    for i in range((date(2035, 12, 31) - _BASE).days + 1)
    if (_BASE + timedelta(days=i)).weekday() < 5 and (_BASE + timedelta(days=i)) not in _HOL
]


def wd_between(a: date, b: date) -> int:
    """Working days in (a, b]."""
    return bisect.bisect_right(_WORKING, b.toordinal()) - bisect.bisect_right(_WORKING, a.toordinal())


def add_wd(d: date, n: int) -> date:
    if n <= 0:
        return d
    return date.fromordinal(_WORKING[bisect.bisect_right(_WORKING, d.toordinal()) + n - 1])


def add_months(d: date, n: int) -> date:
    m = d.month - 1 + n
    y, m = d.year + m // 12, m % 12 + 1
    for day in (d.day, 30, 29, 28):
        try:
            return date(y, m, day)
        except ValueError:
            continue
    raise ValueError(d)


def bounds(year: int) -> tuple[date, date]:
    return date(year - 1, 4, 1), date(year, 3, 31)


def _in(d: date | None, year: int) -> bool:
    s, e = bounds(year)
    return d is not None and s <= d <= e


# ------------------------------------------------------------------------------------------ records


@dataclass
class Assessment:
    start: date
    auth: date
    wd: int


@dataclass
class S47:
    start: date
    icpc: date | None
    icpc_wd: int | None


@dataclass
class CPP:
    start: date
    end: date
    cat: str
    n_prev: int
    reviews: list[date]


@dataclass
class CINEpisode:
    child: str
    ref: date
    source: str
    need: str
    closure: date | None
    reason: str | None
    nfa: bool
    assessments: list[Assessment] = field(default_factory=list)
    plans: list[tuple[date, date]] = field(default_factory=list)
    s47: list[S47] = field(default_factory=list)
    cpps: list[CPP] = field(default_factory=list)


@dataclass
class Episode:
    decom: date
    rne: str
    ls: str
    place: str
    dec: date | None = None
    rec: str | None = None


@dataclass
class CLAPeriod:
    start: date
    episodes: list[Episode]
    reviews: list[tuple[date, bool]]  # (date, on time)
    end: date | None = None
    adopted_by_carer: bool = False
    match: date | None = None


@dataclass
class Child:
    id: str
    dob: date
    sex: str
    ethnic: str
    periods: list[CLAPeriod] = field(default_factory=list)
    missing: list[tuple[str, date, date]] = field(default_factory=list)
    leaver: dict[str, str] | None = None


ETHNIC = ["WBRI"] * 14 + [
    "WOTH",
    "MWBC",
    "MWAS",
    "MOTH",
    "AIND",
    "APKN",
    "ABAN",
    "BAFR",
    "BCRB",
    "OOTH",
    "NOBT",
]
SOURCES = ["1A", "1B", "2A", "2A", "3A", "3B", "3D", "4", "5A", "5D", "6", "6", "6", "7", "8", "9", "10"]
CATS = ["NEG"] * 10 + ["EMO"] * 7 + ["PHY"] * 2 + ["SAB", "MUL"]
FOSTER = ["U1", "U3", "U4", "U6", "U6", "U6", "U4"]


class CouncilSim:
    def __init__(
        self,
        la_code: str,
        population: int,
        years: list[int],
        seed: int,
        size: float = 1.0,
        cla_scale: float = 1.0,
    ) -> None:
        self.la = la_code
        self.pop = population
        self.years = years
        self.rng = random.Random(f"{seed}:{la_code}")
        self.size = size
        self.cla_scale = cla_scale
        self.n_child = 0
        self.cin: list[CINEpisode] = []
        self.children: dict[str, Child] = {}
        self.cin_dob: dict[str, date] = {}
        self.prev_cpps: dict[str, int] = {}

    def _new_id(self) -> str:
        self.n_child += 1
        return f"{self.la}{self.n_child:07d}"

    # ------------------------------------------------------------------ CIN
    def simulate_cin(self) -> None:
        r = self.rng
        first, last = self.years[0], self.years[-1]
        start = bounds(first - 1)[0]
        end = bounds(last)[1]
        days = (end - start).days + 1
        n = int(self.pop * REFERRALS_PER_10K / 10000 * self.size * days / 365.25)
        dates = sorted(start + timedelta(days=r.randrange(days)) for _ in range(n))
        recent: deque[tuple[str, date]] = deque()
        open_until: dict[str, date] = {}
        for d in dates:
            child = None
            if recent and r.random() < 0.42:
                cand, when = recent[r.randrange(len(recent))]
                if (d - when).days <= 365 and open_until.get(cand, date.min) < d:
                    child = cand
            if child is None:
                child = self._new_id()
                age_days = r.randrange(0, 18 * 365 - 30)
                self.cin_dob[child] = d - timedelta(days=age_days)
            ep = self._cin_episode(child, d)
            self.cin.append(ep)
            open_until[child] = ep.closure or date.max
            recent.append((child, d))
            while (d - recent[0][1]).days > 365:
                recent.popleft()

    def _cin_episode(self, child: str, d: date) -> CINEpisode:
        r = self.rng
        ep = CINEpisode(
            child,
            d,
            r.choice(SOURCES),
            r.choice(["N1", "N1", "N1", "N4", "N5", "N2", "N3", "N6", "N8"]),
            None,
            None,
            False,
        )
        if r.random() < 0.065:
            ep.nfa, ep.closure, ep.reason = True, d, "RC8"
            return ep
        a_start = d + timedelta(days=r.randrange(0, 4))
        wd = r.randint(1, 45) if r.random() < 0.84 else r.randint(46, 85)
        if r.random() < 0.03:
            wd = r.choice([45, 46])  # the boundary, on purpose
        auth = add_wd(a_start, wd)
        ep.assessments.append(Assessment(a_start, auth, wd))
        route = r.random()
        if route < 0.3:
            ep.closure, ep.reason = auth, r.choice(["RC8", "RC9"])
        elif route < 0.7:
            p_end = auth + timedelta(days=r.randint(60, 320) if r.random() < 0.75 else r.randint(365, 1500))
            ep.plans.append((auth, p_end))
            ep.closure, ep.reason = p_end, "RC7"
        else:
            s_start = a_start + timedelta(days=r.randrange(0, 8))
            if r.random() < 0.4:
                iwd = r.randint(1, 15) if r.random() < 0.8 else r.randint(16, 30)
                icpc = add_wd(s_start, iwd)
                ep.s47.append(S47(s_start, icpc, iwd))
                if r.random() < 0.87:
                    u = r.random()
                    length = (
                        r.randint(60, 120)
                        if u < 0.3
                        else r.randint(121, 364)
                        if u < 0.7
                        else r.randint(365, 729)
                        if u < 0.96
                        else r.randint(730, 1000)
                    )
                    c_end = icpc + timedelta(days=length)
                    reviews, rv = [], add_months(icpc, 3)
                    while rv < c_end:
                        reviews.append(rv)
                        rv = add_months(rv, 6)
                    prior = self.prev_cpps.get(child, 0) + (1 if r.random() < 0.24 else 0)
                    ep.cpps.append(CPP(icpc, c_end, r.choice(CATS), prior, reviews))
                    self.prev_cpps[child] = prior + 1
                    ep.closure, ep.reason = c_end + timedelta(days=r.randint(0, 90)), "RC7"
                else:
                    ep.closure, ep.reason = icpc + timedelta(days=r.randint(10, 60)), "RC7"
            else:
                ep.s47.append(S47(s_start, None, None))
                ep.closure, ep.reason = (
                    max(auth, s_start) + timedelta(days=r.randint(0, 60)),
                    r.choice(["RC7", "RC8"]),
                )
        if ep.closure is not None and ep.closure < auth:
            ep.closure = auth  # an episode closes only once its assessment is authorised
        return ep

    # ------------------------------------------------------------------ CLA
    def simulate_cla(self) -> None:
        r = self.rng
        first, last = self.years[0], self.years[-1]
        start = bounds(first - 9)[0]
        end = bounds(last)[1]
        days = (end - start).days + 1
        n = int(self.pop * CLA_STARTS_PER_10K / 10000 * self.size * self.cla_scale * days / 365.25)
        for _ in range(n):
            d0 = start + timedelta(days=r.randrange(days))
            u = r.random()
            age = (
                0
                if u < 0.2
                else r.randint(1, 4)
                if u < 0.36
                else r.randint(5, 9)
                if u < 0.54
                else r.randint(10, 15)
                if u < 0.86
                else r.randint(16, 17)
            )
            dob = d0 - timedelta(days=age * 365 + r.randrange(0, 360))
            child = Child(self._new_id(), dob, r.choice(["M", "F"]), r.choice(ETHNIC))
            self._period(child, d0)
            self.children[child.id] = child
        # children under a series of short breaks only (excluded from the CLA counts)
        for _ in range(int(self.pop * 3.0 / 10000 * self.size)):
            d0 = start + timedelta(days=r.randrange(days))
            child = Child(
                self._new_id(), d0 - timedelta(days=r.randint(5, 15) * 365), r.choice(["M", "F"]), "WBRI"
            )
            dec = d0 + timedelta(days=r.randint(200, 1500))
            child.periods.append(CLAPeriod(d0, [Episode(d0, "S", "V4", "R1", dec, "E8")], [], dec))
            self.children[child.id] = child

    def _period(self, child: Child, d0: date) -> None:
        r = self.rng
        age = (d0 - child.dob).days / 365.25
        eighteen = date(child.dob.year + 18, child.dob.month, min(child.dob.day, 28))
        adoption = age < 4 and r.random() < 0.35
        if adoption:
            duration = r.randint(450, 1100)
        else:
            u = r.random()
            duration = (
                r.randint(2, 120)
                if u < 0.22
                else r.randint(121, 700)
                if u < 0.55
                else r.randint(701, 2500)
                if u < 0.85
                else r.randint(2500, 5500)
            )
        end = d0 + timedelta(days=duration)
        leaves_at_18 = end >= eighteen
        if leaves_at_18:
            end = eighteen
        ls = r.choice(
            ["C1", "C1", "V2", "V2", "V2", "L2", "J1"] if age >= 10 else ["C1", "C1", "C1", "V2", "V2", "L2"]
        )
        eps = [
            Episode(
                d0,
                "S",
                ls,
                r.choice(FOSTER) if age < 14 or r.random() < 0.6 else r.choice(["K2", "K2", "H5", "R1"]),
            )
        ]
        period = CLAPeriod(d0, eps, [])
        t = d0
        # most children stay put; a minority move often (DfE: ~10% have 3+ placements in a year)
        rate = 2.2 if r.random() < 0.18 else (0.12 if age < 10 else 0.25)
        placed_for_adoption: date | None = None
        events: list[tuple[date, str, str | None, str | None]] = []
        if adoption:
            order = d0 + timedelta(days=r.randint(200, 420))
            placed = order + timedelta(days=r.randint(30, 260))
            by_carer = r.random() < 0.15
            events += [(d0 + timedelta(days=r.randint(20, 150)), "L", "C2", None), (order, "L", "E1", None)]
            events.append(
                (placed, "T" if by_carer else "P", "E1", "A5" if by_carer else r.choice(["A6", "A6", "A4"]))
            )
            period.adopted_by_carer = by_carer
            period.match = placed - timedelta(days=r.randint(10, 70))
            placed_for_adoption = placed
            end = max(end, placed + timedelta(days=r.randint(120, 300)))
        else:
            if ls == "C1" and end > d0 + timedelta(days=200):
                events.append((d0 + timedelta(days=r.randint(60, 300)), "L", "C2", None))
            if ls in ("L2", "J1") and end > d0 + timedelta(days=20):
                events.append((d0 + timedelta(days=r.randint(1, 10)), "L", "V2", None))
        # placement changes (Poisson)
        while True:
            t = t + timedelta(days=max(1, int(r.expovariate(rate) * 365)))
            if t >= end or (placed_for_adoption and t >= placed_for_adoption - timedelta(days=1)):
                break
            kind = r.random()
            if kind < 0.08:
                events.append((t, "T", None, r.choice(["U4", "U1"])))  # same carer, new placement type
            elif kind < 0.12:
                events.append((t, "P", None, "T1"))  # temporary placement
            else:
                events.append((t, "P" if r.random() < 0.8 else "B", None, None))
        events.sort(key=lambda e: e[0])
        for when, rne, new_ls, new_place in events:
            if when <= eps[-1].decom or when >= end:
                continue
            prev = eps[-1]
            ls_now = new_ls or prev.ls
            place = new_place or (
                r.choice(FOSTER) if age < 14 or r.random() < 0.6 else r.choice(["K2", "K2", "H5", "U6"])
            )
            if rne == "B" and new_ls is None:
                # a change of legal status with the move: to a full care order, unless already on one
                ls_now = "C2" if prev.ls in ("C1", "V2", "L2", "J1") else prev.ls
                rne = "B" if ls_now != prev.ls else "P"
            if rne == "L":
                place = prev.place
            prev.dec, prev.rec = when, "X1"
            eps.append(Episode(when, rne, ls_now, place))
        if adoption:
            rec = r.choice(["E11", "E11", "E12"])
        elif leaves_at_18:
            rec = r.choice(["E17", "E5", "E6", "E8"])
        else:
            rec = r.choice(["E4A", "E4A", "E4B", "E13", "E45", "E46", "E47", "E48", "E41", "E8", "E3"])
        eps[-1].dec, eps[-1].rec = end, rec
        period.end = end
        self._reviews(period)
        if age >= 11 or (end - d0).days > 365 * (11 - age):
            self._missing(child, d0, end)
        if leaves_at_18:
            self._leaver(child)
        child.periods.append(period)

    def _reviews(self, period: CLAPeriod) -> None:
        r = self.rng
        end = period.end or date.max
        late = r.random() < 0.12
        first_wd = r.randint(21, 35) if late else r.randint(5, 20)
        rv = add_wd(period.start, first_wd)
        n = 1
        reviews: list[tuple[date, bool]] = []
        while rv < end:
            if n == 1:
                on_time = wd_between(period.start, rv) <= 20
            else:
                due = add_months(reviews[-1][0], 3 if n == 2 else 6)
                on_time = rv <= due
            reviews.append((rv, on_time))
            n += 1
            late = r.random() < 0.1
            months = 3 if n == 2 else 6
            due = add_months(rv, months)
            rv = due + timedelta(days=r.randint(3, 40)) if late else due - timedelta(days=r.randint(0, 25))
        period.reviews = reviews

    def _missing(self, child: Child, d0: date, end: date) -> None:
        r = self.rng
        if r.random() > 0.3:
            return
        n = 1 + int(r.expovariate(1 / 5))
        span = (end - d0).days
        for _ in range(n):
            s = d0 + timedelta(days=r.randrange(max(1, span)))
            if (s - child.dob).days < 10 * 365:
                continue
            kind = "M" if r.random() < 0.82 else "A"
            if all(not (k == kind and ms == s) for k, ms, _ in child.missing):  # one row per start and type
                child.missing.append((kind, s, s + timedelta(days=r.randint(0, 3))))

    def _leaver(self, child: Child) -> None:
        r = self.rng
        u = r.random()
        in_touch = (
            "YES" if u < 0.9 else "NO" if u < 0.93 else "REFU" if u < 0.96 else "RHOM" if u < 0.99 else "DIED"
        )
        if in_touch == "YES":
            accom = (
                r.choice(["D1", "E1", "U1", "Z1", "B1", "T1", "C1"])
                if r.random() < 0.92
                else r.choice(["W2", "V2", "S2", "X2"])
            )
            activ = (
                r.choice(["F1", "F2", "P2", "F4", "F5", "P5"])
                if r.random() < 0.58
                else r.choice(["G4", "G5", "G5", "G6"])
            )
        else:
            accom, activ = "0", "0"
        child.leaver = {"IN_TOUCH": in_touch, "ACCOM": accom, "ACTIV": activ}


# ------------------------------------------------------------------------------------------ writing


def _fmt(d: date | None) -> str:
    return d.strftime("%d/%m/%Y") if d else ""


def _cens(d: date | None, end: date) -> date | None:
    return d if d is not None and d <= end else None


@dataclass
class Planted:
    """An error planted on purpose: the file, table, the rule a validator must report, and which row."""

    file: str
    table: str
    rule: str
    key: str


class Writer:
    def __init__(self, sim: CouncilSim, out: Path, error_rate: float, seed: int) -> None:
        self.sim = sim
        self.out = out
        self.err = error_rate
        self.rng = random.Random(f"errors:{seed}:{sim.la}")
        self.planted: dict[int, list[Planted]] = {}
        self.bad_missing: set[tuple[str, date]] = set()
        self.bad_oc3: dict[int, set[str]] = {}

    def _maybe(self) -> bool:
        return self.rng.random() < self.err

    # -------------------------------------------------------------- 903
    def _episodes_in(self, year: int) -> list[tuple[Child, Episode]]:
        s, e = bounds(year)
        out = []
        for ch in self.sim.children.values():
            for p in ch.periods:
                for ep in p.episodes:
                    if ep.decom <= e and (ep.dec is None or ep.dec >= s):
                        out.append((ch, ep))
        return out

    def write_903(self, year: int, folder: Path, *, previous: bool = False) -> None:
        s, e = bounds(year)
        suffix = "_last" if previous else ""
        folder.mkdir(parents=True, exist_ok=True)
        eps = self._episodes_in(year)
        kids = {ch.id: ch for ch, _ in eps}
        sex = sex_code(year)
        planted = self.planted.setdefault(year, []) if not previous else []
        with (folder / f"header{suffix}.csv").open("w", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(spec_columns(year, "header"))
            for ch in kids.values():
                w.writerow([ch.id, sex(ch.sex), _fmt(ch.dob), ch.ethnic, "UN1", "", ""])
        with (folder / f"episodes{suffix}.csv").open("w", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(spec_columns(year, "episodes"))
            line = 1
            for ch, ep in eps:
                dec = _cens(ep.dec, e)
                row = [
                    ch.id,
                    _fmt(ep.decom),
                    ep.rne,
                    ep.ls,
                    "N1",
                    ep.place,
                    "PR1" if ep.place[0] != "P" else "PR0",
                    _fmt(dec),
                    ep.rec if dec else "",
                    "CARPL" if ep.rne in "PB" else "",
                    "LU1 1AA",
                    "LU2 2BB",
                    "SC123456",
                ]
                w.writerow(row)
                line += 1
                if not previous and self._maybe():
                    kind = self.rng.choice(["duplicate", "unknown_code", "end_before_start"])
                    taken = {x.decom for p in ch.periods for x in p.episodes}
                    if kind != "duplicate" and (
                        {ep.decom + timedelta(days=1), min(max(s, ep.decom) + timedelta(days=2), e)} & taken
                    ):
                        kind = "duplicate"
                    line += 1
                    if kind == "duplicate":
                        w.writerow(row)
                        planted.append(
                            Planted(f"episodes{suffix}.csv", "episodes", "duplicate_row", f"{line}")
                        )
                    elif kind == "unknown_code":
                        bad = [
                            ch.id,
                            _fmt(ep.decom + timedelta(days=1)),
                            "P",
                            ep.ls,
                            "N1",
                            "Q9",
                            "PR1",
                            "",
                            "",
                            "",
                            "",
                            "",
                            "",
                        ]
                        w.writerow(bad)
                        planted.append(
                            Planted(f"episodes{suffix}.csv", "episodes", "unknown_code", f"{line}")
                        )
                    else:
                        d1 = min(max(s, ep.decom) + timedelta(days=2), e)
                        bad = [
                            ch.id,
                            _fmt(d1),
                            "P",
                            ep.ls,
                            "N1",
                            ep.place,
                            "PR1",
                            _fmt(d1 - timedelta(days=1)),
                            "X1",
                            "",
                            "",
                            "",
                            "",
                        ]
                        w.writerow(bad)
                        planted.append(
                            Planted(f"episodes{suffix}.csv", "episodes", "end_before_start", f"{line}")
                        )
        with (folder / f"reviews{suffix}.csv").open("w", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(spec_columns(year, "reviews"))
            for ch in kids.values():
                for p in ch.periods:
                    for rv, _ in p.reviews:
                        if s <= rv <= e:
                            w.writerow(
                                [
                                    ch.id,
                                    _fmt(ch.dob),
                                    _fmt(rv),
                                    "PN1" if (rv - ch.dob).days > 4 * 365 else "PN0",
                                ]
                            )
        if previous:
            return
        with (folder / "missing.csv").open("w", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(spec_columns(year, "missing"))
            line = 1
            for ch in self.sim.children.values():
                for kind, ms, me in ch.missing:
                    if s <= ms <= e:
                        line += 1
                        code = kind
                        if self._maybe():
                            code = "X"
                            self.bad_missing.add((ch.id, ms))
                            planted.append(Planted("missing.csv", "missing", "unknown_code", f"{line}"))
                        w.writerow([ch.id, _fmt(ch.dob), code, _fmt(ms), _fmt(_cens(me, e))])
        with (folder / "ad1.csv").open("w", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(spec_columns(year, "ad1"))
            for ch in self.sim.children.values():
                for p in ch.periods:
                    last = p.episodes[-1]
                    if last.rec in ("E11", "E12") and _in(last.dec, year) and p.match:
                        w.writerow(
                            [
                                ch.id,
                                _fmt(ch.dob),
                                _fmt(p.match - timedelta(days=60)),
                                _fmt(p.match),
                                "1" if p.adopted_by_carer else "0",
                                "2",
                                "MF",
                                "L11",
                            ]
                        )
        bad_oc3 = self.bad_oc3.setdefault(year, set())
        with (folder / "oc3.csv").open("w", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(spec_columns(year, "oc3"))
            line = 1
            for ch in self.sim.children.values():
                if ch.leaver is None:
                    continue
                age = _age_reached(ch.dob, year)
                if 17 <= age <= 21:
                    line += 1
                    accom = ch.leaver["ACCOM"]
                    if self._maybe():
                        accom = "Q7"
                        bad_oc3.add(ch.id)
                        planted.append(Planted("oc3.csv", "oc3", "unknown_code", f"{line}"))
                    w.writerow([ch.id, _fmt(ch.dob), ch.leaver["IN_TOUCH"], ch.leaver["ACTIV"], accom])

    # -------------------------------------------------------------- CIN census XML
    def write_cin(self, year: int, path: Path) -> None:
        s, e = bounds(year)
        by_child: dict[str, list[CINEpisode]] = {}
        for ep in self.sim.cin:
            if ep.ref <= e and (ep.closure is None or ep.closure >= s):
                by_child.setdefault(ep.child, []).append(ep)
        planted = self.planted.setdefault(year, [])
        parts: list[str] = [
            '<?xml version="1.0" encoding="utf-8"?>\n<Message>\n<Header>\n<CollectionDetails><Collection>CIN</Collection>'
            f"<Year>{year}</Year><ReferenceDate>{e.isoformat()}</ReferenceDate></CollectionDetails>\n"
            f"<Source><SourceLevel>L</SourceLevel><LEA>{self.sim.la}</LEA><SoftwareCode>csinspect-synth</SoftwareCode>"
            f"<Release>1</Release><SerialNo>1</SerialNo><DateTime>{e.isoformat()}T12:00:00</DateTime></Source>\n</Header>\n<Children>\n"
        ]
        line = parts[0].count("\n") + 1
        D = lambda d: d.isoformat()  # noqa: E731
        for child, eps in by_child.items():
            dob = self.sim.cin_dob[child]
            sex = "1" if int(child[-1]) % 2 else "2"
            buf = [
                f"<Child>\n<ChildIdentifiers><LAchildID>{child}</LAchildID><UPNunknown>UN1</UPNunknown>"
                f"<PersonBirthDate>{D(dob)}</PersonBirthDate><GenderCurrent>{sex}</GenderCurrent></ChildIdentifiers>\n"
                "<ChildCharacteristics><Ethnicity>WBRI</Ethnicity><Disabilities><Disability>NONE</Disability></Disabilities></ChildCharacteristics>\n"
            ]
            error = self.rng.choice(["unknown_code", "end_before_start"]) if self._maybe() else None
            for n_ep, ep in enumerate(eps):
                closure = _cens(ep.closure, e)
                x = [
                    f"<CINdetails>\n<CINreferralDate>{D(ep.ref)}</CINreferralDate><ReferralSource>{ep.source}</ReferralSource><PrimaryNeedCode>{ep.need}</PrimaryNeedCode>"
                ]
                if closure:
                    x.append(
                        f"<CINclosureDate>{D(closure)}</CINclosureDate><ReasonForClosure>{ep.reason}</ReasonForClosure>"
                    )
                x.append(f"<ReferralNFA>{1 if ep.nfa else 0}</ReferralNFA>\n")
                for a in ep.assessments:
                    if a.start > e:
                        continue
                    auth = _cens(a.auth, e)
                    x.append(
                        f"<Assessments><AssessmentActualStartDate>{D(a.start)}</AssessmentActualStartDate>"
                    )
                    if auth:
                        x.append(f"<AssessmentAuthorisationDate>{D(auth)}</AssessmentAuthorisationDate>")
                    x.append(
                        "<FactorsIdentifiedAtAssessment><AssessmentFactors>3A</AssessmentFactors></FactorsIdentifiedAtAssessment></Assessments>\n"
                    )
                for ps, pe in ep.plans:
                    if ps > e:
                        continue
                    pe2 = _cens(pe, e)
                    x.append(
                        f"<CINPlanDates><CINPlanStartDate>{D(ps)}</CINPlanStartDate>"
                        + (f"<CINPlanEndDate>{D(pe2)}</CINPlanEndDate>" if pe2 else "")
                        + "</CINPlanDates>\n"
                    )
                for s47 in ep.s47:
                    if s47.start > e:
                        continue
                    icpc = _cens(s47.icpc, e)
                    x.append(f"<Section47><S47ActualStartDate>{D(s47.start)}</S47ActualStartDate>")
                    if icpc:
                        x.append(f"<DateOfInitialCPC>{D(icpc)}</DateOfInitialCPC>")
                    x.append(f"<ICPCnotRequired>{0 if s47.icpc else 1}</ICPCnotRequired></Section47>\n")
                for c in ep.cpps:
                    if c.start > e:
                        continue
                    ce = _cens(c.end, e)
                    x.append(
                        f"<ChildProtectionPlans><CPPstartDate>{D(c.start)}</CPPstartDate>"
                        + (f"<CPPendDate>{D(ce)}</CPPendDate>" if ce else "")
                    )
                    x.append(
                        f"<InitialCategoryOfAbuse>{c.cat}</InitialCategoryOfAbuse><LatestCategoryOfAbuse>{c.cat}</LatestCategoryOfAbuse><NumberOfPreviousCPP>{c.n_prev}</NumberOfPreviousCPP>"
                    )
                    revs = [rv for rv in c.reviews if rv <= e]
                    if revs:
                        x.append(
                            "<Reviews>"
                            + "".join(f"<CPPreviewDate>{D(rv)}</CPPreviewDate>" for rv in revs)
                            + "</Reviews>"
                        )
                    x.append("</ChildProtectionPlans>\n")
                if error == "end_before_start" and n_ep == len(eps) - 1:
                    d = s + timedelta(days=self.rng.randrange(300))
                    x.append(
                        f"<Assessments><AssessmentActualStartDate>{D(d)}</AssessmentActualStartDate><AssessmentAuthorisationDate>{D(d - timedelta(days=3))}</AssessmentAuthorisationDate></Assessments>\n"
                    )
                    planted.append(Planted("cin", "assessments", "end_before_start", child))
                x.append("</CINdetails>\n")
                buf.extend(x)
            if error == "unknown_code":
                d = s + timedelta(days=self.rng.randrange(300))
                if (
                    True
                ):  # an extra episode with an unknown referral source (and an assessment that goes with it)
                    buf.append(
                        f"<CINdetails>\n<CINreferralDate>{D(d)}</CINreferralDate><ReferralSource>ZZ</ReferralSource><ReferralNFA>0</ReferralNFA>\n<Assessments><AssessmentActualStartDate>{D(d)}</AssessmentActualStartDate></Assessments>\n</CINdetails>\n"
                    )
                    planted.append(Planted("cin", "cin_details", "unknown_code", child))
            buf.append("</Child>\n")
            parts.append("".join(buf))
        parts.append("</Children>\n</Message>\n")
        path.write_text("".join(parts), encoding="utf-8")
        del line

    # -------------------------------------------------------------- Annex A
    def write_annex(self, year: int, path: Path) -> dict[str, float]:
        """Lists 1, 2, 3, 4, 8 and 9 for the six months to 31 March, with messy headers."""
        from openpyxl import Workbook

        r = self.rng
        _s, e = bounds(year)
        six = date(e.year, 10, 1) if e.month >= 10 else date(e.year - 1, 10, 1)
        wb = Workbook(write_only=True)
        truth: dict[str, float] = {}

        def messy(h: str) -> str:
            u = r.random()
            return (
                h.upper()
                if u < 0.2
                else h.lower()
                if u < 0.4
                else h.replace(" ", "  ")
                if u < 0.5
                else h.replace(" ", "_")
                if u < 0.6
                else h + " "
                if u < 0.7
                else h
            )

        def sheet(title: str, headers: list[str], rows: list[list[Any]]) -> None:
            ws = wb.create_sheet(title)
            for _ in range(r.randint(0, 3)):
                ws.append([])
            order = list(range(len(headers)))
            if r.random() < 0.5:
                r.shuffle(order)
            ws.append([messy(headers[i]) for i in order] + ["Notes", "Child Name"])
            for n, row in enumerate(rows):
                ws.append([row[i] for i in order] + ["", f"SYNTHETIC NAME {n}"])

        n_contacts = int(self.sim.pop * REFERRALS_PER_10K * CONTACTS_PER_REFERRAL / 10000 * self.sim.size / 2)
        contacts = [
            [
                f"K{n}",
                r.choice(["a) Male", "b) Female", "Male", "F"]),
                "WBRI",
                "",
                "",
                six + timedelta(days=r.randrange((e - six).days + 1)),
                r.choice(["q) 6: Police", "6", "e) 2A: Schools", "2A", "1A"]),
            ]
            for n in range(n_contacts)
        ]
        sheet(
            "List 1 - Contacts",
            annex_titles(
                1,
                [
                    "child_unique_id",
                    "gender",
                    "ethnicity",
                    "date_of_birth",
                    "age_of_child",
                    "date_of_contact",
                    "contact_source",
                ],
            ),
            contacts,
        )
        truth["returns_aa_contacts"] = n_contacts
        n_eh = int(self.sim.pop * EARLY_HELP_PER_10K / 10000 * self.sim.size / 2)
        eh = [
            [
                f"E{n}",
                "Female",
                "WBRI",
                "",
                "",
                six + timedelta(days=r.randrange((e - six).days + 1)),
                "",
                "School",
            ]
            for n in range(n_eh)
        ]
        sheet(
            "List 2",
            annex_titles(
                2,
                [
                    "child_unique_id",
                    "gender",
                    "ethnicity",
                    "date_of_birth",
                    "age_of_child",
                    "assessment_start_date",
                    "assessment_completion_date",
                    "organisation_completing_assessment",
                ],
            ),
            eh,
        )
        truth["returns_aa_early_help"] = n_eh
        refs = [
            [
                ep.child,
                "Male",
                "WBRI",
                self.sim.cin_dob[ep.child],
                "",
                ep.ref,
                ep.source,
                "a) Yes" if ep.nfa else "b) No",
                "",
                "Team A",
                "Worker",
            ]
            for ep in self.sim.cin
            if six <= ep.ref <= e
        ]
        sheet(
            "List 3 Referrals",
            annex_titles(
                3,
                [
                    "child_unique_id",
                    "gender",
                    "ethnicity",
                    "date_of_birth",
                    "age_of_child",
                    "date_of_referral",
                    "referral_source",
                    "referral_nfa",
                    "number_of_referrals_in_last_12_months",
                    "allocated_team",
                    "allocated_worker",
                ],
            ),
            refs,
        )
        # list 8: children in care at 31 March with missing episodes in the last 12 months
        rows8: list[list[Any]] = []
        went = offered = accepted = 0
        for ch in self.sim.children.values():
            p = ch.periods[-1] if ch.periods else None
            if (
                p is None
                or p.start > e
                or (p.end is not None and p.end <= e)
                or p.episodes[0].ls in ("V3", "V4")
            ):
                continue
            n_m = sum(1 for k, ms, _ in ch.missing if k == "M" and add_months(e, -12) < ms <= e)
            n_a = sum(1 for k, ms, _ in ch.missing if k == "A" and add_months(e, -12) < ms <= e)
            off = acc = ""
            if n_m:
                went += 1
                o = r.random() < 0.85
                a = o and r.random() < 0.62
                offered += o
                accepted += a
                off = r.choice(["a) Yes", "Yes", "Y"]) if o else r.choice(["b) No", "No"])
                acc = ("Yes" if a else "No") if o else ""
            rows8.append([ch.id, ch.sex, ch.ethnic, ch.dob, "", p.start, n_m, n_a, off, acc, "LU1 1AA"])
        sheet(
            "List 8 CLA",
            annex_titles(
                8,
                [
                    "child_unique_id",
                    "gender",
                    "ethnicity",
                    "date_of_birth",
                    "age_of_child",
                    "date_started_to_be_looked_after",
                    "missing_episodes_12m",
                    "absent_episodes_12m",
                    "rhi_offered",
                    "rhi_accepted",
                    "placement_postcode",
                ],
            ),
            rows8,
        )
        truth["returns_aa_rhi_offered_pct"] = round(100 * offered / went, 1) if went else None  # type: ignore[assignment]
        truth["returns_aa_rhi_accepted_pct"] = round(100 * accepted / offered, 1) if offered else None  # type: ignore[assignment]
        wb.save(path)
        return truth


def annex_titles(number: int, keys: list[str]) -> list[str]:
    """The template titles of the Annex A list's columns (from the same spec the reader matches against)."""
    from csinspect.sources.returns.specs import annex_a

    titles = {c.key: c.title for c in annex_a().lists[number].columns}
    return [titles[k] for k in keys]


def spec_columns(year: int, table: str) -> list[str]:
    """The SSDA903 table's columns in the spec's order (the header row the synthetic files carry)."""
    from csinspect.sources.returns.specs import spec

    return [c.name for c in spec("ssda903", year).tables[table].columns]


def sex_code(year: int) -> Any:
    """How the year's SSDA903 spec codes sex: M/F/U from 2024-25, 1/2 before."""
    from csinspect.sources.returns.specs import spec

    codes = spec("ssda903", year).codes["SEX"]
    return (lambda x: x) if "M" in codes else (lambda x: {"M": "1", "F": "2"}[x])


def _age_reached(dob: date, year: int) -> int:
    return (year - 1 - dob.year) if dob.month >= 4 else (year - dob.year)


# ------------------------------------------------------------------------------------------ truth


def _pct(n: int, d: int) -> float | None:
    return round(100 * n / d, 1) if d else None


def cin_truth(sim: CouncilSim, year: int, visible_years: list[int], population: int) -> dict[str, Any]:
    s, e = bounds(year)
    t: dict[str, Any] = {}
    in_census = lambda ep, y: ep.ref <= bounds(y)[1] and (ep.closure is None or ep.closure >= bounds(y)[0])  # noqa: E731
    refs = [ep for ep in sim.cin if s <= ep.ref <= e]
    visible = {
        (ep.child, ep.ref)
        for ep in sim.cin
        for y in visible_years
        if y in (year, year - 1) and in_census(ep, y)
    }
    by_child: dict[str, list[date]] = {}
    for c, d in visible:
        by_child.setdefault(c, []).append(d)
    n_re = 0
    for ep in refs:
        window = add_months(ep.ref, -12)
        if any(window <= d < ep.ref for d in by_child.get(ep.child, [])):
            n_re += 1
    t["returns_referrals"] = len(refs)
    t["returns_referrals_rate"] = round(10000 * len(refs) / population, 1)
    t["returns_rereferrals_pct"] = _pct(n_re, len(refs))
    open_children = {ep.child for ep in sim.cin if ep.ref <= e and (ep.closure is None or ep.closure > e)}
    t["returns_cin_rate_31mar"] = round(10000 * len(open_children) / population, 1)
    done = [a for ep in sim.cin for a in ep.assessments if s <= a.auth <= e]
    t["returns_assessments_completed"] = len(done)
    t["returns_assessments_45wd_pct"] = _pct(sum(a.wd <= 45 for a in done), len(done))
    s47s = [x for ep in sim.cin for x in ep.s47]
    t["returns_s47_enquiries"] = sum(s <= x.start <= e for x in s47s)
    t["returns_s47_rate"] = round(10000 * t["returns_s47_enquiries"] / population, 1)
    icpcs = [x for x in s47s if x.icpc and s <= x.icpc <= e]
    t["returns_icpc_15wd_pct"] = _pct(sum((x.icpc_wd or 99) <= 15 for x in icpcs), len(icpcs))
    cpps = [c for ep in sim.cin for c in ep.cpps]
    starts = [c for c in cpps if s <= c.start <= e]
    t["returns_cpp_starts"] = len(starts)
    t["returns_cpp_repeat_pct"] = _pct(sum(c.n_prev > 0 for c in starts), len(starts))
    on_plan = {ep.child for ep in sim.cin for c in ep.cpps if c.start <= e and c.end > e}
    t["returns_cpp_rate_31mar"] = round(10000 * len(on_plan) / population, 1)
    ended = [c for c in cpps if s <= c.end <= e]
    t["returns_cpp_2yrs_pct"] = _pct(sum(c.end >= add_months(c.start, 24) for c in ended), len(ended))
    return t


def cla_truth(
    sim: CouncilSim, writer: Writer, year: int, first_written: int, population: int
) -> dict[str, Any]:
    s, e = bounds(year)
    t: dict[str, Any] = {}
    cohort: list[tuple[Child, CLAPeriod, Episode]] = []
    starts: set[str] = set()
    ceased: set[str] = set()
    during: set[str] = set()
    for ch in sim.children.values():
        for p in ch.periods:
            if p.episodes[0].ls in ("V3", "V4"):
                continue
            for ep in p.episodes:
                if ep.rne == "S" and s <= ep.decom <= e:
                    starts.add(ch.id)
                if ep.dec and s <= ep.dec <= e and ep.rec != "X1":
                    ceased.add(ch.id)
                if ep.decom <= e and (ep.dec is None or ep.dec >= s):
                    during.add(ch.id)
                if ep.decom <= e and (ep.dec is None or ep.dec > e):
                    cohort.append((ch, p, ep))
    t["returns_cla_31mar"] = len(cohort)
    t["returns_cla_rate_31mar"] = round(10000 * len(cohort) / population, 1)
    t["returns_cla_starts"] = len(starts)
    t["returns_cla_ceased"] = len(ceased)
    n3 = 0
    for ch, _p, _ep in cohort:
        n = 0
        carried = False
        for p in ch.periods:
            for ep in p.episodes:
                if ep.place.startswith("T"):
                    continue
                if ep.decom < s and (ep.dec is None or ep.dec >= s):
                    carried = True
                if s <= ep.decom <= e and ep.rne in ("S", "P", "B"):
                    n += 1
        n3 += (n + carried) >= 3
    t["returns_placement_3plus_pct"] = _pct(n3, len(cohort))
    # long-term stability needs the episodes from 1 April three years back (visible when two earlier
    # collection years are loaded, or one with its previous-year files)
    if year - 2 >= first_written - 1:
        threshold = add_months(e, -30)
        lt = same = 0
        for ch, p, _ep in cohort:
            if not (ch.dob > date(e.year - 16, e.month, e.day) and p.start <= threshold):
                continue
            lt += 1
            carer_start = max(x.decom for x in p.episodes if x.decom <= e and (x.rne in ("S", "P", "B")))
            same += carer_start <= date(e.year - 2, 3, 31)
        t["returns_placement_long_term_pct"] = _pct(same, lt)
    # reviews: the rule csinspect documents, re-implemented on the generator's own review records
    coverage = bounds(max(first_written - 1, year - 2))[0]
    ok = total = 0
    for ch in sim.children.values():
        for p in ch.periods:
            if p.episodes[0].ls in ("V3", "V4"):
                continue
            vis_start = (
                p.start if p.start >= coverage else max(x.decom for x in p.episodes if x.decom < coverage)
            )
            seen_first = False
            for rv, on_time in p.reviews:
                if rv < coverage:
                    continue
                first_seen = not seen_first
                seen_first = True
                if not (s <= rv <= e):
                    continue
                if p.start >= coverage or (vis_start < add_months(coverage, -9) and not first_seen):
                    total += 1
                    ok += on_time
    t["returns_cla_reviews_on_time_pct"] = _pct(ok, total)
    # missing (rows planted as errors are rejected by a correct validator)
    for code, label in (("M", "missing"), ("A", "away")):
        eps = [
            (ch.id, ms)
            for ch in sim.children.values()
            for k, ms, _ in ch.missing
            if k == code and s <= ms <= e and (ch.id, ms) not in writer.bad_missing
        ]
        kids = {c for c, _ in eps}
        t[f"returns_{label}_episodes"] = len(eps)
        t[f"returns_{label}_children"] = len(kids)
        t[f"returns_{label}_children_pct"] = _pct(len(kids), len(during))
    # adoption (children adopted in the years visible, up to three)
    first_adopt_year = max(year - 2, first_written - 1)
    a1: list[int] = []
    a10: list[int] = []
    a2: list[int] = []
    ws = bounds(first_adopt_year)[0]
    for ch in sim.children.values():
        for p in ch.periods:
            last = p.episodes[-1]
            if last.rec in ("E11", "E12") and last.dec and ws <= last.dec <= e:
                placed = next((x.decom for x in p.episodes if x.place in ("A3", "A4", "A5", "A6")), None)
                ad1_seen = _collection_year(last.dec) >= first_written
                first = p.episodes[0]
                start_seen = first.dec is None or first.dec >= coverage
                if placed is not None and start_seen:
                    a1.append((placed - p.start).days)
                    if p.adopted_by_carer and ad1_seen:
                        carer = max(
                            x.decom for x in p.episodes if x.decom <= placed and x.rne in ("S", "P", "B")
                        )
                        a10.append((carer - p.start).days)
                    else:
                        a10.append((placed - p.start).days)
                orders = [
                    x.decom
                    for x in p.episodes
                    if x.ls in ("E1", "D1") and (x.dec is None or x.dec >= coverage)
                ]
                if p.match and ad1_seen and orders:
                    a2.append(max(0, (p.match - min(orders)).days))
    t["returns_adoption_a1_days"] = round(sum(a1) / len(a1), 1) if a1 else None
    t["returns_adoption_a10_days"] = round(sum(a10) / len(a10), 1) if a10 else None
    t["returns_adoption_a2_days"] = round(sum(a2) / len(a2), 1) if a2 else None
    # care leavers aged 19-21
    bad = writer.bad_oc3.get(year, set())
    group = [
        ch
        for ch in sim.children.values()
        if ch.leaver
        and 19 <= _age_reached(ch.dob, year) <= 21
        and ch.id not in bad
        and ch.leaver["IN_TOUCH"] not in ("DIED", "RHOM")
    ]
    t["returns_care_leavers_suitable_pct"] = _pct(
        sum(ch.leaver["ACCOM"].endswith("1") for ch in group if ch.leaver), len(group)
    )
    t["returns_care_leavers_eet_pct"] = _pct(
        sum(ch.leaver["ACTIV"][0] in "FP" for ch in group if ch.leaver), len(group)
    )
    return t


def _collection_year(d: date) -> int:
    return d.year + 1 if d.month >= 4 else d.year


# ------------------------------------------------------------------------------------------ entry


def default_councils(n: int, seed: int, population_file: Path | None = None) -> list[tuple[str, int]]:
    """Real council codes and 0-17 populations from the ONS file when given (so rates are realistic); else
    160 made-up councils of 50,000 children."""
    from csinspect.sources.official.population import population_table

    table = population_table(population_file) if population_file is not None else None
    if table is not None:
        latest = table.filter(table["year"] == table["year"].max()).sort("la_code")
        pairs = [
            (str(a), int(b)) for a, b in zip(latest["la_code"], latest["population"], strict=True) if a and b
        ]
    else:
        pairs = [(str(800 + i), 50000) for i in range(160)]
    rng = random.Random(seed)
    return pairs if n >= len(pairs) else sorted(rng.sample(pairs, n))


def generate(
    out: Path,
    *,
    councils: int | list[tuple[str, int]] = 1,
    years: int | list[int] = 1,
    last_year: int = 2025,
    seed: int = 1,
    error_rate: float = 0.01,
    size: float = 1.0,
    cla_scale: float = 1.0,
    annex_a: bool = True,
    truth: bool = True,
    population_file: Path | None = None,
) -> dict[str, Any]:
    """Write ``out/<la_code>/<year>/{ssda903/, cin_census.xml, annex_a.xlsx}`` and ``out/<la_code>/truth.json``.

    Returns {la_code: {year: {indicator: value}}}."""
    year_list = years if isinstance(years, list) else list(range(last_year - years + 1, last_year + 1))
    pairs = councils if isinstance(councils, list) else default_councils(councils, seed, population_file)
    result: dict[str, Any] = {}
    for la, pop in pairs:
        sim = CouncilSim(la, pop, year_list, seed, size, cla_scale)
        sim.simulate_cin()
        sim.simulate_cla()
        writer = Writer(sim, out / la, error_rate, seed)
        per_year: dict[str, Any] = {}
        for y in year_list:
            folder = out / la / str(y)
            writer.write_903(y, folder / "ssda903")
            writer.write_903(y - 1, folder / "ssda903", previous=True)
            writer.write_cin(y, folder / "cin_census.xml")
            aa = writer.write_annex(y, folder / "annex_a.xlsx") if annex_a else {}
            if truth:
                eff_pop = int(pop)
                values = {
                    **cin_truth(sim, y, year_list, eff_pop),
                    **cla_truth(sim, writer, y, year_list[0], eff_pop),
                    **aa,
                }
                per_year[str(y)] = {
                    "values": values,
                    "planted_errors": [p.__dict__ for p in writer.planted.get(y, [])],
                }
        payload = {
            "la_code": la,
            "population": pop,
            "size": size,
            "seed": seed,
            "error_rate": error_rate,
            "years": per_year,
        }
        (out / la).mkdir(parents=True, exist_ok=True)
        (out / la / "truth.json").write_text(json.dumps(payload, indent=1, default=str), encoding="utf-8")
        result[la] = payload
    return result
