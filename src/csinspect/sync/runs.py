"""A sync as a recorded run: started, finished, what it found, ingested and failed, and its one-line message
when the network was not there. Used by ``csinspect sync`` and by ``serve --sync-every``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from csinspect.load import publications as store
from csinspect.sources.sandbox import Limits
from csinspect.sync.client import Offline, PoliteClient
from csinspect.sync.data import DataSync, sync_data
from csinspect.sync.reports import ReportsSync, sync_reports


@dataclass(frozen=True)
class Where:
    """The addresses a sync reads (the real sites by default; ``--base-url`` puts all of them on one host,
    as the tests' local server does)."""

    ofsted_site: str
    ees_api: str
    govuk_site: str

    @classmethod
    def of(cls, settings: Any, base_url: str | None = None) -> Where:
        if base_url:
            base = base_url.rstrip("/")
            return cls(base, f"{base}/statistics", base)
        return cls(
            settings.ofsted_site.rstrip("/"), settings.ees_api.rstrip("/"), settings.govuk_site.rstrip("/")
        )


def run_reports(
    session: Session,
    where: Where,
    *,
    data_dir: Path,
    documents_dir: Path | None,
    limits: Limits,
    delay: float,
    la_codes: list[str] | None = None,
    since: date | None = None,
    dry_run: bool = False,
    progress: Any = None,
) -> tuple[ReportsSync | None, str | None]:
    """(result, None), or (None, the offline message) when the site cannot be reached."""
    run_id = None if dry_run else _start(session, "reports")
    try:
        with PoliteClient(delay=delay) as client:
            result = sync_reports(
                session, client, base=where.ofsted_site, la_codes=la_codes, since=since, dry_run=dry_run,
                work_dir=data_dir / "sync" / "incoming", documents_dir=documents_dir, limits=limits,
                progress=progress,
            )  # fmt: skip
    except Offline as exc:
        _finish(session, run_id, status="offline", message=f"no network: {exc}")
        return None, f"no network: {exc}"
    except BaseException as exc:  # stopped (Ctrl-C, a fatal error): what was finished stays, the run says so
        _finish(session, run_id, status="interrupted", message=f"{type(exc).__name__}: {exc}"[:500])
        raise
    _finish(session, run_id, status=result.status, message="; ".join(result.problems[:5]) or None,
            found=result.found, new=result.new, ingested=result.ingested,
            failed=result.failed + result.rejected, details={"not_read": result.not_read, "problems": result.problems})  # fmt: skip
    return result, None


def run_data(
    session: Session, where: Where, *, data_dir: Path, delay: float, dry_run: bool = False
) -> tuple[DataSync | None, str | None]:
    run_id = None if dry_run else _start(session, "data")
    try:
        with PoliteClient(delay=delay) as client:
            result = sync_data(
                session, client, ees_base=where.ees_api, govuk_base=where.govuk_site,
                work_dir=data_dir / "sync" / "official", dry_run=dry_run,
            )  # fmt: skip
    except Offline as exc:
        _finish(session, run_id, status="offline", message=f"no network: {exc}")
        return None, f"no network: {exc}"
    except BaseException as exc:
        _finish(session, run_id, status="interrupted", message=f"{type(exc).__name__}: {exc}"[:500])
        raise
    _finish(session, run_id, status=result.status, message="; ".join(result.problems[:5]) or None,
            found=result.found, new=result.new, ingested=result.loaded, failed=result.failed,
            details={"problems": result.problems})  # fmt: skip
    return result, None


def _start(session: Session, kind: str) -> int:
    run = store.start_run(session, kind)
    session.commit()
    return run.id


def _finish(session: Session, run_id: int | None, **fields: Any) -> None:
    if run_id is None:
        return
    session.rollback()  # whatever an interrupted step left open
    store.finish_run(session, run_id, **fields)
    session.commit()
