"""Shortcuts for tests and benchmarks that work on a database URL: create it, load official files, ingest
reports. They open the session the way the faces do and call the load wing."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from csinspect.load.outcome import FileOutcome
from csinspect.store.db import ensure_db, session_scope


def load_official(directory: Path, url: str, kinds: set[str] | None = None) -> list[FileOutcome]:
    from csinspect.load.official import load_directory

    ensure_db(url)
    with session_scope(url) as session:
        return load_directory(session, directory, kinds=kinds)


def load_official_file(path: Path, url: str, kind: str | None = None) -> FileOutcome:
    """One file through the loader that recognises it (or the loader of ``kind``)."""
    from csinspect.load.official import load_file, loaders

    ensure_db(url)
    loader = next(ld for ld in loaders() if (ld.kind == kind if kind else ld.matches(path)))
    with session_scope(url) as session:
        return load_file(session, loader, path)


def ingest(
    paths: Iterable[str | Path],
    url: str | None,
    workers: int = 1,
    *,
    store: bool = True,
    documents_dir: Path | None = None,
    progress: Callable[[FileOutcome], None] | None = None,
) -> list[FileOutcome]:
    """``csinspect ingest`` without the CLI; ``url`` None parses and checks only; ``store=False`` resolves
    authorities against the database but stores nothing.
    Originals are kept under ``documents_dir`` (default: the configured data directory's)."""
    from csinspect.load.reports import ingest_paths
    from csinspect.settings import get_settings

    if url is None:
        return ingest_paths(paths, None, workers=workers, progress=progress)
    documents_dir = documents_dir or get_settings().documents_dir
    ensure_db(url)
    with session_scope(url) as session:
        return ingest_paths(
            paths, session, workers=workers, store=store, documents_dir=documents_dir, progress=progress
        )
