"""Imports every model module so the metadata (and Alembic) sees every table.

Each capability keeps its tables in its own module; add the module here.
"""

from csinspect.store import (  # noqa: F401
    assessment_models,
    audit,
    models,
    profile_models,
    sync_models,
    web_models,
)
