"""Web accounts as the faces read them (creating and changing them is ``csinspect.web.accounts``)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from csinspect.store.web_models import User


def user_named(session: Session, username: str) -> User | None:
    return session.scalars(select(User).where(User.username == username.strip())).first()


def username_taken(session: Session, username: str) -> bool:
    return session.scalar(select(User.id).where(User.username == username)) is not None


def all_users(session: Session) -> list[User]:
    """Every account, by user name."""
    return list(session.scalars(select(User).order_by(User.username)))
