"""Engine, sessions and schema initialisation (Alembic) for SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from csinspect.config import get_settings

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


@lru_cache(maxsize=16)
def get_engine(url: str | None = None) -> Engine:
    """One engine per URL (cached); SQLite files get their parent folder created."""
    url = url or get_settings().database_url
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def session_factory(url: str | None = None) -> sessionmaker[Session]:
    return sessionmaker(bind=get_engine(url), expire_on_commit=False)


@contextmanager
def session_scope(url: str | None = None) -> Iterator[Session]:
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


def init_db(url: str | None = None) -> str:
    """Create or upgrade the schema to the newest migration; returns the URL used."""
    from alembic import command

    url = url or get_settings().database_url
    engine = get_engine(url)
    cfg = alembic_config(url)
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "head")
    return url


def migration_heads(versions: Path) -> set[str]:
    """Head revision ids of the migration scripts, read from their ``revision``/``down_revision`` literals."""
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
    return revisions - downs


def ensure_db(database_url: str | None = None) -> str:
    """``init_db``, except when the store is already at the newest migration: then the upgrade would do
    nothing, and skipping it saves importing Alembic (0.2-0.4 s of a fresh ``csinspect profile``)."""
    url = database_url or get_settings().database_url
    try:
        heads = migration_heads(MIGRATIONS_DIR / "versions")
        with get_engine(url).connect() as conn:
            current = {r[0] for r in conn.exec_driver_sql("SELECT version_num FROM alembic_version")}
        if heads and current == heads:
            return url
    except Exception:  # no version table yet, unreadable scripts …: the full upgrade decides
        pass
    return init_db(database_url)
