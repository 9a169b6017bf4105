"""Full-text search over the recommendations, findings and text (page by page) of every stored report.

SQLite: an FTS5 table ``search_fts`` (porter stemming) kept in step with ``recommendation`` and ``finding`` by
triggers (Alembic migration 0003); its rowid encodes the row (recommendation id*2, finding id*2+1); the report
text in ``page_fts`` over ``report_page`` (migration 0009).
PostgreSQL: ``to_tsvector('english', text)`` with GIN expression indexes (same migrations), queried with
``websearch_to_tsquery``.

Whatever the user types is treated as text: on SQLite every word or quoted phrase becomes a quoted FTS5 string,
on PostgreSQL ``websearch_to_tsquery`` never raises on syntax, and all values are bound parameters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

HL_START, HL_END = "\u27e6", "\u27e7"  # highlight markers, escaped before they become <mark>

_TOKEN = re.compile(r'"([^"]*)"|(\S+)')


def fts5_query(user_text: str) -> str:
    """User text as an FTS5 query of quoted strings (implicit AND): no operator or column syntax survives."""
    parts: list[str] = []
    for phrase, word in _TOKEN.findall(user_text):
        chunk = phrase or word
        if re.search(r"\w", chunk):
            parts.append('"' + chunk.replace('"', '""') + '"')
    return " ".join(parts)


@dataclass
class SearchFilters:
    q: str = ""
    framework: str | None = None
    la_code: str | None = None
    region: str | None = None
    year: int | None = None
    grade: str | None = None


@dataclass
class SearchHit:
    kind: str  # recommendation | finding | report_text (a page of the report's text)
    id: int
    text: str
    snippet: str
    inspection_id: int
    la_code: str | None
    authority: str | None
    framework_id: str
    document_type: str
    published: date | None
    page: int | None
    label: str | None  # recommendation category or finding kind/area


@dataclass
class SearchResult:
    total: int
    hits: list[SearchHit] = field(default_factory=list)


def _filter_sql(f: SearchFilters, params: dict[str, Any], *, sqlite: bool) -> str:
    clauses = []
    if f.framework:
        clauses.append("i.framework_id = :framework")
        params["framework"] = f.framework
    if f.la_code:
        clauses.append("i.la_code = :la_code")
        params["la_code"] = f.la_code
    if f.region:
        clauses.append("(a.region_code = :region OR a.region_name = :region)")
        params["region"] = f.region
    if f.year:
        clauses.append("i.published >= :y0 AND i.published < :y1")
        params["y0"], params["y1"] = date(f.year, 1, 1), date(f.year + 1, 1, 1)
        if sqlite:  # SQLAlchemy stores SQLite dates as ISO text
            params["y0"], params["y1"] = params["y0"].isoformat(), params["y1"].isoformat()
    if f.grade:
        clauses.append("EXISTS (SELECT 1 FROM judgement j WHERE j.inspection_id = i.id AND j.grade = :grade)")
        params["grade"] = f.grade
    return (" AND " + " AND ".join(clauses)) if clauses else ""


_COLUMNS = (
    "i.id AS inspection_id, i.la_code, a.name AS authority, i.framework_id, i.document_type, i.published"
)


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def search(session: Session, f: SearchFilters, *, limit: int = 20, offset: int = 0) -> SearchResult:
    # control characters (NUL above all) can be neither an FTS5 string nor PostgreSQL text: they become spaces
    def clean(v: str | None) -> str | None:
        return None if v is None else _CONTROL.sub(" ", v)

    f = SearchFilters(
        q=clean(f.q) or "",
        framework=clean(f.framework),
        la_code=clean(f.la_code),
        region=clean(f.region),
        year=f.year,
        grade=clean(f.grade),
    )
    if not f.q.strip():
        return SearchResult(total=0)
    params: dict[str, Any] = {}
    dialect = session.get_bind().dialect.name
    where = _filter_sql(f, params, sqlite=dialect == "sqlite")
    if dialect == "sqlite":
        match = fts5_query(f.q)
        if not match:
            return SearchResult(total=0)
        params["match"] = match
        body = f"""
            WITH m AS (
              SELECT rowid AS rid, bm25(search_fts) AS score,
                     snippet(search_fts, 0, '{HL_START}', '{HL_END}', '…', 32) AS snip
              FROM search_fts WHERE search_fts MATCH :match)
            SELECT 'recommendation' AS kind, r.id, r.text, m.snip, m.score, r.page, r.category AS label, {_COLUMNS}
              FROM m JOIN recommendation r ON m.rid % 2 = 0 AND r.id = m.rid / 2
              JOIN inspection i ON i.id = r.inspection_id LEFT JOIN authority a ON a.la_code = i.la_code
              WHERE 1=1 {where}
            UNION ALL
            SELECT 'finding' AS kind, fd.id, fd.text, m.snip, m.score, fd.page,
                   fd.kind || coalesce(': ' || fd.area, '') AS label, {_COLUMNS}
              FROM m JOIN finding fd ON m.rid % 2 = 1 AND fd.id = (m.rid - 1) / 2
              JOIN inspection i ON i.id = fd.inspection_id LEFT JOIN authority a ON a.la_code = i.la_code
              WHERE 1=1 {where}
            UNION ALL
            SELECT 'report_text' AS kind, rp.id, NULL AS text, p.snip, p.score, rp.page, NULL AS label, {_COLUMNS}
              FROM (SELECT rowid AS rid, bm25(page_fts) AS score,
                           snippet(page_fts, 0, '{HL_START}', '{HL_END}', '…', 32) AS snip
                      FROM page_fts WHERE page_fts MATCH :match) p
              JOIN report_page rp ON rp.id = p.rid
              JOIN inspection i ON i.id = rp.inspection_id LEFT JOIN authority a ON a.la_code = i.la_code
              WHERE 1=1 {where}"""
    else:
        params["q"] = f.q
        hl = f"'StartSel={HL_START}, StopSel={HL_END}, MaxWords=40, MinWords=15'"
        body = f"""
            SELECT 'recommendation' AS kind, r.id, r.text,
                   ts_headline('english', r.text, tq, {hl}) AS snip,
                   -ts_rank(to_tsvector('english', r.text), tq) AS score, r.page, r.category AS label, {_COLUMNS}
              FROM recommendation r CROSS JOIN websearch_to_tsquery('english', :q) tq
              JOIN inspection i ON i.id = r.inspection_id LEFT JOIN authority a ON a.la_code = i.la_code
              WHERE to_tsvector('english', r.text) @@ tq {where}
            UNION ALL
            SELECT 'finding' AS kind, fd.id, fd.text,
                   ts_headline('english', fd.text, tq, {hl}) AS snip,
                   -ts_rank(to_tsvector('english', fd.text), tq) AS score, fd.page,
                   fd.kind || coalesce(': ' || fd.area, '') AS label, {_COLUMNS}
              FROM finding fd CROSS JOIN websearch_to_tsquery('english', :q) tq
              JOIN inspection i ON i.id = fd.inspection_id LEFT JOIN authority a ON a.la_code = i.la_code
              WHERE to_tsvector('english', fd.text) @@ tq {where}
            UNION ALL
            SELECT 'report_text' AS kind, rp.id, NULL AS text,
                   ts_headline('english', rp.text, tq, {hl}) AS snip,
                   -ts_rank(to_tsvector('english', rp.text), tq) AS score, rp.page, NULL AS label, {_COLUMNS}
              FROM report_page rp CROSS JOIN websearch_to_tsquery('english', :q) tq
              JOIN inspection i ON i.id = rp.inspection_id LEFT JOIN authority a ON a.la_code = i.la_code
              WHERE to_tsvector('english', rp.text) @@ tq {where}"""
    total = session.execute(text(f"SELECT count(*) FROM ({body}) s"), params).scalar_one()
    rows = session.execute(
        text(f"SELECT * FROM ({body}) s ORDER BY score, published DESC, id LIMIT :limit OFFSET :offset"),
        {**params, "limit": limit, "offset": offset},
    ).mappings()
    hits = [
        SearchHit(
            kind=r["kind"],
            id=r["id"],
            # report text is a whole page: the hit carries the passage that matched
            text=r["text"] if r["text"] is not None else _plain(r["snip"] or ""),
            snippet=r["snip"] or r["text"] or "",
            inspection_id=r["inspection_id"],
            la_code=r["la_code"],
            authority=r["authority"],
            framework_id=r["framework_id"],
            document_type=r["document_type"],
            published=_as_date(r["published"]),
            page=r["page"],
            label=r["label"],
        )
        for r in rows
    ]
    return SearchResult(total=int(total), hits=hits)


def _plain(snippet: str) -> str:
    return snippet.replace(HL_START, "").replace(HL_END, "")


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def filter_options(session: Session) -> dict[str, Any]:
    """What the search filters can be set to: frameworks, authorities, regions, years and grades held."""
    from sqlalchemy import func, select

    from csinspect.analysis.authorities import authority_choices, regions
    from csinspect.analysis.national import framework_title
    from csinspect.store.models import Inspection, Judgement

    years = sorted(
        {d.year for d in session.scalars(select(Inspection.published).distinct()) if d is not None},
        reverse=True,
    )
    return {
        "frameworks": [
            (f, framework_title(f))
            for f in session.scalars(
                select(Inspection.framework_id).distinct().order_by(Inspection.framework_id)
            )
        ],
        "authorities": authority_choices(session),
        "regions": regions(session),
        "years": years,
        "grades": [
            (g, n)
            for g, n in session.execute(
                select(Judgement.grade, func.count())
                .where(Judgement.grade.is_not(None))
                .group_by(Judgement.grade)
            )
        ],
    }
