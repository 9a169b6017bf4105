"""``csinspect sync reports``: find what Ofsted has published about each authority and put every new report
through the ordinary ingestion.

1. The site's search lists one provider page per authority; each provider is matched to an authority of the
   register by its Ofsted URN (or, the first time, by its name; the URN is then kept in the register).
2. Each provider page lists its publications. A kind csinspect reads (``frameworks`` ``site_kinds``) is
   downloaded when new; a publication already read is asked again only with a conditional request (ETag,
   Last-Modified), so a run with nothing new downloads no PDF; a kind csinspect does not read is recorded as
   seen and never downloaded.
3. A new PDF goes through ``load.reports.ingest_paths`` (the same checks, the same ``needs_review`` rules),
   under a name carrying the listed date. What happened is recorded against the publication, committed one
   publication at a time: a stopped run keeps what it finished; a rejected file is not retried until its
   content changes; a failed download is retried next time.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from csinspect.authorities.resolve import AmbiguousAuthority, AuthorityIndex, UnknownAuthority
from csinspect.frameworks.facts import site_reads_as
from csinspect.load import publications as store
from csinspect.load.outcome import FileOutcome
from csinspect.load.report_store import readable
from csinspect.load.reports import default_workers, ingest_paths
from csinspect.sources import ofsted_site as site
from csinspect.sources.sandbox import Limits
from csinspect.store.models import Authority, Inspection
from csinspect.sync.client import Answer, Offline, PoliteClient, SyncError

FINAL = ("ingested", "rejected")
BATCH = 96  # downloads read together (as `ingest` reads a folder: in parallel child processes)


@dataclass
class ReportsSync:
    """What a run found and did; ``lines`` is one row per publication it acted on (for the CLI)."""

    providers: int = 0
    found: int = 0
    new: int = 0
    ingested: int = 0
    rejected: int = 0
    not_read: int = 0
    unchanged: int = 0
    failed: int = 0
    problems: list[str] = field(default_factory=list)  # pages not read, providers not matched
    lines: list[dict[str, object]] = field(default_factory=list)

    @property
    def status(self) -> str:
        if self.failed or self.problems:
            return "partial" if (self.found or self.providers) else "failed"
        return "ok"


def _providers(client: PoliteClient, base: str, result: ReportsSync) -> list[site.ProviderLink]:
    found: dict[str, site.ProviderLink] = {}
    start = 0
    while True:
        url = site.search_url(base, start)
        page = site.parse_search(client.get(url).content.decode("utf-8", "replace"), url)
        fresh = [p for p in page.providers if p.urn not in found]
        for p in fresh:
            found[p.urn] = p
        start += site.ROWS
        if not fresh or len(page.providers) < site.ROWS or (page.total is not None and start >= page.total):
            break
    result.providers = len(found)
    return list(found.values())


def _match(session: Session, providers: list[site.ProviderLink], result: ReportsSync) -> dict[str, str]:
    """URN -> LA code, learning URNs the register does not have yet from the providers' names."""
    known = {a.ofsted_urn: a.la_code for a in session.scalars(select(Authority)) if a.ofsted_urn}
    index: AuthorityIndex | None = None
    out: dict[str, str] = {}
    for p in providers:
        if p.urn in known:
            out[p.urn] = known[p.urn]
            continue
        index = index or AuthorityIndex.from_session(session)
        try:
            hit = index.resolve(p.name, date.today())
        except (UnknownAuthority, AmbiguousAuthority) as exc:
            result.problems.append(
                f"{p.url}: provider {p.name!r} (URN {p.urn}) is not matched to the register: {exc}"
            )
            continue
        store.set_urn(session, hit.la_code, p.urn)
        out[p.urn] = hit.la_code
    session.commit()
    return out


