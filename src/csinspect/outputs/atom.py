"""The news as an Atom feed (RFC 4287) with feedgen: one entry per publication or data release, its id
stable across runs, updated when csinspect found it, published on the date Ofsted or DfE published it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, time

from feedgen.feed import FeedGenerator

from csinspect.analysis.news import NewsItem


def atom_feed(items: Sequence[NewsItem], *, base_url: str, path: str, title: str) -> bytes:
    fg = FeedGenerator()
    fg.id(f"{base_url}{path}")
    fg.title(title)
    fg.subtitle("New inspection reports and official data on England's local-authority children's services")
    fg.link(href=f"{base_url}{path}", rel="self", type="application/atom+xml")
    fg.link(href=f"{base_url}/news", rel="alternate", type="text/html")
    fg.author({"name": "csinspect"})
    fg.language("en-GB")
    newest = max((_aware(i.found) for i in items), default=datetime(2005, 1, 1, tzinfo=UTC))
    fg.updated(newest)
    for item in reversed(items):  # feedgen prepends: add oldest first so the newest lead
        entry = fg.add_entry()
        entry.id(f"{base_url}/news#{item.id}")
        entry.title(item.title)
        link = item.link or item.source_url or "/news"
        entry.link(href=link if link.startswith("http") else f"{base_url}{link}")
        entry.updated(_aware(item.found))
        if item.date is not None:
            entry.published(datetime.combine(item.date, time(), tzinfo=UTC))
        lines = [item.summary, *(c.text() for c in item.changes)]
        entry.summary(". ".join(line for line in lines if line))
        if item.authority:
            entry.category(term=item.la_code or "", label=item.authority)
    return bytes(fg.atom_str(pretty=True))


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
