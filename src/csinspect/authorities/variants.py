"""Facts about authorities that csinspect ships as data: the printed name variants and pre-2009 authorities
(``data/name_variants.yaml``), the GSS entity types, and how EES writes London's region."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

VARIANTS_FILE = Path(__file__).parent / "data" / "name_variants.yaml"

# EES puts London authorities in Inner/Outer London; the region is London (a code the same files use).
LONDON_SUBREGIONS = {"E13000001", "E13000002"}
LONDON = ("E12000007", "London")

GSS_ENTITY = {
    "E06": "Unitary authority",
    "E08": "Metropolitan district",
    "E09": "London borough",
    "E10": "County",
}


def gss_entity(gss: str | None) -> str | None:
    return GSS_ENTITY.get(gss[:3]) if gss else None


def region_of(code: str | None, name: str | None) -> tuple[str | None, str | None]:
    if code in LONDON_SUBREGIONS:
        return LONDON
    return (code or None, name or None)


@lru_cache(maxsize=1)
def packaged_variants() -> dict[str, Any]:
    data = yaml.safe_load(VARIANTS_FILE.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data
