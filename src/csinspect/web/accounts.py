"""Creating and reading web accounts (used by ``csinspect users`` and the admin page)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy.orm import Session

from csinspect.analysis.users import user_named, username_taken
from csinspect.store.audit import record_audit
from csinspect.store.models import Authority
from csinspect.store.web_models import ROLES, User
from csinspect.web.security import hash_password, password_problem

USERNAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{1,99}$")


class AccountError(ValueError):
    """Invalid account details; ``field`` names the form field at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Viewer:
    """Who is looking: a signed-in user (or ``None`` for the public)."""

    id: int
    username: str
    role: str
    la_code: str | None

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


def validate_new_user(
    session: Session, username: str, password: str, role: str, la_code: str | None
) -> list[AccountError]:
    problems: list[AccountError] = []
    if not USERNAME_RE.match(username or ""):
        problems.append(
            AccountError(
                "username", "Enter a user name of 2 to 100 letters, digits, dots, dashes, underscores or @"
            )
        )
    elif username_taken(session, username):
        problems.append(AccountError("username", f"A user called {username} already exists"))
    if role not in ROLES:
        problems.append(AccountError("role", f"Choose a role: {', '.join(ROLES)}"))
    if role == "council":
        if not la_code:
            problems.append(AccountError("la_code", "Enter the LA code of the council user's authority"))
        elif session.get(Authority, la_code) is None:
            problems.append(AccountError("la_code", f"There is no authority with LA code {la_code}"))
    elif la_code:
        problems.append(AccountError("la_code", "Only council users are bound to an authority"))
    why = password_problem(password or "", username or "")
    if why:
        problems.append(AccountError("password", why))
    return problems


def create_user(
    session: Session, *, username: str, password: str, role: str, la_code: str | None, actor: str
) -> User:
    """Add a user (raises the first AccountError if the details are invalid); audited."""
    la_code = la_code or None
    problems = validate_new_user(session, username, password, role, la_code)
    if problems:
        raise problems[0]
    user = User(username=username, password_hash=hash_password(password), role=role, la_code=la_code)
    session.add(user)
    session.flush()
    record_audit(
        session,
        actor=actor,
        action="user.add",
        entity="web_user",
        entity_id=user.id,
        after={"username": username, "role": role, "la_code": la_code},
        la_code=la_code,
    )
    return user


def viewer_of(user: User | None) -> Viewer | None:
    if user is None or not user.active:
        return None
    return Viewer(id=user.id, username=user.username, role=user.role, la_code=user.la_code)


def end_sessions(session: Session, user_id: int, *, actor: str, why: str) -> None:
    """End every session of the user (each carries the version it was signed in under); audited."""
    user = session.get(User, user_id)
    if user is None:
        return
    user.session_version = (user.session_version or 0) + 1
    record_audit(session, actor=actor, action=why, entity="web_user", entity_id=user.id, la_code=user.la_code)


def set_active(session: Session, username: str, active: bool, *, actor: str) -> User:
    """Disable (ending its sessions) or enable an account; audited."""
    user = user_named(session, username)
    if user is None:
        raise AccountError("username", f"There is no user called {username}")
    user.active = active
    end_sessions(session, user.id, actor=actor, why="user.enable" if active else "user.disable")
    return user


def reset_password(session: Session, username: str, password: str, *, actor: str) -> User:
    """A new password (the old sessions end); audited, the password itself never recorded."""
    user = user_named(session, username)
    if user is None:
        raise AccountError("username", f"There is no user called {username}")
    why = password_problem(password, username)
    if why:
        raise AccountError("password", why)
    user.password_hash = hash_password(password)
    end_sessions(session, user.id, actor=actor, why="user.reset_password")
    return user
