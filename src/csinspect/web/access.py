"""Who may see and change what. One place, used by the pages and the API alike.

Published data (official outcomes, ingested reports, published assessments) is public. Drafts and action plans
are not: admins and inspectors see every authority's, a council user only their own authority's.
"""

from __future__ import annotations

from csinspect.web.accounts import Viewer

PUBLISHED = "published"


def can_see_assessment(viewer: Viewer | None, la_code: str | None, status: str) -> bool:
    if status == PUBLISHED:
        return True
    if viewer is None:
        return False
    if viewer.role in ("admin", "inspector"):
        return True
    return viewer.role == "council" and la_code is not None and viewer.la_code == la_code


def can_edit_assessment(viewer: Viewer | None, la_code: str | None) -> bool:
    """Inspectors assess any authority; a council runs its own self-evaluation."""
    if viewer is None:
        return False
    if viewer.role in ("admin", "inspector"):
        return True
    return viewer.role == "council" and viewer.la_code == la_code


def can_see_actions(viewer: Viewer | None, la_code: str | None) -> bool:
    if viewer is None:
        return False
    if viewer.role in ("admin", "inspector"):
        return True
    return viewer.role == "council" and viewer.la_code == la_code


def can_edit_actions(viewer: Viewer | None, la_code: str | None) -> bool:
    """The council owns its action plan; admins may correct it."""
    if viewer is None:
        return False
    if viewer.role == "admin":
        return True
    return viewer.role == "council" and viewer.la_code == la_code


def can_administer(viewer: Viewer | None) -> bool:
    return viewer is not None and viewer.role == "admin"
