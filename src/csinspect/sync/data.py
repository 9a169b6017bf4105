"""``csinspect sync data``: find the latest release of each official data set the indicators use and load
it when it is new.

- Explore Education Statistics: for each publication the catalogue names (``ees_publication``), the public
  API lists its data sets; the catalogue's data set is the one with its ``ees_dataset_id``, else the one
  whose title matches its ``ees_title``. A version not loaded before is downloaded as CSV and loaded by the
  ordinary loaders (which record the values that changed); one already loaded is not downloaded again.
- GOV.UK: Ofsted's workbooks are attachments of yearly statistics pages (``govuk_sources.yaml``).

Every release seen is recorded (``data_release``): its version, publication time, address, file and what
happened; the loaded file keeps the release's address, so every value can be traced to its release.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import yaml
from sqlalchemy.orm import Session

from csinspect.indicators.catalogue import get_catalogue
from csinspect.indicators.schema import Dataset
from csinspect.load import publications as store
from csinspect.load.official import derive, load_file, plan
from csinspect.load.outcome import FileOutcome
from csinspect.sources.official import ees_api, govuk
from csinspect.sources.official.readers import OfficialDataError
from csinspect.sync.client import Offline, PoliteClient, SyncError

PAGE_SIZE = 40
SOURCES_FILE = Path(__file__).with_name("govuk_sources.yaml")


@dataclass
class DataSync:
    found: int = 0
    new: int = 0
    loaded: int = 0
    unchanged: int = 0
    failed: int = 0
    problems: list[str] = field(default_factory=list)
    lines: list[dict[str, object]] = field(default_factory=list)

    @property
    def status(self) -> str:
        if self.failed or self.problems:
            return "partial" if self.found else "failed"
        return "ok"


@lru_cache(maxsize=1)
def govuk_sources() -> list[dict[str, str]]:
    return list(yaml.safe_load(SOURCES_FILE.read_text(encoding="utf-8"))["sources"])


def _all_pages(client: PoliteClient, address: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    page = 1
    while True:
        sep = "&" if "?" in address else "?"
        one_page = f"{address}{sep}page={page}&pageSize={PAGE_SIZE}"
        answer = ees_api.paged(client.get(one_page).json(), one_page)
        out += answer.results
        if answer.page >= answer.total_pages:
            return out
        page += 1


def _publication(client: PoliteClient, base: str, slug: str) -> ees_api.Publication | None:
    url = f"{base}/v1/publications?{urlencode({'search': slug.replace('-', ' ')})}"
    for item in _all_pages(client, url):
        pub = ees_api.publication(item, url)
        if pub.slug == slug:
            return pub
    return None


def _choose(dataset: Dataset, sets: list[ees_api.DataSet]) -> tuple[ees_api.DataSet | None, str | None]:
    live = [s for s in sets if s.status.lower() != "withdrawn"]
    if dataset.ees_dataset_id:
        hit = next((s for s in live if s.id == dataset.ees_dataset_id), None)
        if hit is not None:
            return hit, None
    if not dataset.ees_title:
        return None, "the catalogue names no data set id or title to look for"
    rx = re.compile(dataset.ees_title, re.IGNORECASE)
    matches = [s for s in live if rx.search(s.title)]
    if len(matches) == 1:
        return matches[0], None
    titles = "; ".join(repr(s.title) for s in (matches or live)[:6])
    what = "several" if matches else "no"
    return None, f"{what} data sets match /{dataset.ees_title}/ ({titles})"


def _file_name(dataset: Dataset, version: str) -> str:
    """A name the loaders recognise: the literal start of the dataset's file pattern plus the version."""
    pattern = dataset.file_patterns[0]
    stem = re.match(r"\^?([A-Za-z0-9_-]+)", pattern)
    prefix = stem.group(1) if stem else dataset.id
    return f"{prefix}_v{version}.csv"


def _load(session: Session, path: Path, address: str) -> list[FileOutcome]:
    outcomes = [load_file(session, loader, path, url_hint=address) for loader, path in plan([path])]
    if any(o.status == "ok" for o in outcomes):  # a new release can change a derived measure's inputs
        derived = derive(session)
        if derived is not None and derived.status != "unchanged":
            outcomes.append(derived)
    return outcomes


def sync_data(
    session: Session,
    client: PoliteClient,
    *,
    ees_base: str = ees_api.API,
    govuk_base: str = govuk.SITE,
    work_dir: Path,
    dry_run: bool = False,
) -> DataSync:
    result = DataSync()
    by_publication: dict[str, list[Dataset]] = {}
    for ds in get_catalogue().datasets.values():
        if ds.ees_publication:
            by_publication.setdefault(ds.ees_publication, []).append(ds)
    for slug, datasets in sorted(by_publication.items()):
        try:
            pub = _publication(client, ees_base, slug)
            if pub is None:
                result.problems.append(f"EES: no publication {slug!r} in the API's list")
                continue
            url = f"{ees_base}/v1/publications/{pub.id}/data-sets"
            sets = [ees_api.data_set(item, url) for item in _all_pages(client, url)]
        except Offline:
            raise
        except (SyncError, OfficialDataError) as exc:
            result.problems.append(f"EES publication {slug}: {exc}")
            continue
        for dataset in datasets:
            chosen, why = _choose(dataset, sets)
            if chosen is None or chosen.version is None:
                result.problems.append(f"EES {slug}: {dataset.id}: {why or 'no published version'}")
                continue
            result.found += 1
            _ees_release(session, client, ees_base, dataset, chosen, result, work_dir, dry_run)
    for source in govuk_sources():
        try:
            _govuk_release(session, client, govuk_base, source, result, work_dir, dry_run)
        except Offline:
            raise
        except (SyncError, OfficialDataError) as exc:
            result.problems.append(f"GOV.UK {source['id']}: {exc}")
    return result


