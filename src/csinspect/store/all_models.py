"""Imports every model module so the metadata (and Alembic) sees every table."""

from csinspect.store import models  # noqa: F401
