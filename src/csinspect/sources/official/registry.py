"""The loader registry and ``load_directory``: each official file is recognised by a loader and loaded in its
own transaction, idempotently (a file whose content hash was already loaded for that kind is skipped).

A loader module calls ``register_loader`` at import; the modules are listed in ``LOADER_MODULES``.
Loaders run in ``order`` (authorities first, then neighbours, inspection outcomes, indicators).
"""

from __future__ import annotations

import hashlib
import importlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from csinspect.store.db import session_scope
from csinspect.store.models import SourceFile

# Modules that register loaders (add yours with a one-line edit).
LOADER_MODULES: tuple[str, ...] = (
    "csinspect.sources.official.la_register",
    "csinspect.sources.official.sn_models",
    "csinspect.sources.official.ofsted_outcomes",
    "csinspect.sources.official.ees",
    "csinspect.sources.official.lait",
    "csinspect.sources.official.providers",
)


class OfficialDataError(ValueError):
    """A file that is missing, unreadable or not in the expected format (message names file, sheet/column)."""


@dataclass
class LoadSummary:
    file: str
    kind: str
    rows_read: int = 0
    rows_loaded: int = 0
    unchanged: bool = False  # the same content was already loaded
    skipped: dict[str, int] = field(default_factory=dict)  # reason or symbol -> count
    notes: list[str] = field(default_factory=list)


class OfficialLoader(Protocol):
    kind: str  # stored as SourceFile.kind, e.g. "ofsted_la_outcomes"
    order: int  # lower loads first: authorities 10, neighbours 20, inspection outcomes 30, indicators 50
    description: str

    def matches(self, path: Path) -> bool: ...

    def load(self, path: Path, session: Session, source: SourceFile) -> LoadSummary: ...


_LOADERS: list[OfficialLoader] = []


def register_loader(loader: OfficialLoader) -> OfficialLoader:
    if all(existing.kind != loader.kind for existing in _LOADERS):
        _LOADERS.append(loader)
    return loader


def loaders() -> list[OfficialLoader]:
    for module in LOADER_MODULES:
        importlib.import_module(module)
    return sorted(_LOADERS, key=lambda ld: (ld.order, ld.kind))


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def plan(paths: Iterable[Path], kinds: set[str] | None = None) -> list[tuple[OfficialLoader, Path]]:
    """Which loader takes which file, in load order. Files no loader recognises are left out."""
    pairs: list[tuple[OfficialLoader, Path]] = []
    for loader in loaders():
        if kinds is not None and loader.kind not in kinds:
            continue
        # A loader may order its own files (e.g. codes before the register that dates them).
        order = getattr(loader, "file_order", None)
        mine = sorted(
            (p for p in paths if p.is_file() and loader.matches(p)),
            key=lambda p: (order(p) if order else 0, p.name),
        )
        pairs.extend((loader, p) for p in mine)
    return pairs


def load_file(
    loader: OfficialLoader, path: Path, url: str | None = None, *, url_hint: str | None = None
) -> LoadSummary:
    """Load one file in one transaction; skip it when this content was already loaded."""
    digest = sha256_of(path)
    with session_scope(url) as session:
        done = session.scalar(
            select(SourceFile).where(SourceFile.kind == loader.kind, SourceFile.sha256 == digest)
        )
        if done is not None:
            return LoadSummary(file=path.name, kind=loader.kind, unchanged=True, rows_loaded=done.rows)
        source = SourceFile(name=path.name, sha256=digest, kind=loader.kind, url=url_hint)
        session.add(source)
        session.flush()
        summary = loader.load(path, session, source)
        source.rows = summary.rows_loaded
        source.summary = {
            "rows_read": summary.rows_read,
            "rows_loaded": summary.rows_loaded,
            "skipped": summary.skipped,
            "notes": summary.notes,
        }
    return summary


def load_directory(
    directory: Path, url: str | None = None, kinds: set[str] | None = None
) -> list[LoadSummary]:
    """Load every recognised file under ``directory`` (each in its own transaction), in loader order."""
    if not directory.is_dir():
        raise OfficialDataError(f"{directory}: not a folder")
    files = [p for p in directory.rglob("*") if p.is_file()]
    return [load_file(loader, path, url) for loader, path in plan(files, kinds)]
