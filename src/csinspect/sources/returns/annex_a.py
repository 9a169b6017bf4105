"""Annex A workbooks (the lists a council prepares for an inspection), lists 1-11, read from ``.xlsx`` with
fastexcel (Rust calamine) and matched to the standard columns despite the headers councils really use:
any case, spacing and punctuation, reordered or extra columns, blank rows above the header, option labels
with or without their "a)" prefixes. Columns naming staff or full postcodes are never carried further."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import polars as pl
from rapidfuzz import fuzz

from csinspect.sources.returns import codes
from csinspect.sources.returns.problems import ReadResult, ReturnsFileError, TableCount, problem_frame
from csinspect.sources.returns.validate import Col, Kind, TableSpec, validate_table

# Contact and referral sources: the CIN census codes (Annex A lists 1 and 3 use the same list)
SOURCE_CODES = tuple(sorted(codes.REFERRAL_SOURCE))


@dataclass(frozen=True)
class AnnexCol:
    title: str  # as in the DfE template
    key: str  # stored column name
    kind: str  # str | date | int | category
    can_be_blank: bool
    options: tuple[str, ...] | None


@dataclass(frozen=True)
class AnnexList:
    number: int
    title: str
    cols: list[AnnexCol]

    @property
    def table(self) -> str:
        return f"list_{self.number}"


# Columns that recur, identically, across the Annex A lists.
CHILD_ID = AnnexCol("Child Unique ID", "child_unique_id", "str", False, None)
GENDER = AnnexCol("Gender", "gender", "category", False, ("Female", "Male", "Not stated/recorded", "Neither"))
ETHNICITY = AnnexCol(
    "Ethnicity",
    "ethnicity",
    "category",
    False,
    (
        "WBRI",
        "WIRI",
        "WIRT",
        "WOTH",
        "WROM",
        "MWBC",
        "MWBA",
        "MWAS",
        "MOTH",
        "AIND",
        "APKN",
        "ABAN",
        "AOTH",
        "BCRB",
        "BAFR",
        "BOTH",
        "CHNE",
        "OOTH",
        "REFU",
        "NOBT",
    ),
)
DATE_OF_BIRTH = AnnexCol("Date of Birth", "date_of_birth", "date", True, None)
AGE = AnnexCol("Age of Child (Years)", "age_of_child", "int", True, None)
DISABILITY = AnnexCol(
    "Does the Child have a Disability", "disability", "category", False, ("Yes", "No", "Unknown")
)
ALLOCATED_TEAM = AnnexCol("Allocated Team", "allocated_team", "str", False, None)
ALLOCATED_WORKER = AnnexCol("Allocated Worker", "allocated_worker", "str", False, None)


# Columns never stored (names of staff, full postcodes). Child Unique ID is pseudonymised by the loader.
NEVER_STORED = frozenset({"allocated_worker", "allocated_personal_advisor", "placement_postcode"})
# Per list, the columns without which the list is useless: missing one fails the list as a whole.
ESSENTIAL: dict[int, tuple[str, ...]] = {
    1: ("child_unique_id", "date_of_contact"),
    2: ("child_unique_id", "assessment_start_date"),
    3: ("child_unique_id", "date_of_referral"),
    4: ("child_unique_id", "continuous_assessment_start_date"),
    5: ("child_unique_id", "s47_start_date"),
    6: ("child_unique_id",),
    7: ("child_unique_id",),
    8: ("child_unique_id",),
    9: ("child_unique_id",),
    10: ("child_unique_id",),
    11: ("individual_adopter_identifier",),
}

LISTS: dict[int, AnnexList] = {
    1: AnnexList(
        1,
        "Contacts",
        [
            CHILD_ID,
            GENDER,
            ETHNICITY,
            DATE_OF_BIRTH,
            AGE,
            AnnexCol("Date of Contact", "date_of_contact", "date", False, None),
            AnnexCol(
                "Contact Source",
                "contact_source",
                "category",
                False,
                SOURCE_CODES,
            ),
        ],
    ),
    2: AnnexList(
        2,
        "Early help assessments",
        [
            CHILD_ID,
            GENDER,
            ETHNICITY,
            DATE_OF_BIRTH,
            AGE,
            AnnexCol("Assessment start date", "assessment_start_date", "date", False, None),
            AnnexCol("Assessment completion date", "assessment_completion_date", "date", True, None),
            AnnexCol(
                "Organisation completing assessment", "organisation_completing_assessment", "str", False, None
            ),
        ],
    ),
    3: AnnexList(
        3,
        "Referrals",
        [
            CHILD_ID,
            GENDER,
            ETHNICITY,
            DATE_OF_BIRTH,
            AGE,
            AnnexCol("Date of referral", "date_of_referral", "date", False, None),
            AnnexCol(
                "Referral Source",
                "referral_source",
                "category",
                False,
                SOURCE_CODES,
            ),
            AnnexCol("Referral NFA?", "referral_nfa", "category", False, ("Yes", "No")),
            AnnexCol(
                "Number of Referrals in Last 12 Months",
                "number_of_referrals_in_last_12_months",
                "int",
                False,
                None,
            ),
            ALLOCATED_TEAM,
            ALLOCATED_WORKER,
        ],
    ),
    4: AnnexList(
        4,
        "Assessments",
        [
            CHILD_ID,
            GENDER,
            ETHNICITY,
            DATE_OF_BIRTH,
            AGE,
            DISABILITY,
            AnnexCol(
                "Continuous Assessment Start Date", "continuous_assessment_start_date", "date", False, None
            ),
            AnnexCol(
                "Child Seen During Continuous Assessment",
                "child_seen_during_continuous_assessment",
                "category",
                False,
                ("Yes", "No", "Unknown"),
            ),
            AnnexCol(
                "Continuous Assessment Date of Authorisation",
                "assessment_authorisation_date",
                "date",
                True,
                None,
            ),
            AnnexCol(
                "Was the child assessed as requiring LA children's social care support?",
                "assessed_as_requiring_support",
                "category",
                True,
                ("Yes", "No", "Unknown"),
            ),
            ALLOCATED_TEAM,
            ALLOCATED_WORKER,
        ],
    ),
    5: AnnexList(
        5,
        "Section 47 enquiries and ICPCs",
        [
            CHILD_ID,
            GENDER,
            ETHNICITY,
            DATE_OF_BIRTH,
            AGE,
            DISABILITY,
            AnnexCol(
                "Strategy discussion initiating Section 47 Enquiry Start Date",
                "s47_start_date",
                "date",
                False,
                None,
            ),
            AnnexCol(
                "Was an Initial Child Protection Conference deemed unnecessary?",
                "icpc_not_required",
                "category",
                True,
                ("Yes", "No"),
            ),
            AnnexCol(
                "Date of Initial Child Protection Conference",
                "date_of_initial_child_protection_conference",
                "date",
                True,
                None,
            ),
            AnnexCol(
                "Did the Initial Child Protection Conference Result in a Child Protection Plan",
                "icpc_resulted_in_cpp",
                "category",
                True,
                ("Yes", "No"),
            ),
            AnnexCol(
                "Number of Section 47 Enquiries in the last 12 months",
                "s47_enquiries_12m",
                "int",
                False,
                None,
            ),
            AnnexCol(
                "Number of ICPCs in the last 12 months",
                "number_of_icpcs_in_the_last_12_months",
                "int",
                False,
                None,
            ),
            ALLOCATED_TEAM,
            ALLOCATED_WORKER,
        ],
    ),
    6: AnnexList(
        6,
        "Children in need",
        [
            CHILD_ID,
            GENDER,
            ETHNICITY,
            DATE_OF_BIRTH,
            AGE,
            DISABILITY,
            AnnexCol("CIN Start Date", "cin_start_date", "date", True, None),
            AnnexCol(
                "Primary Need Code",
                "primary_need_code",
                "category",
                False,
                ("N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8", "N9", "N0"),
            ),
            AnnexCol("Date Child Was Last Seen", "date_child_was_last_seen", "date", True, None),
            AnnexCol("CIN Closure Date", "cin_closure_date", "date", True, None),
            AnnexCol(
                "Reason for Closure",
                "reason_for_closure",
                "category",
                True,
                ("RC1", "RC2", "RC3", "RC4", "RC5", "RC6", "RC7", "RC8", "RC9"),
            ),
            AnnexCol(
                "Case Status",
                "case_status",
                "category",
                False,
                (
                    "Looked after child",
                    "Child Protection plan",
                    "Child in need plan",
                    "Open assessment",
                    "Closed episode",
                ),
            ),
            ALLOCATED_TEAM,
            ALLOCATED_WORKER,
        ],
    ),
    7: AnnexList(
        7,
        "Child protection plans",
        [
            CHILD_ID,
            GENDER,
            ETHNICITY,
            DATE_OF_BIRTH,
            AGE,
            DISABILITY,
            AnnexCol(
                "Child Protection Plan Start Date", "child_protection_plan_start_date", "date", False, None
            ),
            AnnexCol(
                "Initial Category of Abuse",
                "initial_category_of_abuse",
                "category",
                False,
                ("Neglect", "Physical abuse", "Sexual abuse", "Emotional abuse", "Multiple/not recommended"),
            ),
            AnnexCol(
                "Latest Category of Abuse",
                "latest_category_of_abuse",
                "category",
                False,
                ("Neglect", "Physical abuse", "Sexual abuse", "Emotional abuse", "Multiple/not recommended"),
            ),
            AnnexCol(
                "Date of the Last Statutory Visit", "date_of_the_last_statutory_visit", "date", True, None
            ),
            AnnexCol(
                "Was the Child Seen Alone?",
                "was_the_child_seen_alone",
                "category",
                True,
                ("Yes", "No", "Unknown"),
            ),
            AnnexCol(
                "Date of latest review conference", "date_of_latest_review_conference", "date", True, None
            ),
            AnnexCol("Child Protection Plan End Date", "child_protection_plan_end_date", "date", True, None),
            AnnexCol(
                "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)",
                "epo_or_police_protection_6m",
                "category",
                False,
                ("Yes", "No"),
            ),
            AnnexCol(
                "Number of Previous Child Protection Plans",
                "number_of_previous_child_protection_plans",
                "int",
                False,
                None,
            ),
            ALLOCATED_TEAM,
            ALLOCATED_WORKER,
        ],
    ),
    8: AnnexList(
        8,
        "Children in care",
        [
            CHILD_ID,
            GENDER,
            ETHNICITY,
            DATE_OF_BIRTH,
            AGE,
            AnnexCol(
                "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)",
                "uasc_12m",
                "category",
                False,
                ("Yes", "No"),
            ),
            DISABILITY,
            AnnexCol(
                "Date Started to be Looked After", "date_started_to_be_looked_after", "date", False, None
            ),
            AnnexCol(
                "Child's Category of Need",
                "child_s_category_of_need",
                "category",
                False,
                ("N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8", "N9", "N0"),
            ),
            AnnexCol(
                "Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)",
                "second_period_12m",
                "category",
                False,
                ("Yes", "No"),
            ),
            AnnexCol(
                "Start date of current legal status",
                "start_date_of_current_legal_status",
                "date",
                False,
                None,
            ),
            AnnexCol(
                "Child's Legal Status",
                "child_s_legal_status",
                "category",
                False,
                ("E1", "C1", "C2", "D1", "V2", "L1", "L2", "L3", "J1", "J2", "J3", "V3", "V4"),
            ),
            AnnexCol(
                "Date of Latest Statutory Review", "date_of_latest_statutory_review", "date", True, None
            ),
            AnnexCol("Date of Last Social Work Visit", "date_of_last_social_work_visit", "date", True, None),
            AnnexCol(
                "What is the permanence plan for this child?",
                "permanence_plan",
                "category",
                True,
                (
                    "Return to family",
                    "Adoption",
                    "SGO/CAO",
                    "Supported living in the community",
                    "Long-term residential placement",
                    "Long-term fostering",
                    "other",
                ),
            ),
            AnnexCol(
                "Date of Last IRO Visit / Contact to the Child",
                "date_of_last_iro_visit_contact_to_the_child",
                "date",
                True,
                None,
            ),
            AnnexCol("Date of Last Health Assessment", "date_of_last_health_assessment", "date", True, None),
            AnnexCol("Date of Last Dental Check", "date_of_last_dental_check", "date", True, None),
            AnnexCol(
                "Number of Placements in the Last 12 months",
                "number_of_placements_in_the_last_12_months",
                "int",
                False,
                None,
            ),
            AnnexCol("Date Ceased to be Looked After", "date_ceased_to_be_looked_after", "date", True, None),
            AnnexCol(
                "Reason Ceased to be Looked After",
                "reason_ceased_to_be_looked_after",
                "category",
                True,
                (
                    "E11",
                    "E12",
                    "E15",
                    "E2",
                    "E3",
                    "E4B",
                    "E4A",
                    "E13",
                    "E41",
                    "E45",
                    "E46",
                    "E47",
                    "E48",
                    "E5",
                    "E6",
                    "E7",
                    "E9",
                    "E14",
                    "E16",
                    "E8",
                    "X1",
                    "E17",
                ),
            ),
            AnnexCol(
                "Start Date of Most Recent Placement",
                "start_date_of_most_recent_placement",
                "date",
                False,
                None,
            ),
            AnnexCol(
                "Placement Type",
                "placement_type",
                "category",
                False,
                (
                    "U3",
                    "U6",
                    "U1",
                    "U4",
                    "U2",
                    "U5",
                    "A3",
                    "A4",
                    "A6",
                    "A5",
                    "P1",
                    "P2",
                    "P3",
                    "H5",
                    "K1",
                    "K2",
                    "R1",
                    "R2",
                    "R3",
                    "R5",
                    "S1",
                    "Z1",
                    "T1",
                    "T3",
                    "T2",
                    "T4",
                    "T0",
                ),
            ),
            AnnexCol(
                "Placement Provider",
                "placement_provider",
                "category",
                False,
                ("PR0", "PR1", "PR2", "PR3", "PR4", "PR5"),
            ),
            AnnexCol("Placement postcode", "placement_postcode", "str", False, None),
            AnnexCol("URN of Placement", "urn_of_placement", "str", True, None),
            AnnexCol("Placement Location", "placement_location", "category", False, ("In", "Out")),
            AnnexCol(
                "LA of Placement", "la_of_placement", "category", False, ("NIR", "WAL", "SCO", "NUK", "CON")
            ),
            AnnexCol(
                "Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months",
                "missing_episodes_12m",
                "int",
                False,
                None,
            ),
            AnnexCol(
                "Number of Episodes the Child has been 'Absent' from their Placement in the last 12 months",
                "absent_episodes_12m",
                "int",
                False,
                None,
            ),
            AnnexCol(
                "Was the child offered a Return Interview after their last missing episode (Y/N)?",
                "rhi_offered",
                "category",
                True,
                ("Yes", "No", "Unknown"),
            ),
            AnnexCol(
                "Did the child accept a Return Interview after their last missing episode (Y/N)?",
                "rhi_accepted",
                "category",
                True,
                ("Yes", "No", "Unknown"),
            ),
            ALLOCATED_TEAM,
            ALLOCATED_WORKER,
        ],
    ),
    9: AnnexList(
        9,
        "Care leavers",
        [
            CHILD_ID,
            GENDER,
            ETHNICITY,
            DATE_OF_BIRTH,
            AGE,
            AnnexCol(
                "Unaccompanied Asylum Seeking Child (UASC), or formerly UASC if 18 or over (Y/N)",
                "uasc_or_former_uasc",
                "category",
                True,
                ("Yes", "No"),
            ),
            DISABILITY,
            ALLOCATED_TEAM,
            ALLOCATED_WORKER,
            AnnexCol("Allocated Personal Advisor", "allocated_personal_advisor", "str", False, None),
            AnnexCol(
                "Eligibility Category",
                "eligibility_category",
                "category",
                False,
                ("Relevant child", "Former relevant child", "Qualifying care leaver", "Eligible child"),
            ),
            AnnexCol(
                "Latest Pathway Plan Review Date", "latest_pathway_plan_review_date", "date", True, None
            ),
            AnnexCol(
                "LA in Touch", "la_in_touch", "category", False, ("Yes", "No", "Died", "Refu", "NREQ", "Rhom")
            ),
            AnnexCol("Latest Date of Contact", "latest_date_of_contact", "date", True, None),
            AnnexCol(
                "Type of Accommodation",
                "type_of_accommodation",
                "category",
                True,
                ("B", "C", "D", "E", "G", "H", "K", "R", "S", "T", "U", "V", "W", "X", "Y", "Z"),
            ),
            AnnexCol(
                "Suitability of Accommodation",
                "suitability_of_accommodation",
                "category",
                True,
                ("Suitable", "Unsuitable"),
            ),
            AnnexCol(
                "Activity Status",
                "activity_status",
                "category",
                True,
                ("F1", "P1", "F2", "P2", "F3", "P3", "F4", "P4", "F5", "P5", "G4", "G5", "G6"),
            ),
        ],
    ),
    10: AnnexList(
        10,
        "Adoption (children with adoption decision/placement)",
        [
            CHILD_ID,
            AnnexCol("Family identifier", "family_identifier", "str", True, None),
            GENDER,
            ETHNICITY,
            DATE_OF_BIRTH,
            AGE,
            DISABILITY,
            AnnexCol("Date the Child Entered Care", "date_the_child_entered_care", "date", False, None),
            AnnexCol(
                "Date of Decision that Child Should be Placed for Adoption",
                "date_decision_adoption",
                "date",
                False,
                None,
            ),
            AnnexCol("Date of Placement Order", "date_of_placement_order", "date", True, None),
            AnnexCol(
                "Date of Matching Child and Prospective Adopters",
                "date_of_matching_child_and_prospective_adopters",
                "date",
                True,
                None,
            ),
            AnnexCol("Date Placed for Adoption", "date_placed_for_adoption", "date", True, None),
            AnnexCol("Date of Adoption Order", "date_of_adoption_order", "date", True, None),
            AnnexCol(
                "Date of Decision that Child Should No Longer be Placed for Adoption",
                "date_decision_no_longer_adoption",
                "date",
                True,
                None,
            ),
            AnnexCol(
                "Reason Why Child No Longer Placed for Adoption",
                "reason_why_child_no_longer_placed_for_adoption",
                "category",
                True,
                ("RD1", "RD2", "RD3", "RD4"),
            ),
            AnnexCol(
                "Date the child was placed for fostering in FFA or concurrent planning placement",
                "date_placed_ffa",
                "date",
                True,
                None,
            ),
        ],
    ),
    11: AnnexList(
        11,
        "Adopters (prospective adopters)",
        [
            AnnexCol("Individual adopter identifier", "individual_adopter_identifier", "str", False, None),
            AnnexCol("Family identifier", "family_identifier", "str", True, None),
            GENDER,
            ETHNICITY,
            AnnexCol("Disability", "disability", "category", False, ("Yes", "No")),
            AnnexCol(
                "Is the (prospective) adopter fostering for adoption?",
                "is_the_adopter_fostering_for_adoption",
                "str",
                False,
                None,
            ),
            AnnexCol("Date enquiry received", "date_enquiry_received", "date", False, None),
            AnnexCol("Date Stage 1 started", "date_stage_1_started", "date", True, None),
            AnnexCol("Date Stage 1 ended", "date_stage_1_ended", "date", True, None),
            AnnexCol("Date Stage 2 started", "date_stage_2_started", "date", True, None),
            AnnexCol("Date Stage 2 ended", "date_stage_2_ended", "date", True, None),
            AnnexCol("Date application submitted", "date_application_submitted", "date", True, None),
            AnnexCol("Date application approved", "date_application_approved", "date", True, None),
            AnnexCol(
                "Date adopter matched with child(ren)", "date_adopter_matched_with_child", "date", True, None
            ),
            AnnexCol(
                "Date child/children placed with adopter(s)",
                "date_child_children_placed_with_adopter",
                "date",
                True,
                None,
            ),
            AnnexCol("No. of children placed", "no_of_children_placed", "int", True, None),
            AnnexCol("Date of Adoption Order", "date_of_adoption_order", "date", True, None),
            AnnexCol(
                "Date of leaving adoption process", "date_of_leaving_adoption_process", "date", True, None
            ),
            AnnexCol(
                "Reason for leaving adoption process",
                "reason_for_leaving_adoption_process",
                "category",
                True,
                ("1", "2", "3"),
            ),
        ],
    ),
}


def _norm(text: Any) -> str:
    return re.sub(r"[^a-z0-9]", "", str(text or "").lower())


_SYNONYMS = {
    "gender": ("sex",),
    "child_unique_id": ("childid", "childuniqueid", "uniqueid", "lachildid", "id"),
}


@lru_cache(maxsize=16)
def _targets(number: int) -> tuple[tuple[AnnexCol, frozenset[str]], ...]:
    return tuple(
        (col, frozenset({_norm(col.title), _norm(col.key), *(_SYNONYMS.get(col.key, ()))}))
        for col in LISTS[number].cols
    )


def match_headers(headers: list[Any], spec: AnnexList) -> tuple[dict[int, str], float]:
    """Map sheet column positions to spec keys; returns (mapping, share of spec columns found)."""
    norm_headers = [_norm(h) for h in headers]
    candidates: list[tuple[float, int, str]] = []
    for col, targets in _targets(spec.number):
        for i, h in enumerate(norm_headers):
            if not h:
                continue
            if h in targets:
                score = 100.0
            else:
                score = max(fuzz.ratio(h, t) for t in targets)
                if score < 88:
                    # a header that adds words ("Date of Contact (dd/mm/yyyy)") still matches
                    score = max(
                        (
                            90.0
                            for t in targets
                            if len(t) >= 8
                            and (t in h or h in t)
                            and min(len(h), len(t)) / max(len(h), len(t)) > 0.6
                        ),
                        default=score,
                    )
            if score >= 88:
                candidates.append((score, i, col.key))
    mapping: dict[int, str] = {}
    used: set[str] = set()
    for _score, i, key in sorted(candidates, key=lambda c: (-c[0], c[1])):
        if i in mapping or key in used:
            continue
        mapping[i] = key
        used.add(key)
    return mapping, len(used) / len(spec.cols)


def _option_map(options: tuple[str, ...]) -> dict[str, str]:
    m = {o.upper(): o for o in options}
    if "Yes" in options:
        m.update({"Y": "Yes", "TRUE": "Yes", "1": "Yes"})
    if "No" in options:
        m.update({"N": "No", "FALSE": "No", "0": "No"})
    for o in options:
        if o in ("Male", "Female"):
            m[o[0]] = o
    return m


def _normalise_category(expr: pl.Expr, options: tuple[str, ...]) -> pl.Expr:
    """'a) Yes' / 'yes' / 'Y' -> 'Yes'; 'q) 6: Police' / '6' -> '6'; 'N1 - Abuse or neglect' -> 'N1'."""
    s = expr.str.strip_chars().str.replace(r"^[A-Za-z]{1,2}\d?\)\s*", "")
    code = s.str.extract(r"^([A-Za-z0-9]{1,4})(?::| - )", 1)
    s = pl.coalesce([code, s]).str.strip_chars()
    mapping = _option_map(options)
    return s.str.to_uppercase().replace_strict(mapping, default=None).fill_null(s)


_KINDS: dict[str, Kind] = {"date": "date", "int": "int", "category": "code"}


def _spec_for(lst: AnnexList) -> TableSpec:
    cols: list[Col] = []
    for c in lst.cols:
        kind: Kind = "drop" if c.key in NEVER_STORED else _KINDS.get(c.kind, "str")
        cols.append(
            Col(
                c.key,
                kind,
                required=not c.can_be_blank and c.key in ESSENTIAL[lst.number],
                codes=frozenset(c.options) if c.options else None,
                in_file=False,
            )
        )
    return TableSpec(lst.table, cols)


def _identify_list(sheet_name: str, rows: list[list[Any]]) -> tuple[AnnexList, int, dict[int, str]] | None:
    """The list a sheet holds and its header row: the sheet name when it says "List N", otherwise the list
    whose template columns best cover the sheet's headers (with its essential columns present)."""
    m = re.search(r"list\s*_?\s*(\d{1,2})\b", sheet_name, re.IGNORECASE)
    named = LISTS.get(int(m.group(1))) if m else None
    best: tuple[float, AnnexList, int, dict[int, str]] | None = None
    for idx, row in enumerate(rows[:25]):
        filled = sum(1 for v in row if v not in (None, ""))
        if filled < 2:
            continue
        for lst in [named] if named else LISTS.values():
            mapping, _ = match_headers(row, lst)
            coverage = len(mapping) / min(filled, len(lst.cols))
            essential = all(k in mapping.values() for k in ESSENTIAL[lst.number])
            score = coverage + (0.5 if essential else 0.0) + len(mapping) / 1000
            if best is None or score > best[0]:
                best = (score, lst, idx, mapping)
        if best is not None and best[0] >= 1.3:  # a clear header row (80%+ matched, essentials present)
            break
    if best is None or best[0] < 0.5:
        return None
    return best[1], best[2], best[3]