def sync_reports(
    session: Session,
    client: PoliteClient,
    *,
    base: str = site.SITE,
    la_codes: list[str] | None = None,
    since: date | None = None,
    dry_run: bool = False,
    work_dir: Path,
    documents_dir: Path | None,
    limits: Limits | None = None,
    progress: Callable[[dict[str, object]], None] | None = None,
) -> ReportsSync:
    """One sync of every authority's publications (or of ``la_codes``); raises ``Offline`` when the site
    cannot be reached at all (nothing changed)."""
    result = ReportsSync()
    wanted = set(la_codes or [])
    urns = {a.la_code: a.ofsted_urn for a in session.scalars(select(Authority)) if a.ofsted_urn}
    if wanted and wanted <= set(urns):  # every authority asked for has its URN: no need to search
        targets = [(urns[la], la, site.provider_url(base, urns[la])) for la in sorted(wanted)]
        result.providers = len(targets)
    else:
        providers = _providers(client, base, result)
        matched = _match(session, providers, result)
        targets = [(p.urn, matched[p.urn], p.url) for p in providers if p.urn in matched]
        if wanted:
            missing = wanted - {la for _, la, _ in targets}
            result.problems += [
                f"{la}: no provider page found for this authority on {base}" for la in sorted(missing)
            ]
            targets = [t for t in targets if t[1] in wanted]
    run = _Run(session, client, result, dry_run, work_dir, documents_dir, limits)
    for urn, la_code, url in targets:
        try:
            page = site.parse_provider(client.get(url).content.decode("utf-8", "replace"), url, urn)
        except Offline:
            raise
        except (site.SiteLayoutError, SyncError) as exc:  # this authority's page: reported, the others go on
            result.problems.append(str(exc))
            continue
        result.problems += [f"{url}: {p}" for p in page.problems]
        for listed in page.publications:
            if since is not None and listed.listed_date is not None and listed.listed_date < since:
                continue
            result.found += 1
            done = _one(run, listed, urn, la_code)
            if isinstance(done, _Pending):
                run.pending.append(done)
                if len(run.pending) >= BATCH:
                    _flush(run, progress)
            elif done is not None:
                _report(run, done, progress)
        session.commit()  # what this page said of its publications, together
    _flush(run, progress)
    session.commit()
    return result


def _report(run: _Run, line: dict[str, object], progress: Callable[[dict[str, object]], None] | None) -> None:
    run.result.lines.append(line)
    if progress is not None:
        progress(line)


@dataclass
class _Run:
    session: Session
    client: PoliteClient
    result: ReportsSync
    dry_run: bool
    work_dir: Path
    documents_dir: Path | None
    limits: Limits | None
    pending: list[_Pending] = field(default_factory=list)


@dataclass
class _Pending:
    """A publication downloaded and waiting to be read with the rest of its batch."""

    listing: _Listing
    answer: Answer
    previous_doc: int | None
    line: dict[str, object]
    path: Path | None = None


def _one(run: _Run, listed: site.Listed, urn: str, la_code: str) -> dict[str, object] | _Pending | None:
    session, result = run.session, run.result
    reads_as = site_reads_as(listed.kind) if listed.file_type == "pdf" else None
    pub = store.publication_at(session, listed.url)
    same_listing = pub is not None and pub.listed_date == listed.listed_date and pub.kind == listed.kind
    line: dict[str, object] = {
        "la_code": la_code,
        "kind": listed.kind,
        "listed": listed.listed_date,
        "url": listed.url,
    }
    listing = _Listing(listed.url, urn, la_code, listed.kind, reads_as, listed.listed_date, listed.text)
    if reads_as is None:
        result.not_read += 1
        if pub is not None:
            store.seen_again(session, pub)  # committed with the rest of the page
            return None
        if not run.dry_run:
            why = [f"listed as {listed.file_type!r}, not a PDF"] if listed.file_type != "pdf" else []
            listing.record(session, "not_read", why)
        return {**line, "result": "not read (a kind csinspect does not read)"}
    final = pub is not None and pub.status in FINAL and same_listing
    if run.dry_run:
        if final:
            result.unchanged += 1
            return None
        result.new += 1
        return {**line, "result": "would download"}
    if pub is not None and final and not (pub.etag or pub.last_modified):
        store.seen_again(session, pub)  # nothing to ask the server conditionally: the listing stands for it
        result.unchanged += 1
        return None
    try:
        answer = run.client.get(
            listed.url,
            etag=pub.etag if pub is not None and final else None,
            last_modified=pub.last_modified if pub is not None and final else None,
        )
    except Offline:
        raise
    except SyncError as exc:
        listing.record(
            session, pub.status if pub is not None and final else "failed", [f"download failed: {exc}"]
        )
        session.commit()
        result.failed += 1
        return {**line, "result": f"failed: {exc}"}
    if pub is not None and (answer.status == 304 or pub.sha256 == hashlib.sha256(answer.content).hexdigest()):
        store.seen_again(session, pub)
        result.unchanged += 1
        return None
    result.new += 1
    return _Pending(listing, answer, pub.document_id if pub is not None else None, line)


