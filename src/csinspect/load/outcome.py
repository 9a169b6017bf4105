"""What a load did to each file (``FileOutcome``), and the one error a load raises (``LoadError``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

# ok: stored and nothing to review; needs_review: stored, with reasons; unchanged: this content was already
# stored; rejected: the input is not acceptable (the reason is recorded); failed: it could not be stored.
STATUSES = ("ok", "needs_review", "unchanged", "rejected", "failed")


@dataclass
class FileOutcome:
    """One file of a load: official table, report or child-level return."""

    file: str  # the path or name as given
    kind: str  # the loader's kind, e.g. "ees_csv", "report", "returns"
    status: str = "ok"
    rows_read: int = 0
    rows_loaded: int = 0
    skipped: dict[str, int] = field(default_factory=dict)  # reason or symbol -> count
    notes: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)  # why needs_review / rejected / failed
    ids: list[int] = field(default_factory=list)  # stored record ids (inspections for reports)
    sha256: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)  # kind-specific facts (records of a report …)

    @property
    def unchanged(self) -> bool:
        return self.status == "unchanged"

    @property
    def stored(self) -> bool:
        """Whether the file's content is in the store after the load."""
        return self.status in ("ok", "needs_review", "unchanged")

    def skip(self, reason: str, n: int = 1) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + n


class LoadError(ValueError):
    """A load that cannot start at all (no such folder, nothing recognised, no authority register)."""


def exit_code(outcomes: Sequence[FileOutcome], strict: bool = False) -> int:
    """1 when any file could not be stored (``failed``: an I/O, disk or database error, a crashed reader);
    with ``strict`` also when any file is not ``ok`` or ``unchanged`` (rejected input, records to review).
    A rejected file is not a failure of the run: its reason is recorded, and it is not retried until its
    content changes."""
    if any(o.status == "failed" for o in outcomes):
        return 1
    if strict and any(o.status not in ("ok", "unchanged") for o in outcomes):
        return 1
    return 0
