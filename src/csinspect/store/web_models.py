"""Web accounts: users with a role (admin, inspector, council) and, for council users, their authority.

Passwords are stored only as argon2 hashes. There is no default account: ``csinspect users add`` creates them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from csinspect.store.base import Base, utcnow

ROLES = ("admin", "inspector", "council")


class User(Base):
    __tablename__ = "web_user"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))  # admin | inspector | council
    la_code: Mapped[str | None] = mapped_column(ForeignKey("authority.la_code"))  # council users only
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_sign_in: Mapped[datetime | None] = mapped_column(DateTime)
    # a session holds the version it was signed in under; sign-out, disable and reset increment it
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
