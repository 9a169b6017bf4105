"""Every setting csinspect reads from the environment, in one place (pydantic-settings).

Each field is read from ``CSINSPECT_<FIELD NAME>``; command-line flags (``--database-url``) override them.
The README's configuration table lists every one of them (a test checks that it does).
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from platformdirs import user_data_dir
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_data_dir() -> Path:
    return Path(user_data_dir("csinspect", appauthor=False))


class Settings(BaseSettings):
    """csinspect's configuration. Build one with ``get_settings()``; pass it down, never re-read the environment."""

    model_config = SettingsConfigDict(env_prefix="CSINSPECT_", frozen=True, extra="ignore")

    data_dir: Path = Field(
        default_factory=_default_data_dir,
        description="Where csinspect keeps its database, stored report originals and child-level parquet",
    )
    database_url: str | None = Field(
        None, description="SQLAlchemy URL: sqlite:///path.sqlite or postgresql+psycopg://user@host/db"
    )
    pseudonym_key: str | None = Field(
        None, description="Secret key for pseudonymising child identifiers (never stored with the data)"
    )
    secret_key: str | None = Field(
        None, description="Signs web sessions; set it so sessions survive a restart"
    )
    insecure_cookies: bool = Field(
        False, description="Send the session cookie over plain HTTP to a non-local address (behind a proxy)"
    )
    proportion_vocabulary: Path | None = Field(
        None, description="A YAML file of the words used for proportions (default: the packaged one)"
    )
    reader_seconds: float = Field(
        120.0, gt=0, description="Time one report or upload may take to read before it is stopped"
    )
    reader_memory_mb: int = Field(
        2048, ge=64, description="Memory one report or upload may take to read before it is stopped"
    )
    ofsted_site: str = Field(
        "https://reports.ofsted.gov.uk", description="Ofsted's report site, read by `sync reports`"
    )
    ees_api: str = Field(
        "https://api.education.gov.uk/statistics", description="DfE's statistics API, read by `sync data`"
    )
    govuk_site: str = Field(
        "https://www.gov.uk", description="GOV.UK (search and content APIs), read by `sync data`"
    )
    sync_delay: float = Field(
        1.0, ge=0, description="Seconds between two requests of a sync (one request at a time, politely)"
    )

    @cached_property
    def db_url(self) -> str:
        """The database to use: ``database_url``, else a SQLite file in the data directory."""
        return self.database_url or f"sqlite:///{self.data_dir / 'csinspect.sqlite'}"

    @property
    def documents_dir(self) -> Path:
        """Where originals of ingested reports are kept (by content hash)."""
        return self.data_dir / "documents"

    @property
    def returns_dir(self) -> Path:
        """Where child-level returns are kept as pseudonymised parquet."""
        return self.data_dir / "returns"


def get_settings(database_url: str | None = None) -> Settings:
    """The settings from the environment; ``database_url`` (a command-line flag) overrides the variable."""
    if database_url:
        return Settings(database_url=database_url)
    return Settings()
