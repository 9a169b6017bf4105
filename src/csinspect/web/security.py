"""Passwords (argon2), CSRF tokens and the sign-in limiter (atomic counters with exponential back-off)."""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from starlette.requests import Request

MIN_PASSWORD_LENGTH = 12
_hasher = PasswordHasher()
# Verified against when the user name is unknown, so a wrong name costs the same time as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def password_problem(password: str, username: str = "") -> str | None:
    """Why a new password is not acceptable, or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Password must be at least {MIN_PASSWORD_LENGTH} characters"
    if username and username.lower() in password.lower():
        return "Password must not contain the user name"
    return None


def csrf_token(request: Request) -> str:
    """The session's CSRF token (created on first use); every form posts it back."""
    token = request.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return str(token)


def csrf_ok(request: Request, submitted: str | None) -> bool:
    expected = request.session.get("csrf")
    return bool(expected and submitted and secrets.compare_digest(str(expected), submitted))


@dataclass
class _Count:
    failures: int = 0
    last: float = 0.0


@dataclass(frozen=True)
class Rule:
    """``free`` failures, then each further attempt waits ``base * 2**k`` seconds after the last failure
    (k = failures beyond the free ones), never more than ``cap``; the count fades after ``forget`` seconds."""

    free: int
    base: float = 1.0
    cap: float = 900.0
    forget: float = 3600.0

    def wait(self, count: _Count, now: float) -> float:
        if count.failures < self.free:
            return 0.0
        delay = min(self.cap, self.base * 2 ** (count.failures - self.free))
        return max(0.0, count.last + delay - now)


# Per address and account: the brute-force guard. Per account from anywhere, and per address for any
# account, the back-off is capped at a minute: nobody can lock another out for long (behind a proxy every
# user shares one address), yet guessing at scale stays slow.
PAIR, ACCOUNT, ADDRESS = Rule(free=5), Rule(free=20, cap=60.0), Rule(free=100, cap=60.0)


class LoginLimiter:
    """Failed sign-ins counted atomically per (address, account), per account and per address.

    ``begin`` checks every counter and, if allowed, counts the attempt as a failure *before* the password is
    checked (so 40 simultaneous guesses see each other); ``succeeded`` takes it back. Kept in memory: one
    uvicorn worker process serves the app, so every request shares the counts.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._counts: dict[tuple[str, str], _Count] = {}
        self._lock = threading.Lock()
        self._clock = clock

    def _keys(self, address: str, account: str) -> list[tuple[tuple[str, str], Rule]]:
        account = account.strip().lower()
        return [
            (("pair", f"{address}|{account}"), PAIR),
            (("account", account), ACCOUNT),
            (("address", address), ADDRESS),
        ]

    def begin(self, address: str, account: str) -> int:
        """0 when this attempt may go ahead (it is counted), else the seconds to wait (nothing counted)."""
        now = self._clock()
        with self._lock:
            keys = self._keys(address, account)
            counts = []
            for key, rule in keys:
                c = self._counts.get(key)
                if c is not None and now - c.last > rule.forget:
                    c = None
                counts.append(c or _Count())
            wait = max(rule.wait(c, now) for (_, rule), c in zip(keys, counts, strict=True))
            if wait > 0:
                return int(wait) + 1
            for (key, _), c in zip(keys, counts, strict=True):
                c.failures += 1
                c.last = now
                self._counts[key] = c
            return 0

    def succeeded(self, address: str, account: str) -> None:
        """The password was right: this account's counters start again (the address keeps its count)."""
        with self._lock:
            for key, _ in self._keys(address, account)[:2]:
                self._counts.pop(key, None)
            addr = self._counts.get(("address", address))
            if addr is not None and addr.failures:
                addr.failures -= 1
