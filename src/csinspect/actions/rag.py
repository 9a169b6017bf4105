"""RAG ratings for actions, each with the rule that set it (first matching rule wins).

The rules, in order:
  complete   status complete                                   -> blue  (BRAG: done)
  overdue    due date passed and not complete                  -> red
  blocked    status blocked                                    -> red
  not_started_near_due  not started, due within AT_RISK_DAYS   -> red
  at_risk    due within AT_RISK_DAYS                           -> amber
  stale      in progress, no update for STALE_DAYS             -> amber
  on_track   otherwise                                         -> green
A person can set the RAG by hand (``rag_manual``); the rule text then says who and why, and the
automatic rules leave it alone until the status changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

AT_RISK_DAYS = 30
STALE_DAYS = 90
STATUSES = ("not_started", "in_progress", "blocked", "complete", "cancelled")
RAGS = ("red", "amber", "green", "blue")


@dataclass(frozen=True)
class Rag:
    rating: str
    rule: str


def rate(status: str, due: date | None, today: date, last_update: date | None = None) -> Rag:
    if status in ("complete", "cancelled"):
        return Rag("blue", f"{status}: status is {status}")
    if due is not None and due < today:
        return Rag("red", f"overdue: due {due.isoformat()}, not complete")
    if status == "blocked":
        return Rag("red", "blocked: status is blocked")
    near = due is not None and (due - today).days <= AT_RISK_DAYS
    if near and status == "not_started":
        return Rag("red", f"not_started_near_due: not started, due {due} within {AT_RISK_DAYS} days")
    if near:
        return Rag("amber", f"at_risk: due {due} within {AT_RISK_DAYS} days")
    if status == "in_progress" and last_update is not None and (today - last_update).days > STALE_DAYS:
        return Rag("amber", f"stale: no progress update since {last_update} (over {STALE_DAYS} days)")
    return Rag("green", "on_track: not due within " + f"{AT_RISK_DAYS} days and progressing")
