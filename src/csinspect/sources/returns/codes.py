"""Groups of codes that the indicator definitions need (which legal statuses are short breaks, which
placements are temporary, which reasons ceased mean adopted). The code lists a return is validated against
are data: ``specs/<collection>_<year>.yaml``; a test checks every code here is in those lists."""

from __future__ import annotations

SHORT_BREAK_LS = frozenset({"V3", "V4"})  # legal statuses of a series of short-term breaks
ADOPTED_REC = frozenset({"E11", "E12"})  # reasons an episode ceased that mean adopted
ADOPTION_PLACE = frozenset({"A3", "A4", "A5", "A6"})  # placed for adoption
TEMPORARY_PLACE = frozenset({"T0", "T1", "T2", "T3", "T4"})  # temporary placements (not counted as moves)
PLACEMENT_ORDER_LS = frozenset({"E1", "D1"})  # placement order / freeing order
ACTIV_EET = frozenset(
    {"F1", "P1", "F2", "P2", "F3", "P3", "F4", "P4", "F5", "P5"}
)  # in education, employment or training

# Which spec code list each group belongs to (checked by tests/sources/returns/test_specs.py).
GROUPS = {
    "SHORT_BREAK_LS": ("ssda903", "LS"),
    "ADOPTED_REC": ("ssda903", "REC"),
    "ADOPTION_PLACE": ("ssda903", "PLACE"),
    "TEMPORARY_PLACE": ("ssda903", "PLACE"),
    "PLACEMENT_ORDER_LS": ("ssda903", "LS"),
    "ACTIV_EET": ("ssda903", "ACTIV"),
}
