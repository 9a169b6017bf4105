"""The one database handle: engines, sessions and the schema (Alembic) for SQLite and PostgreSQL.

The faces (CLI, web) turn the configured URL into an engine or session here and pass it down; nothing below
them takes a URL. Read-only commands call ``require_current`` (never a migration); commands that write call
``ensure_db`` (create or upgrade).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


@lru_cache(maxsize=16)
def get_engine(url: str) -> Engine:
    """One engine per URL (cached); SQLite files get their parent folder created."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        # a second writer (another load, the web app) waits for the first rather than failing at once
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": 60}, pool_size=POOL, max_overflow=10
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=POOL)


# At least as many connections as the web server's worker threads (anyio's default limit is 40): with fewer, at
# 100 concurrent signed-in requests threads holding the last tokens waited for connections held by requests that
# needed a thread to finish, and throughput fell to 3 requests a second (benchmarks/web.py --clients 100).
POOL = 40


def session_factory(url: str) -> sessionmaker[Session]:
    return sessionmaker(bind=get_engine(url), expire_on_commit=False)


@contextmanager
def session_scope(url: str) -> Iterator[Session]:
    """A transaction: commits on success, rolls back everything on any error."""
    session = session_factory(url)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def alembic_config(url: str) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def init_db(url: str) -> str:
    """Create or upgrade the schema to the newest migration; returns the URL used."""
    from alembic import command

    engine = get_engine(url)
    cfg = alembic_config(url)
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "head")
    return url


def migration_heads(versions: Path) -> set[str]:
    """Head revision ids of the migration scripts, read from their ``revision``/``down_revision`` literals
    (parsed once per process for the same files)."""
    stamp = tuple(sorted((p.name, p.stat().st_mtime_ns) for p in versions.glob("*.py")))
    return set(_migration_heads(versions, stamp))


@lru_cache(maxsize=8)
def _migration_heads(versions: Path, _stamp: tuple[tuple[str, int], ...]) -> frozenset[str]:
    import ast

    revisions: set[str] = set()
    downs: set[str] = set()
    for path in versions.glob("*.py"):
        found: dict[str, Any] = {}
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Assign) and len(node.targets) == 1:
                target, value = node.targets[0], node.value
            elif isinstance(node, ast.AnnAssign) and node.value is not None:
                target, value = node.target, node.value
            else:
                continue
            if isinstance(target, ast.Name) and target.id in ("revision", "down_revision"):
                found[target.id] = ast.literal_eval(value)
        rev, down = found["revision"], found.get("down_revision")
        revisions.add(str(rev))
        downs.update([down] if isinstance(down, str) else (down or ()))
    return frozenset(revisions - downs)


def current_revisions(url: str) -> set[str] | None:
    """The revisions the database is at; None when it has no schema (or cannot be opened)."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:" and not Path(path).exists():
            return None  # do not create an empty file just to look
    try:
        with get_engine(url).connect() as conn:
            return {r[0] for r in conn.exec_driver_sql("SELECT version_num FROM alembic_version")}
    except Exception:  # no version table yet, server not there …
        return None


def ensure_db(url: str) -> str:
    """``init_db``, except when the store is already at the newest migration: then the upgrade would do
    nothing, and skipping it saves importing Alembic (0.2-0.4 s of a fresh ``csinspect profile``)."""
    try:
        heads = migration_heads(MIGRATIONS_DIR / "versions")
    except Exception:  # unreadable scripts: the full upgrade decides
        heads = set()
    if heads and current_revisions(url) == heads:
        return url
    return init_db(url)


class StoreNotReady(RuntimeError):
    """The database has no schema, or an older one: read-only commands do not migrate it."""


def require_current(url: str) -> str:
    """The URL, if its database is at the newest migration; otherwise ``StoreNotReady`` saying what to run."""
    current = current_revisions(url)
    if current is None:
        raise StoreNotReady(
            f"no csinspect database at {url}: run `csinspect db init` and `csinspect data load DIR` first"
        )
    heads = migration_heads(MIGRATIONS_DIR / "versions")
    if current != heads:
        raise StoreNotReady(
            f"the database at {url} is at revision {', '.join(sorted(current)) or '(none)'}, older than this "
            f"csinspect ({', '.join(sorted(heads))}): run `csinspect db init` to upgrade it"
        )
    return url