def _ees_release(
    session: Session,
    client: PoliteClient,
    base: str,
    dataset: Dataset,
    chosen: ees_api.DataSet,
    result: DataSync,
    work_dir: Path,
    dry_run: bool,
) -> None:
    version = str(chosen.version)
    line: dict[str, object] = {
        "source": "EES",
        "dataset": dataset.id,
        "release": f"{chosen.title} v{version}",
    }
    last = store.last_release(session, "ees", chosen.id)
    if last is not None and last.version == version:
        result.unchanged += 1
        return
    result.new += 1
    url = f"{base}/v1/data-sets/{chosen.id}/csv?dataSetVersion={quote(version)}"
    if dry_run:
        result.lines.append({**line, "result": "would download and load"})
        return
    fields = dict(source="ees", dataset=dataset.id, external_id=chosen.id, version=version, title=chosen.title,
                  published=_naive(chosen.published), url=url)  # fmt: skip
    _fetch_and_load(
        session, client, url, work_dir / "ees" / _file_name(dataset, version), fields, line, result
    )


def _govuk_release(
    session: Session,
    client: PoliteClient,
    base: str,
    source: dict[str, str],
    result: DataSync,
    work_dir: Path,
    dry_run: bool,
) -> None:
    query = urlencode({"q": source["search"], "filter_organisations": source["organisation"],
                       "order": "-public_timestamp", "count": 20, "fields": "link,title,public_timestamp"})  # fmt: skip
    search = f"{base}/api/search.json?{query}"
    pages = [
        p
        for p in govuk.search_results(client.get(search).json(), search)
        if p.link.startswith(source["link_prefix"])
    ]
    if not pages:
        result.problems.append(
            f"GOV.UK {source['id']}: no page under {source['link_prefix']} in the search results"
        )
        return
    page = max(pages, key=lambda p: p.published or datetime.min)
    content_url = f"{base}/api/content{page.link}"
    rx = re.compile(source["attachment"], re.IGNORECASE)
    files = [
        a for a in govuk.attachments(client.get(content_url).json(), content_url) if rx.search(a.filename)
    ]
    if not files:
        result.problems.append(
            f"GOV.UK {source['id']}: {content_url} has no attachment matching /{source['attachment']}/"
        )
        return
    attachment = files[0]
    result.found += 1
    line: dict[str, object] = {
        "source": "GOV.UK",
        "dataset": source["id"],
        "release": f"{page.title}: {attachment.filename}",
    }
    if store.last_release(session, "govuk", attachment.url) is not None:
        result.unchanged += 1
        return
    result.new += 1
    if dry_run:
        result.lines.append({**line, "result": "would download and load"})
        return
    fields = dict(source="govuk", dataset=source["id"], external_id=attachment.url, version=attachment.filename,
                  title=page.title, published=_naive(page.published), url=attachment.url)  # fmt: skip
    target = work_dir / "govuk" / Path(attachment.filename).name
    _fetch_and_load(session, client, attachment.url, target, fields, line, result)


def _fetch_and_load(
    session: Session,
    client: PoliteClient,
    address: str,
    target: Path,
    fields: dict[str, Any],
    line: dict[str, object],
    result: DataSync,
) -> None:
    import hashlib

    try:
        content = client.get(address).content
    except Offline:
        raise
    except SyncError as exc:
        store.record_release(session, status="failed", reasons=[str(exc)], **fields)
        session.commit()
        result.failed += 1
        result.lines.append({**line, "result": f"failed: {exc}"})
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_suffix(target.suffix + ".part")
    part.write_bytes(content)
    part.replace(target)  # a whole file, or none
    outcomes = _load(session, target, address)
    failed = [o for o in outcomes if o.status == "failed"]
    reasons = [r for o in failed for r in o.reasons] or (
        [] if outcomes else [f"{target.name}: no loader recognises it"]
    )
    status = (
        "failed" if reasons else ("unchanged" if all(o.status == "unchanged" for o in outcomes) else "loaded")
    )
    sha = hashlib.sha256(content).hexdigest()
    store.record_release(session, status=status, reasons=reasons, file_name=target.name, sha256=sha, **fields)
    session.commit()
    if status == "failed":
        result.failed += 1
    else:
        result.loaded += 1
    summary = "; ".join(
        f"{o.kind}: {o.status}" + (f" ({o.reasons[0]})" if o.reasons else "") for o in outcomes
    )
    result.lines.append({**line, "result": f"{status}: {summary}" if summary else status})


def _naive(value: datetime | None) -> datetime | None:
    return value.replace(tzinfo=None) if value is not None and value.tzinfo is not None else value