@dataclass(frozen=True)
class _Listing:
    url: str
    urn: str
    la_code: str
    kind: str
    reads_as: str | None
    listed_date: date | None
    text: str

    def record(self, session: Session, status: str, reasons: list[str], **more: object) -> None:
        store.record_publication(
            session, address=self.url, urn=self.urn, la_code=self.la_code, kind=self.kind, reads_as=self.reads_as,
            listed_date=self.listed_date, listed_text=self.text, status=status, reasons=reasons, **more,  # type: ignore[arg-type]
        )  # fmt: skip


def _flush(run: _Run, progress: Callable[[dict[str, object]], None] | None) -> None:
    """Read the downloaded batch through the ordinary ingestion (in parallel) and record each outcome as it
    comes (each publication committed on its own)."""
    batch, run.pending = run.pending, []
    if not batch:
        return
    folder = run.work_dir / f"batch-{os.getpid()}"
    folder.mkdir(parents=True, exist_ok=True)
    by_path: dict[str, _Pending] = {}
    try:
        for n, item in enumerate(batch):
            when = f" - {item.listing.listed_date:%d %B %Y}".lower() if item.listing.listed_date else ""
            # the listed date in the name, as Ofsted names its files (the ingestion may use it)
            item.path = folder / f"{n:03d}" / f"{_safe(item.listing.kind)}{when}.pdf"
            item.path.parent.mkdir(parents=True, exist_ok=True)
            item.path.write_bytes(item.answer.content)
            by_path[readable(str(item.path))] = item

        def recorded(outcome: FileOutcome) -> None:
            item = by_path.get(outcome.file)
            if item is not None:
                _report(run, _record(run, item, outcome), progress)

        ingest_paths(
            [item.path for item in batch if item.path is not None], run.session, workers=default_workers(),
            documents_dir=run.documents_dir, limits=run.limits, progress=recorded,
        )  # fmt: skip
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _record(run: _Run, item: _Pending, outcome: FileOutcome) -> dict[str, object]:
    session, result, listing, line = run.session, run.result, item.listing, item.line
    reasons = list(outcome.reasons)
    if outcome.status == "failed":  # not stored (a database or disk problem): retried next time
        listing.record(session, "failed", reasons)
        session.commit()
        result.failed += 1
        return {**line, "result": f"failed: {'; '.join(reasons)}"}
    validators = {
        "sha256": hashlib.sha256(item.answer.content).hexdigest(),
        "etag": item.answer.etag,
        "last_modified": item.answer.last_modified,
        "changed": True,
    }
    if outcome.status == "rejected":  # not retried until its content changes
        listing.record(session, "rejected", reasons, **validators)
        session.commit()
        result.rejected += 1
        return {**line, "result": f"rejected: {'; '.join(reasons)}"}
    ids = list(outcome.ids)
    codes = session.scalars(select(Inspection.la_code).where(Inspection.id.in_(ids)))
    elsewhere = sorted({c for c in codes if c and c != listing.la_code})
    if elsewhere:
        why = f"listed on {listing.la_code}'s page of Ofsted's site, but the report is of {', '.join(elsewhere)}"
        store.flag_inspections(session, ids, why)
        reasons.append(why)
    document_id = session.scalar(select(Inspection.document_id).where(Inspection.id.in_(ids)).limit(1))
    if item.previous_doc is not None and document_id is not None and item.previous_doc != document_id:
        removed = store.retire_document(session, item.previous_doc)
        reasons.append(f"re-published with other content: the earlier version's {removed} record(s) replaced")
    listing.record(session, "ingested", reasons, document_id=document_id, inspection_ids=ids, **validators)
    session.commit()
    result.ingested += 1
    state = outcome.status.replace("_", " ")
    return {
        **line,
        "result": f"ingested ({state})" + (f": {'; '.join(reasons)}" if reasons else ""),
        "ids": ids,
    }


def _safe(text: str) -> str:
    cleaned = "".join(c if c.isalnum() or c in " -'" else "_" for c in text.replace("\u2019", "'"))
    return cleaned.strip()[:80] or "report"
