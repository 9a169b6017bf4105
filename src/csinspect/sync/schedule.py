"""Running both syncs on a schedule in the background of a deployed server (``serve --sync-every 24h``):
each run is recorded like a run by hand; a run that fails or finds no network is recorded and the next one
comes at its time."""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from csinspect.sources.sandbox import Limits
from csinspect.sync.runs import Where, run_data, run_reports

log = logging.getLogger(__name__)
_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd])\s*$", re.IGNORECASE)
_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_interval(text: str) -> float:
    """ "24h", "30m", "90s", "1d" -> seconds; a clear error otherwise."""
    m = _INTERVAL.match(text)
    if not m:
        raise ValueError(f"{text!r} is not an interval such as 24h, 30m or 1d")
    seconds = float(m.group(1)) * _SECONDS[m.group(2).lower()]
    if seconds < 60:
        raise ValueError(f"{text!r}: sync at most once a minute (the sites are asked politely)")
    return seconds


class SyncScheduler:
    """Runs ``sync reports`` then ``sync data`` now and every ``interval`` seconds until stopped."""

    def __init__(self, sessionmaker: Callable[[], Session], settings: Any, interval: float) -> None:
        self.sessionmaker, self.settings, self.interval = sessionmaker, settings, interval
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._loop, name="csinspect-sync", daemon=True)

    def start(self) -> SyncScheduler:
        self.thread.start()
        return self

    def run_once(self) -> None:
        s = self.settings
        where = Where.of(s)
        for name, job in (
            ("reports", lambda db: run_reports(db, where, data_dir=s.data_dir, documents_dir=s.documents_dir,
                                               limits=Limits.of(s), delay=s.sync_delay)),
            ("data", lambda db: run_data(db, where, data_dir=s.data_dir, delay=s.sync_delay)),
        ):  # fmt: skip
            try:
                with self.sessionmaker() as session:
                    _, offline = job(session)
                if offline:
                    log.warning("scheduled sync %s: %s", name, offline)
            except Exception:  # recorded in the log; the next run comes at its time
                log.exception("scheduled sync %s failed", name)

    def _loop(self) -> None:
        while not self.stop.is_set():
            self.run_once()
            self.stop.wait(self.interval)
