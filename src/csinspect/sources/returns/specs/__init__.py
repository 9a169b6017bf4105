"""The child-level returns' column specs and code lists as data: one YAML file per collection and year
(``<collection>_<year>.yaml``), a later year written as the previous one plus its changes (``extends``,
``codes`` replacing a list, ``add_codes`` / ``remove_codes`` changing one). Loaded and validated with
pydantic like the frameworks; the readers and the synthetic-data generator read the same specs.

``spec(collection, year)`` gives the spec in force for a collection year (the newest file at or before it,
else the oldest): its code lists and tables.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from csinspect.sources.errors import SourceError

DIR = Path(__file__).parent
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
Kind = Literal["id", "str", "date", "code", "int", "drop"]


class SpecError(SourceError):
    """A spec file that cannot be read or breaks the schema (names the file and the field)."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ColumnSpec(_Strict):
    name: str
    kind: Kind = "str"
    required: bool = False  # a value must be present
    codes: str | None = None  # the name of one of the spec's code lists
    in_file: bool = True  # the column must exist in the file
    min_value: int | None = None
    max_value: int | None = None


class TableData(_Strict):
    columns: list[ColumnSpec]
    duplicate_key: list[str] | None = None  # a later row repeating these values is rejected


class CollectionFile(_Strict):
    """One file: the full spec of a year, or (``extends``) the changes from an earlier year."""

    collection: Literal["ssda903", "cin_census"]
    year: int
    extends: int | None = None
    codes: dict[str, list[str]] = {}
    add_codes: dict[str, list[str]] = {}
    remove_codes: dict[str, list[str]] = {}
    columns: dict[str, Any] = {}  # shared columns, referred to with YAML anchors
    tables: dict[str, TableData] = {}


class AnnexColumn(_Strict):
    title: str  # as in DfE's template
    key: str  # stored column name
    kind: Literal["str", "date", "int", "category"]
    can_be_blank: bool
    options: list[str] | None = None


class AnnexListData(_Strict):
    title: str
    essential: list[str]  # missing one fails the list as a whole
    columns: list[AnnexColumn]

    @model_validator(mode="after")
    def _essential_known(self) -> AnnexListData:
        keys = {c.key for c in self.columns}
        missing = [e for e in self.essential if e not in keys]
        if missing:
            raise ValueError(f"essential columns not among the list's columns: {missing}")
        return self


class AnnexFile(_Strict):
    collection: Literal["annex_a"]
    year: int
    never_stored: list[str] = []
    columns: dict[str, Any] = {}
    lists: dict[int, AnnexListData]


class Spec(_Strict):
    """A collection's spec in force for a year, its ``extends`` chain resolved."""

    collection: str
    year: int  # the file's year
    files: tuple[str, ...]  # the files it was built from, oldest first
    codes: dict[str, frozenset[str]]
    tables: dict[str, TableData]

    @model_validator(mode="after")
    def _codes_known(self) -> Spec:
        for t, table in self.tables.items():
            for c in table.columns:
                if c.codes is not None and c.codes not in self.codes:
                    raise ValueError(f"table {t} column {c.name} names unknown code list {c.codes!r}")
                if c.kind == "code" and c.codes is None:
                    raise ValueError(f"table {t} column {c.name} is a code with no code list")
        return self


_NAME = re.compile(r"^(?P<collection>[a-z0-9_]+?)_(?P<year>\d{4})\.yaml$")


def _read(path: Path) -> dict[str, Any]:
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except (OSError, yaml.YAMLError) as exc:
        raise SpecError(str(path), f"cannot read YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise SpecError(str(path), "expected a mapping at the top level")
    return raw


def _problems(exc: ValidationError) -> str:
    return "; ".join(f"{'.'.join(str(p) for p in e['loc']) or '(top)'}: {e['msg']}" for e in exc.errors())


@lru_cache(maxsize=8)
def files(directory: Path = DIR) -> dict[tuple[str, int], Path]:
    out = {}
    for p in sorted(directory.glob("*.yaml")):
        m = _NAME.match(p.name)
        if m is None:
            raise SpecError(str(p), "a spec file is named <collection>_<year>.yaml")
        out[(m.group("collection"), int(m.group("year")))] = p
    return out


def _year_for(collection: str, year: int, directory: Path) -> int:
    years = sorted(y for c, y in files(directory) if c == collection)
    if not years:
        raise SpecError(str(directory), f"no spec file for {collection}")
    earlier = [y for y in years if y <= year]
    return earlier[-1] if earlier else years[0]


@lru_cache(maxsize=32)
def spec(collection: str, year: int, directory: Path = DIR) -> Spec:
    """The spec of ``collection`` (ssda903, cin_census) in force for collection year ``year``."""
    file_year = _year_for(collection, year, directory)
    chain: list[tuple[Path, CollectionFile]] = []
    y: int | None = file_year
    while y is not None:
        path = files(directory).get((collection, y))
        if path is None:
            raise SpecError(str(chain[-1][0]) if chain else str(directory), f"extends {y}, which has no file")
        try:
            data = CollectionFile.model_validate(_read(path))
        except ValidationError as exc:
            raise SpecError(str(path), _problems(exc)) from exc
        if data.collection != collection or data.year != y:
            raise SpecError(
                str(path), f"says collection {data.collection} year {data.year}; its name says otherwise"
            )
        chain.append((path, data))
        if data.extends is not None and data.extends >= y:
            raise SpecError(str(path), "extends a later (or the same) year")
        y = data.extends
    codes: dict[str, set[str]] = {}
    tables: dict[str, TableData] = {}
    for path, data in reversed(chain):
        for name, values in data.codes.items():
            codes[name] = set(values)
        for name, values in data.add_codes.items():
            codes.setdefault(name, set()).update(values)
        for name, values in data.remove_codes.items():
            if name not in codes:
                raise SpecError(str(path), f"remove_codes: no code list {name!r} to remove from")
            codes[name] -= set(values)
        tables.update(data.tables)
    try:
        return Spec(
            collection=collection,
            year=file_year,
            files=tuple(p.name for p, _ in reversed(chain)),
            codes={k: frozenset(v) for k, v in codes.items()},
            tables=tables,
        )
    except ValidationError as exc:
        raise SpecError(str(chain[0][0]), _problems(exc)) from exc


@lru_cache(maxsize=8)
def annex_a(year: int = 2024, directory: Path = DIR) -> AnnexFile:
    """The Annex A lists in force for a year."""
    path = files(directory)[("annex_a", _year_for("annex_a", year, directory))]
    try:
        return AnnexFile.model_validate(_read(path))
    except ValidationError as exc:
        raise SpecError(str(path), _problems(exc)) from exc


def all_specs(directory: Path = DIR) -> list[str]:
    """Load and validate every spec file (what the tests and ``make check`` run); returns the files read."""
    seen = []
    for (collection, year), path in files(directory).items():
        if collection == "annex_a":
            annex_a(year, directory)
        else:
            spec(collection, year, directory)
        seen.append(path.name)
    return seen
