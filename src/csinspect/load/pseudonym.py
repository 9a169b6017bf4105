"""Pseudonymisation at the edge: child identifiers become a keyed hash (HMAC-SHA256) before anything is
stored. The key comes from ``CSINSPECT_PSEUDONYM_KEY`` or an explicit argument and is never written next
to the data; only a fingerprint of it is (so data hashed under different keys are never mixed)."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable

import polars as pl


class PseudonymKeyMissing(RuntimeError):
    """No key: refusing to store child-level data under a guessable hash."""


MIN_KEY_LENGTH = 16


def resolve_key(raw: str | bytes | None) -> bytes:
    """The key as bytes (from ``Settings.pseudonym_key`` or an explicit argument); refuses none or a short one."""
    if not raw:
        raise PseudonymKeyMissing(
            "set CSINSPECT_PSEUDONYM_KEY (a secret of 16+ characters, kept apart from the data) "
            "or pass a key explicitly"
        )
    k = raw.encode("utf-8") if isinstance(raw, str) else raw
    if len(k) < MIN_KEY_LENGTH:
        raise PseudonymKeyMissing(f"the pseudonym key must be at least {MIN_KEY_LENGTH} characters")
    return k


def key_fingerprint(key: bytes) -> str:
    """Identifies the key without revealing it (an HMAC of a fixed label)."""
    return hmac.new(key, b"csinspect:key-fingerprint", hashlib.sha256).hexdigest()[:16]


def pseudonym(value: str, key: bytes, la_code: str) -> str:
    """One identifier -> 32 hex characters. The council code is part of the message, so the same local id
    in two councils never collides."""
    return hmac.new(key, f"{la_code}:{value.strip()}".encode(), hashlib.sha256).hexdigest()[:32]


class Pseudonymiser:
    """``pseudonym`` for many identifiers: the keyed hash state is prepared once and each identifier is
    hashed once per load (the same child appears in many tables)."""

    def __init__(self, key: bytes, la_code: str) -> None:
        # HMAC (RFC 2104) with its two padded-key states hashed once: each identifier then costs two
        # SHA-256 updates, with no per-call key set-up (hmac.new/copy/digest are 2-3x slower per value)
        block = hashlib.sha256().block_size
        k = hashlib.sha256(key).digest() if len(key) > block else key
        k = k.ljust(block, b"\0")
        self._inner = hashlib.sha256(bytes(b ^ 0x36 for b in k))
        self._outer = hashlib.sha256(bytes(b ^ 0x5C for b in k))
        self._prefix = f"{la_code}:".encode()
        self._cache: dict[str, str] = {}
        self._map = pl.DataFrame(schema={"_id": pl.Utf8, "_p": pl.Utf8})
        if self("csinspect-self-check") != pseudonym("csinspect-self-check", key, la_code):
            raise AssertionError("pseudonymiser disagrees with hmac")  # pragma: no cover
        self._cache.clear()

    def __call__(self, value: str) -> str:
        out = self._cache.get(value)
        if out is None:
            inner = self._inner.copy()
            inner.update(self._prefix + value.strip().encode())
            outer = self._outer.copy()
            outer.update(inner.digest())
            out = self._cache[value] = outer.hexdigest()[:32]
        return out

    def series(self, s: pl.Series) -> pl.Series:
        text = s.cast(pl.Utf8).rename("_id").to_frame()
        unseen = text.join(self._map, on="_id", how="anti").drop_nulls().unique()["_id"]
        if unseen.len():  # hash each identifier once per load, however many tables it appears in
            added = pl.DataFrame(
                {"_id": unseen, "_p": [self(v) for v in unseen.to_list()]}, schema=self._map.schema
            )
            self._map = pl.concat([self._map, added])
        return text.join(self._map, on="_id", how="left", maintain_order="left")["_p"].alias(s.name)

    def frame(self, df: pl.DataFrame, columns: Iterable[str]) -> pl.DataFrame:
        cols = [c for c in columns if c in df.columns]
        return df.with_columns([self.series(df[c]) for c in cols]) if cols else df


def pseudonymise_series(s: pl.Series, key: bytes, la_code: str) -> pl.Series:
    return Pseudonymiser(key, la_code).series(s)


def pseudonymise_frame(df: pl.DataFrame, columns: Iterable[str], key: bytes, la_code: str) -> pl.DataFrame:
    return Pseudonymiser(key, la_code).frame(df, columns)


def degrade_to_month(df: pl.DataFrame, columns: Iterable[str]) -> pl.DataFrame:
    """Dates of birth kept as the first of the month. Ages at 31 March (the end of a month) are unchanged."""
    cols = [c for c in columns if c in df.columns and df.schema[c] == pl.Date]
    return df.with_columns([pl.col(c).dt.truncate("1mo") for c in cols]) if cols else df
