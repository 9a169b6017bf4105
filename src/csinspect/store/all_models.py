"""Imports every model module so the metadata (and Alembic) sees every table.

Each capability keeps its tables in its own module; add the module here.
"""

from csinspect.store import audit, models  # noqa: F401
from csinspect.store import web_models  # noqa: F401
from csinspect.store import assessment_models  # noqa: F401
from csinspect.store import profile_models  # noqa: F401
