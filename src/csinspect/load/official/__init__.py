"""Loading Ofsted's and DfE's published files: each file is recognised by one loader and loaded in its own
transaction, idempotently (a file whose content hash was already loaded for that kind is ``unchanged``).

Loaders run in ``order``: authorities 10, neighbours 20, inspection outcomes 30, indicators 50. A file that
fails (bad format, bad value, database error) is rolled back alone and reported; the others still load.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from csinspect.load.official.authorities import AuthoritiesLoader
from csinspect.load.official.indicators import EesLoader, LaitDictionaryLoader, LaitLoader
from csinspect.load.official.neighbours import SnModelsLoader
from csinspect.load.official.outcomes import Csc2023Loader, LaOutcomesLoader
from csinspect.load.official.providers import ProvidersLoader
from csinspect.load.outcome import FileOutcome, LoadError
from csinspect.sources.errors import SourceError
from csinspect.store.models import SourceFile


class OfficialLoader(Protocol):
    kind: str  # stored as SourceFile.kind, e.g. "ofsted_la_outcomes"
    order: int
    description: str

    def matches(self, path: Path) -> bool: ...

    def load(self, path: Path, session: Session, source: SourceFile) -> FileOutcome: ...


LOADERS: tuple[OfficialLoader, ...] = (
    AuthoritiesLoader(),
    SnModelsLoader(),
    LaOutcomesLoader(),
    Csc2023Loader(),
    EesLoader(),
    LaitDictionaryLoader(),
    LaitLoader(),
    ProvidersLoader(),
)


def loaders() -> list[OfficialLoader]:
    return sorted(LOADERS, key=lambda ld: (ld.order, ld.kind))


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def plan(paths: Iterable[Path], kinds: set[str] | None = None) -> list[tuple[OfficialLoader, Path]]:
    """Which loader takes which file, in load order. Files no loader recognises are left out."""
    files = [p for p in paths if p.is_file()]
    pairs: list[tuple[OfficialLoader, Path]] = []
    for loader in loaders():
        if kinds is not None and loader.kind not in kinds:
            continue
        # A loader may order its own files (e.g. codes before the register that dates them).
        order = getattr(loader, "file_order", None)
        mine = sorted(
            (p for p in files if loader.matches(p)), key=lambda p: (order(p) if order else 0, p.name)
        )
        pairs.extend((loader, p) for p in mine)
    return pairs


def load_file(
    session: Session, loader: OfficialLoader, path: Path, url_hint: str | None = None
) -> FileOutcome:
    """Load one file in one transaction of ``session``; ``unchanged`` when this content was already loaded.
    Any error rolls the file back and comes back as a ``failed`` outcome naming the problem. When another run
    stored the same file meanwhile (its row wins the race), this one is ``unchanged``."""
    outcome = _load_file(session, loader, path, url_hint)
    if outcome.status == "failed" and outcome.reasons[0].startswith("not stored: IntegrityError"):
        again = _load_file(session, loader, path, url_hint)
        if again.status == "unchanged":
            return again
    return outcome


def _load_file(
    session: Session, loader: OfficialLoader, path: Path, url_hint: str | None = None
) -> FileOutcome:
    try:
        digest = sha256_of(path)
    except OSError as exc:
        return FileOutcome(path.name, loader.kind, "failed", reasons=[f"cannot read the file: {exc}"])
    try:
        done = session.scalar(
            select(SourceFile).where(SourceFile.kind == loader.kind, SourceFile.sha256 == digest)
        )
        if done is not None:
            session.rollback()
            return FileOutcome(path.name, loader.kind, "unchanged", rows_loaded=done.rows, sha256=digest)
        source = SourceFile(name=path.name, sha256=digest, kind=loader.kind, url=url_hint)
        session.add(source)
        session.flush()
        outcome = loader.load(path, session, source)
        outcome.sha256 = digest
        source.rows = outcome.rows_loaded
        source.summary = {
            "rows_read": outcome.rows_read,
            "rows_loaded": outcome.rows_loaded,
            "skipped": outcome.skipped,
            "notes": outcome.notes,
        }
        session.commit()
    except SourceError as exc:
        session.rollback()
        return FileOutcome(path.name, loader.kind, "failed", reasons=[str(exc)], sha256=digest)
    except Exception as exc:  # a database or programming error: this file alone is rolled back
        session.rollback()
        return FileOutcome(
            path.name,
            loader.kind,
            "failed",
            reasons=[f"not stored: {type(exc).__name__}: {exc}"],
            sha256=digest,
        )
    return outcome


def load_directory(session: Session, directory: Path, kinds: set[str] | None = None) -> list[FileOutcome]:
    """Load every recognised file under ``directory``, each in its own transaction, in loader order."""
    if not directory.is_dir():
        raise LoadError(f"{directory}: not a folder")
    files = [p for p in directory.rglob("*") if p.is_file()]
    outcomes = [load_file(session, loader, path) for loader, path in plan(files, kinds)]
    if kinds is None or "derived" in kinds:
        derived = derive(session)
        if derived is not None:
            outcomes.append(derived)
    return outcomes


def derive(session: Session) -> FileOutcome | None:
    """The catalogue's derived measures from what is stored now, in one transaction (rolled back alone)."""
    from csinspect.load.official.derived import derive_values

    try:
        outcome = derive_values(session)
        session.commit()
        return outcome
    except Exception as exc:  # a failed derivation never undoes the files loaded
        session.rollback()
        return FileOutcome("derived measures", "derived", "failed", reasons=[f"{type(exc).__name__}: {exc}"])
