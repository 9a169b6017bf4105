"""What is new: each publication the report sync found (its authority, kind, dates and, where graded, the
change from the previous inspection under a comparable framework) and each official data release loaded.
One read used by ``csinspect news``, the "What's new" page, the Atom feed and ``/api/v1/news``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from csinspect.analysis.history import HistoryRow, authority_history
from csinspect.analysis.inspections import group_of
from csinspect.analysis.national import framework_title
from csinspect.frameworks.facts import headline_ids
from csinspect.store.models import Authority
from csinspect.store.sync_models import DataRelease, Publication

DEFAULT_DAYS = 31  # news of the last month unless asked otherwise


@dataclass(frozen=True)
class Change:
    judgement: str  # "Overall effectiveness"
    before: str | None  # "Requires improvement to be good"
    after: str | None  # "Good"
    before_framework: str | None = None
    direction: str = ""  # up | down | same | ""

    def text(self) -> str:
        arrow = (
            f"{self.before} → {self.after}"
            if self.before
            else f"{self.after} (first under a comparable framework)"
        )
        return f"{self.judgement}: {arrow}"


@dataclass(frozen=True)
class NewsItem:
    id: str  # stable: "publication:<id>" or "release:<id>"
    kind: str  # publication | data_release
    title: str
    date: date | None  # when it was published (the listing's date, the release's)
    found: datetime  # when csinspect found it
    la_code: str | None = None
    authority: str | None = None
    region: str | None = None
    status: str | None = None  # the publication's: ingested | rejected | not_read | failed
    summary: str = ""
    changes: list[Change] = field(default_factory=list)
    link: str | None = None  # csinspect's page for it (relative), else the publisher's address
    source_url: str | None = None
    inspection_ids: list[int] = field(default_factory=list)


def _label(judgement_id: str) -> str:
    return judgement_id.replace("_", " ").capitalize()


def _inspections(rows: list[HistoryRow]) -> list[tuple[int, list[HistoryRow]]]:
    by_id: dict[int, list[HistoryRow]] = {}
    for r in rows:
        by_id.setdefault(r.inspection_id, []).append(r)
    return list(by_id.items())


def changes_for(
    session: Session, la_code: str, inspection_ids: Iterable[int]
) -> tuple[list[Change], str | None]:
    """What changed from the authority's previous graded inspection under a comparable framework (the same
    judgements on the common scale); the second value says why there is no headline, when there is none."""
    ids: set[int] = set()
    for iid in inspection_ids:  # every record of the inspection (Ofsted's table row and the report)
        group = group_of(session, iid)
        ids |= set(group.ids) if group is not None else {iid}
    history = authority_history(session, la_code)
    groups = _inspections(history)
    mine = [rows for iid, rows in groups if iid in ids]
    if not mine:
        return [], None
    rows = mine[0]
    framework = rows[0].framework_id
    graded = {r.judgement_id: r for r in rows if r.judgement_id and r.label}
    if not graded:
        return [], None
    note = None if headline_ids(framework) else f"no overall grade under {framework_title(framework)}"
    when = rows[0].date or date.min
    earlier = [
        (iid, rs) for iid, rs in groups
        if iid not in ids and (rs[0].date or date.min) < when and any(r.judgement_id in graded and r.label for r in rs)
    ]  # fmt: skip
    previous = {r.judgement_id: r for r in (earlier[-1][1] if earlier else []) if r.judgement_id and r.label}
    heads = headline_ids(framework) or list(graded)
    out = []
    for jid in heads:
        now = graded.get(jid)
        if now is None:
            continue
        before = previous.get(jid)
        direction = ""
        if before is not None and before.ordinal is not None and now.ordinal is not None:
            direction = (
                "up" if now.ordinal > before.ordinal else "down" if now.ordinal < before.ordinal else "same"
            )
        out.append(
            Change(
                _label(jid),
                before.label if before else None,
                now.label,
                before.framework_id if before else None,
                direction,
            )
        )
    return out, note


def news_items(
    session: Session,
    *,
    since: date | None = None,
    la_codes: Iterable[str] | None = None,
    region: str | None = None,
    limit: int = 500,
    with_changes: bool = True,
) -> list[NewsItem]:
    """Newest first: publications listed on or after ``since`` (default: the last month) of the authorities
    asked for (or of a region), and, unless filtered by authority, the data releases loaded since."""
    start = since or date.today() - timedelta(days=DEFAULT_DAYS)
    wanted = set(la_codes or [])
    authorities = {a.la_code: a for a in session.scalars(select(Authority))}
    if region:
        wanted |= {c for c, a in authorities.items() if region.lower() in {(a.region_name or "").lower(), (a.region_code or "").lower()}}  # fmt: skip
    stmt = select(Publication).where(Publication.listed_date >= start).order_by(Publication.listed_date.desc(), Publication.id.desc())  # fmt: skip
    if wanted or region:
        stmt = stmt.where(Publication.la_code.in_(sorted(wanted)))
    items: list[NewsItem] = []
    for pub in session.scalars(stmt.limit(limit)):
        a = authorities.get(pub.la_code or "")
        changes, note = changes_for(session, pub.la_code, pub.inspection_ids) if with_changes and pub.la_code and pub.inspection_ids else ([], None)  # fmt: skip
        summary = {
            "ingested": "read and added to the history",
            "rejected": "found, but not a report csinspect could read: " + "; ".join(pub.reasons or []),
            "not_read": "a kind of publication csinspect does not read",
            "failed": "found; the download failed and will be tried again",
        }.get(pub.status, pub.status)
        if note:
            summary += f"; {note}"
        items.append(
            NewsItem(
                id=f"publication:{pub.id}",
                kind="publication",
                title=f"{a.name if a else pub.la_code}: {pub.kind}",
                date=pub.listed_date,
                found=pub.changed_at or pub.first_seen,
                la_code=pub.la_code,
                authority=a.name if a else None,
                region=a.region_name if a else None,
                status=pub.status,
                summary=summary,
                changes=changes,
                link=f"/inspections/{pub.inspection_ids[0]}" if pub.inspection_ids else pub.url,
                source_url=pub.url,
                inspection_ids=list(pub.inspection_ids or []),
            )
        )
    if not (wanted or region):
        first = datetime.combine(start, datetime.min.time())
        releases = select(DataRelease).where(DataRelease.status == "loaded", DataRelease.seen_at >= first)
        for rel in session.scalars(releases.order_by(DataRelease.seen_at.desc()).limit(limit)):
            items.append(
                NewsItem(
                    id=f"release:{rel.id}",
                    kind="data_release",
                    title=f"New data: {rel.title or rel.dataset} ({rel.version})",
                    date=rel.published.date() if rel.published else rel.seen_at.date(),
                    found=rel.seen_at,
                    summary=f"{rel.dataset}: loaded from {rel.file_name}; the values it changed are in the change log",
                    link="/data",
                    source_url=rel.url,
                )
            )
    items.sort(key=lambda i: (i.date or date.min, i.found), reverse=True)
    return items[:limit]
