"""Who may see and change what. One place, used by the pages and the API alike.

Published data (official outcomes, ingested reports, published assessments) is public. The rest follows the
regime:

- an **inspection** is the inspectorate's: admins and inspectors see, grade and move it at every stage; the
  council inspected sees it from moderation on (the draft report it checks for factual accuracy) and never
  changes it;
- a **self-evaluation** is the council's own: that council sees, grades and moves it; admins may too;
  inspectors read it (it is shared with the inspectorate) and never change it;
- an **action plan** is the council's answer to published recommendations: the council edits it, admins may
  correct it, inspectors read it.
"""

from __future__ import annotations

from typing import Protocol

from csinspect.web.accounts import Viewer

PUBLISHED = "published"
INSPECTORATE = ("admin", "inspector")


class Owned(Protocol):
    """An assessment as far as access is concerned."""

    la_code: str
    state: str
    kind: str


def _own_council(viewer: Viewer, la_code: str | None) -> bool:
    return viewer.role == "council" and la_code is not None and viewer.la_code == la_code


def can_see_assessment(viewer: Viewer | None, a: Owned) -> bool:
    if a.state == PUBLISHED:
        return True
    if viewer is None:
        return False
    if viewer.role in INSPECTORATE:
        return True
    if a.kind == "self_evaluation":
        return _own_council(viewer, a.la_code)
    return _own_council(viewer, a.la_code) and a.state != "draft"


def can_edit_assessment(viewer: Viewer | None, a: Owned) -> bool:
    """Grade, propose, add evidence and move the state: whose the assessment is (once published it is fixed
    for everyone, which the workflow enforces with its own message)."""
    if viewer is None:
        return False
    if a.kind == "self_evaluation":
        return viewer.role == "admin" or _own_council(viewer, a.la_code)
    return viewer.role in INSPECTORATE


def kind_for(viewer: Viewer) -> str:
    """What a new assessment by this viewer is: the inspectorate inspects, a council evaluates itself."""
    return "self_evaluation" if viewer.role == "council" else "inspection"


def can_create_assessment(viewer: Viewer | None, la_code: str | None) -> bool:
    """Inspectors and admins inspect any authority; a council evaluates only itself."""
    if viewer is None:
        return False
    return viewer.role in INSPECTORATE or _own_council(viewer, la_code)


def can_see_actions(viewer: Viewer | None, la_code: str | None) -> bool:
    if viewer is None:
        return False
    return viewer.role in INSPECTORATE or _own_council(viewer, la_code)


def can_edit_actions(viewer: Viewer | None, la_code: str | None) -> bool:
    """The council owns its action plan; admins may correct it."""
    if viewer is None:
        return False
    return viewer.role == "admin" or _own_council(viewer, la_code)


def can_administer(viewer: Viewer | None) -> bool:
    return viewer is not None and viewer.role == "admin"
