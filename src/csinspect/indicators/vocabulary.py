"""Proportion words ("most", "few" …) from a configurable table that carries its source and status.

The shipped table is Education Scotland's (verified as theirs, not Ofsted's); every use says so through
``VocabularyTable.attribution``. A table whose status is not ``verified_ofsted`` is never called Ofsted's.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

DEFAULT_FILE = Path(__file__).parent / "proportion_vocabulary.yaml"


class VocabularyError(ValueError):
    pass


class Band(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    word: str
    min: float = Field(ge=0, le=100)
    max: float = Field(ge=0, le=100)
    note: str | None = None


class VocabularyTable(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    title: str
    source: str
    status: str  # verified_ofsted | verified_not_ofsted | unverified
    bands: list[Band] = Field(min_length=1)

    @model_validator(mode="after")
    def _ordered(self) -> VocabularyTable:
        for b in self.bands:
            if b.min > b.max:
                raise ValueError(f"band {b.word!r}: min {b.min} > max {b.max}")
        return self

    @property
    def is_ofsted(self) -> bool:
        return self.status == "verified_ofsted"

    @property
    def attribution(self) -> str:
        owner = "Ofsted's" if self.is_ofsted else "not Ofsted's"
        return f"proportion words from {self.title} ({self.status.replace('_', ' ')}; {owner})"

    def word(self, percent: float) -> str | None:
        """The word for ``percent`` (0-100); None when no band covers it."""
        for b in self.bands:
            if b.min - 1e-9 <= percent <= b.max + 1e-9:
                return b.word
        # between bands' printed bounds (e.g. 74.99995): take the nearest band
        return min(self.bands, key=lambda b: min(abs(percent - b.min), abs(percent - b.max))).word


class VocabularyFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    default: str
    tables: list[VocabularyTable]


def load_vocabulary(path: Path | None = None, table_id: str | None = None) -> VocabularyTable:
    if path is None:
        from csinspect.settings import get_settings

        path = get_settings().proportion_vocabulary or DEFAULT_FILE
    return _load(path, table_id)


@lru_cache(maxsize=8)
def _load(path: Path, table_id: str | None) -> VocabularyTable:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        vf = VocabularyFile.model_validate(raw)
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise VocabularyError(f"{path}: not a proportion vocabulary file: {exc}") from exc
    wanted = table_id or vf.default
    for t in vf.tables:
        if t.id == wanted:
            return t
    raise VocabularyError(f"{path}: no table {wanted!r}; tables: {[t.id for t in vf.tables]}")
