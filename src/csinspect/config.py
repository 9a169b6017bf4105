"""Runtime configuration, read from the environment (and flags that override it).

CSINSPECT_DATABASE_URL   SQLAlchemy URL; default: a SQLite file in the user's data directory
CSINSPECT_DATA_DIR       where csinspect keeps its database, stored report originals and child-level parquet
CSINSPECT_PSEUDONYM_KEY  secret key for pseudonymising child identifiers (never stored with the data)
CSINSPECT_SECRET_KEY     secret for signing web sessions
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    pseudonym_key: str | None
    secret_key: str | None

    @property
    def documents_dir(self) -> Path:
        """Where originals of ingested reports are kept (by content hash)."""
        return self.data_dir / "documents"

    @property
    def returns_dir(self) -> Path:
        """Where child-level returns are kept as pseudonymised parquet."""
        return self.data_dir / "returns"


def get_settings(database_url: str | None = None) -> Settings:
    data_dir = Path(os.environ.get("CSINSPECT_DATA_DIR") or user_data_dir("csinspect", appauthor=False))
    url = (
        database_url
        or os.environ.get("CSINSPECT_DATABASE_URL")
        or f"sqlite:///{data_dir / 'csinspect.sqlite'}"
    )
    return Settings(
        data_dir=data_dir,
        database_url=url,
        pseudonym_key=os.environ.get("CSINSPECT_PSEUDONYM_KEY"),
        secret_key=os.environ.get("CSINSPECT_SECRET_KEY"),
    )
