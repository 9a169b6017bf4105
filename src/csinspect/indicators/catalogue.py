"""Loading and checking the indicator catalogue: every ``catalogue/*.yaml`` file, validated together."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import ValidationError

from csinspect.indicators.schema import CatalogueFile, Dataset, Indicator, Source

CATALOGUE_DIR = Path(__file__).parent / "catalogue"


class CatalogueError(ValueError):
    """A catalogue file that cannot be read, breaks the schema, or clashes with another file."""


@dataclass(frozen=True)
class Catalogue:
    indicators: dict[str, Indicator]
    datasets: dict[str, Dataset]

    def get(self, indicator_id: str) -> Indicator:
        try:
            return self.indicators[indicator_id]
        except KeyError:
            raise CatalogueError(f"unknown indicator {indicator_id!r}") from None

    def dataset_for_file(self, filename: str) -> Dataset | None:
        for ds in self.datasets.values():
            if any(re.search(p, filename, re.IGNORECASE) for p in ds.file_patterns):
                return ds
        return None

    def sources_for(self, kind: str, dataset: str | None = None) -> list[tuple[Indicator, Source]]:
        """(indicator, source) pairs reading from ``kind`` (and ``dataset``), primary and alternates."""
        return [
            (ind, src)
            for ind in self.indicators.values()
            for src in ind.all_sources()
            if src.kind == kind and (dataset is None or src.dataset == dataset)
        ]


def load_catalogue_file(path: Path) -> CatalogueFile:
    try:
        # libyaml's safe loader when present (several times faster; the catalogue is read by every CLI call)
        raw = yaml.load(
            path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        )
    except (OSError, yaml.YAMLError) as exc:
        raise CatalogueError(f"{path}: cannot read YAML: {exc}") from exc
    try:
        return CatalogueFile.model_validate(raw or {})
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or '(top)'}: {e['msg']}" for e in exc.errors()
        )
        raise CatalogueError(f"{path}: {problems}") from exc


def load_catalogue(directory: Path = CATALOGUE_DIR) -> Catalogue:
    indicators: dict[str, Indicator] = {}
    datasets: dict[str, Dataset] = {}
    for path in sorted(directory.glob("*.yaml")):
        cf = load_catalogue_file(path)
        for ds in cf.datasets:
            if ds.id in datasets:
                raise CatalogueError(f"{path}: dataset {ds.id!r} is defined twice")
            datasets[ds.id] = ds
        for ind in cf.indicators:
            if ind.id in indicators:
                raise CatalogueError(f"{path}: indicator {ind.id!r} is defined twice")
            indicators[ind.id] = ind
    for ind in indicators.values():
        for src in ind.all_sources():
            if src.kind in ("ees", "ons", "ofsted") and src.dataset not in datasets:
                raise CatalogueError(f"indicator {ind.id}: unknown dataset {src.dataset!r}")
    return Catalogue(indicators=indicators, datasets=datasets)


@lru_cache(maxsize=2)
def get_catalogue(directory: Path = CATALOGUE_DIR) -> Catalogue:
    return load_catalogue(directory)
