"""Code lists of the SSDA903 return and the CIN census (restated from the DfE specifications; see
docs/indicators.md). Lists that change between collection years are functions of the year, where ``year``
is the year the collection ends (2025 = 1 April 2024 to 31 March 2025)."""

from __future__ import annotations

RNE = frozenset({"S", "P", "L", "T", "U", "B"})
LS = frozenset({"C1", "C2", "D1", "E1", "V2", "V3", "V4", "J1", "J2", "J3", "L1", "L2", "L3"})
SHORT_BREAK_LS = frozenset({"V3", "V4"})
CIN_903 = frozenset(f"N{i}" for i in range(1, 9))
PLACE_PROVIDER = frozenset({"PR0", "PR1", "PR2", "PR3", "PR4", "PR5"})
REC = frozenset(
    {"X1", "E11", "E12", "E13", "E14", "E15", "E16", "E17", "E2", "E3", "E41", "E45", "E46", "E47", "E48"}
    | {"E4A", "E4B", "E5", "E6", "E7", "E8", "E9"}
)
ADOPTED_REC = frozenset({"E11", "E12"})
REASON_PLACE_CHANGE = frozenset(
    {
        "ALLEG",
        "APPRR",
        "CARPL",
        "CHILD",
        "CLOSE",
        "CREQB",
        "CREQO",
        "CUSTOD",
        "LAREQ",
        "OTHER",
        "PLACE",
        "STAND",
    }
)
REVIEW_CODE = frozenset(f"PN{i}" for i in range(8))
MISSING = frozenset({"M", "A"})
SDQ_REASON = frozenset(f"SDQ{i}" for i in range(1, 6))
IN_TOUCH = frozenset({"YES", "NO", "DIED", "REFU", "NREQ", "RHOM"})
ACTIV_EET = frozenset({"F1", "P1", "F2", "P2", "F3", "P3", "F4", "P4", "F5", "P5"})
ACTIV = ACTIV_EET | {"G4", "G5", "G6", "0"}
_ACCOM_TYPES = "BCDEGHKRSTUVWYZ"
ACCOM = frozenset({f"{t}{s}" for t in _ACCOM_TYPES for s in "12"} - {"S1"} | {"X2", "0"})
PREV_PERM = frozenset({"P1", "P2", "P3", "P4", "Z1"})
REASON_PLACED_CEASED = frozenset({"RD1", "RD2", "RD3", "RD4"})
SEX_ADOPTR = frozenset({"M1", "F1", "MM", "FF", "MF"})
LS_ADOPTR = frozenset({"L0", "L11", "L12", "L2", "L3", "L4"})
SW_REASON = frozenset(
    {"MANAGE", "FCONTA", "LEFTRL", "ORGRST", "TSPROC", "ABSENC", "CHCHAN", "PCCHAN", "SWDIED", "OTHERS"}
)
ETHNIC = frozenset(
    {"WBRI", "WIRI", "WOTH", "WIRT", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN", "ABAN"}
    | {"AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT"}
)
ZERO_ONE = frozenset({"0", "1"})

_PLACE_COMMON = frozenset(
    {"A3", "A4", "A5", "A6", "K1", "K2", "P1", "P3", "R1", "R2", "R3", "R5", "S1"}
    | {"T0", "T1", "T2", "T3", "T4", "U1", "U2", "U3", "U4", "U5", "U6"}
)
ADOPTION_PLACE = frozenset({"A3", "A4", "A5", "A6"})
TEMPORARY_PLACE = frozenset({"T0", "T1", "T2", "T3", "T4"})
PLACEMENT_ORDER_LS = frozenset({"E1", "D1"})


def place_codes(year: int) -> frozenset[str]:
    """Valid PLACE codes for a collection year. H5 gave way to K3 in 2024-25 (both accepted that year),
    P2 was removed and Z1 split into Z11-Z14 from 2025-26 (validator rule 146; the exact boundary years
    are marked "not verified" in the source notes)."""
    codes = set(_PLACE_COMMON)
    if year <= 2025:
        codes |= {"H5", "P2", "Z1"}
    if year >= 2025:
        codes |= {"K3"}
    if year >= 2026:
        codes |= {"Z11", "Z12", "Z13", "Z14"}
    return frozenset(codes)


def sex_codes_903(year: int) -> frozenset[str]:
    """SSDA903 SEX: 1/2 up to 2023-24, M/F/U from 2024-25 (validator rule 101)."""
    return frozenset({"1", "2"}) if year <= 2024 else frozenset({"M", "F", "U"})


# CIN census (CIN_schema_2024.xsd)
CIN_GENDER = frozenset({"0", "1", "2", "9"})
CIN_SEX = frozenset({"M", "F", "U", "1", "2", "0", "9"})
REFERRAL_SOURCE = frozenset(
    {"1A", "1B", "1C", "1D", "2A", "2B", "3A", "3B", "3C", "3D", "3E", "3F", "4", "5A", "5B", "5C", "5D"}
    | {"6", "7", "8", "9", "10"}
)
PRIMARY_NEED = frozenset(f"N{i}" for i in range(10))
REASON_FOR_CLOSURE = frozenset(f"RC{i}" for i in range(1, 10))
CATEGORY_OF_ABUSE = frozenset({"NEG", "PHY", "SAB", "EMO", "MUL"})
DISABILITY = frozenset(
    {"NONE", "MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS", "BEH", "CON", "AUT", "DDA"}
)
ASSESSMENT_FACTORS = frozenset(
    {
        "1A",
        "1B",
        "1C",
        "2A",
        "2B",
        "2C",
        "3A",
        "3B",
        "3C",
        "4A",
        "4B",
        "4C",
        "5A",
        "5B",
        "5C",
        "6A",
        "6B",
        "6C",
    }
    | {"7A", "8B", "8C", "8D", "8E", "8F", "9A", "10A", "11A", "12A", "13A", "14A", "15A", "16A", "17A"}
    | {"18B", "18C", "19B", "19C", "20", "21", "22A", "23A", "24A"}
)
YES_NO = frozenset({"0", "1", "true", "false"})
