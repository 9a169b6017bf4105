"""The options every XML parse in csinspect uses, set explicitly rather than trusted to lxml's defaults:
no entity expansion (billion laughs), no external entities or DTDs (XXE), no network, and libxml2's own
size and depth limits kept on (``huge_tree`` off)."""

from __future__ import annotations

from typing import Any

SAFE_XML: dict[str, Any] = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "dtd_validation": False,
    "huge_tree": False,
}