def read_annex_a(path: Path, *, display_name: str | None = None) -> ReadResult:
    """Read every recognised list in the workbook; an unrecognised sheet is reported, not guessed."""
    import fastexcel

    name = display_name or path.name
    try:
        reader = fastexcel.read_excel(str(path))
    except Exception as exc:
        raise ReturnsFileError(name, f"cannot open as an Excel workbook: {exc}", rule="unreadable") from exc
    result = ReadResult()
    problems: list[dict[str, Any]] = []
    for sheet_name in reader.sheet_names:
        sheet = reader.load_sheet(sheet_name, header_row=None, skip_rows=0, dtypes="string")
        df = sheet.to_polars()
        rows = [list(r) for r in df.head(25).iter_rows()]
        found = _identify_list(sheet_name, rows)
        if found is None:
            if df.height:
                problems.append(
                    {
                        "file": name,
                        "table": sheet_name,
                        "row": None,
                        "column": None,
                        "value": None,
                        "rule": "unrecognised_sheet",
                        "severity": "warning",
                        "message": "sheet does not match any Annex A list; ignored",
                    }
                )
            continue
        lst, header_idx, mapping = found
        if lst.table in result.tables:
            problems.append(
                {
                    "file": name,
                    "table": sheet_name,
                    "row": header_idx + 1,
                    "column": None,
                    "value": None,
                    "rule": "duplicate_list",
                    "severity": "file",
                    "message": f"{lst.table} already read from another sheet; this sheet ignored",
                }
            )
            continue
        missing_essential = [k for k in ESSENTIAL[lst.number] if k not in mapping.values()]
        if missing_essential:
            problems.append(
                {
                    "file": name,
                    "table": lst.table,
                    "row": header_idx + 1,
                    "column": ",".join(missing_essential),
                    "value": None,
                    "rule": "missing_column",
                    "severity": "file",
                    "message": f"sheet {sheet_name!r}: list {lst.number} lacks essential column(s) {', '.join(missing_essential)}; list not loaded",
                }
            )
            continue
        headers = rows[header_idx]
        for i, h in enumerate(headers):
            if i not in mapping and h not in (None, ""):
                problems.append(
                    {
                        "file": name,
                        "table": lst.table,
                        "row": header_idx + 1,
                        "column": str(h),
                        "value": None,
                        "rule": "extra_column_ignored",
                        "severity": "warning",
                        "message": "column not in the Annex A template; not stored",
                    }
                )
        for c in lst.cols:
            if c.key not in mapping.values():
                problems.append(
                    {
                        "file": name,
                        "table": lst.table,
                        "row": header_idx + 1,
                        "column": c.title,
                        "value": None,
                        "rule": "missing_column",
                        "severity": "warning",
                        "message": "template column absent from the sheet",
                    }
                )
        data = df.slice(header_idx + 1)
        src_cols = df.columns
        data = data.select([pl.col(src_cols[i]).alias(key) for i, key in mapping.items()])
        data = data.with_row_index("_row", offset=header_idx + 2)  # Excel row numbers are 1-based
        non_blank = pl.any_horizontal(
            [pl.col(k).str.strip_chars().fill_null("") != "" for k in mapping.values()]
        )
        blank_rows = data.filter(~non_blank).height
        data = data.filter(non_blank)
        categories = [
            _normalise_category(pl.col(c.key), c.options).alias(c.key)
            for c in lst.cols
            if c.options and c.key in data.columns
        ]
        if categories:  # one query for all of them (each reads only its own column)
            data = data.with_columns(categories)
        accepted, probs, count = validate_table(data, _spec_for(lst), name)
        result.tables[lst.table] = accepted
        result.problems = pl.concat([result.problems, probs])
        result.counts.append(count)
        result.meta[f"{lst.table}:sheet"] = sheet_name
        result.meta[f"{lst.table}:blank_rows_skipped"] = blank_rows
    result.problems = pl.concat([result.problems, problem_frame(problems)])
    return result


__all__ = ["LISTS", "AnnexCol", "AnnexList", "TableCount", "read_annex_a"]
