"""Every framework file loads and obeys the invariants; printed labels resolve to the right values."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import yaml

from csinspect.frameworks import FrameworkError, all_frameworks, get_framework, load_framework_file
from csinspect.frameworks.registry import DATA_DIR
from csinspect.frameworks.schema import Framework

FRAMEWORK_IDS = {
    "jar_2005", "jar_2007", "apa_2005", "apa_2006", "apa_2007", "csa", "ucra", "slac", "cp_2012",
    "lac_2012", "sif", "sif_reinspection", "lscb", "ilacs_2018", "ilacs_2023", "ilacs_2026",
    "focused_visit", "monitoring_visit", "jtai", "area_send", "youth_inspection", "corporate_assessment_cyp",
}  # fmt: skip

CANONICAL_JUDGEMENTS = {
    "sif": {
        "overall_effectiveness", "help_and_protection", "looked_after_and_permanence",
        "adoption_performance", "care_leavers", "leadership_management_governance",
    },
    "sif_reinspection": {
        "overall_effectiveness", "help_and_protection", "looked_after_and_permanence",
        "adoption_performance", "care_leavers", "leadership_management_governance",
    },
    "lscb": {"lscb_effectiveness"},
    "ilacs_2018": {"overall_effectiveness", "impact_of_leaders", "help_and_protection", "children_in_care_and_care_leavers"},
    "ilacs_2023": {"overall_effectiveness", "impact_of_leaders", "help_and_protection", "children_in_care", "care_leavers"},
    "ilacs_2026": {"impact_of_leaders", "help_and_protection", "children_in_care", "care_leavers"},
    "jar_2007": {"safeguarding", "looked_after_children", "learning_difficulties_disabilities", "service_management", "capacity_to_improve"},
    "apa_2007": {
        "overall_effectiveness", "being_healthy", "staying_safe", "enjoying_and_achieving",
        "making_a_positive_contribution", "achieving_economic_wellbeing", "capacity_to_improve",
    },
    "csa": {"childrens_services_assessment"},
    "slac": {
        "safeguarding_overall_effectiveness", "safeguarding_capacity_to_improve",
        "looked_after_children_overall_effectiveness", "looked_after_children_capacity_to_improve",
    },
}  # fmt: skip

DOCUMENT_TYPE_IDS = {
    "jar", "apa_letter", "apa_council_paper", "csa_letter", "ucra_letter", "slac", "cp_inspection",
    "lac_inspection", "sif", "sif_reinspection", "lscb_review", "ilacs_standard", "ilacs_short",
    "focused_visit", "monitoring_visit", "jtai_letter", "area_send",
}  # fmt: skip

CONFIDENCE = {"HIGH", "MED", "LOW", "UNVERIFIED"}


@pytest.fixture(scope="module")
def frameworks() -> dict[str, Framework]:
    return all_frameworks()


def test_every_agreed_framework_has_a_file(frameworks: dict[str, Framework]) -> None:
    assert set(frameworks) == FRAMEWORK_IDS
    assert {p.stem for p in DATA_DIR.glob("*.yaml")} == FRAMEWORK_IDS


def test_ids_match_file_names(frameworks: dict[str, Framework]) -> None:
    for stem, fw in frameworks.items():
        assert fw.id == stem


@pytest.mark.parametrize("framework_id", sorted(CANONICAL_JUDGEMENTS))
def test_canonical_judgement_ids_present(framework_id: str) -> None:
    fw = get_framework(framework_id)
    ids = {n.id for n in fw.iter_judgements()}
    assert CANONICAL_JUDGEMENTS[framework_id] <= ids


def test_ilacs_2026_has_no_overall_effectiveness() -> None:
    ids = {n.id for n in get_framework("ilacs_2026").iter_judgements()}
    assert "overall_effectiveness" not in ids


def test_every_agreed_document_type_is_defined(frameworks: dict[str, Framework]) -> None:
    defined = {d.id for fw in frameworks.values() for d in fw.document_types}
    assert defined == DOCUMENT_TYPE_IDS


def test_judgement_ids_unique_and_rules_name_known_things(frameworks: dict[str, Framework]) -> None:
    for fw in frameworks.values():
        ids = [n.id for n in fw.iter_judgements()]
        assert len(ids) == len(set(ids)), fw.id
        grades = {v.id for v in fw.scale.values}
        for r in fw.rules:
            assert {r.target, *r.sources} <= set(ids), (fw.id, r.id)
            assert {g for g in (r.when_at_most, r.cap) if g} <= grades, (fw.id, r.id)
            assert r.confidence in CONFIDENCE and r.evidence.strip(), (fw.id, r.id)
            # the rule's target and sources must be graded judgements
            assert all(fw.judgement(j).graded for j in (r.target, *r.sources)), (fw.id, r.id)


def test_every_scale_has_four_ordinals_or_says_why(frameworks: dict[str, Framework]) -> None:
    for fw in frameworks.values():
        ordinals = sorted(v.ordinal for v in fw.scale.values if v.ordinal is not None)
        if ordinals != [1, 2, 3, 4]:
            assert ordinals == [], fw.id
            assert fw.scale.note and len(fw.scale.note) > 30, f"{fw.id}: scale without ordinals needs a note"
            assert not any(n.graded for n in fw.iter_judgements()) or fw.id == "area_send", fw.id
        assert any(v.id == "not_judged" and v.ordinal is None for v in fw.scale.values), fw.id


def test_numeric_direction_is_consistent(frameworks: dict[str, Framework]) -> None:
    for fw in frameworks.values():
        graded = [v for v in fw.scale.values if v.ordinal is not None and v.numeric is not None]
        if fw.scale.numeric_direction == "higher_is_better":
            assert graded and all(v.numeric == v.ordinal for v in graded), fw.id
        elif fw.scale.numeric_direction == "lower_is_better":
            assert graded and all(v.numeric == 5 - v.ordinal for v in graded), fw.id
        else:
            assert not graded, fw.id
    assert get_framework("slac").scale.numeric_direction == "lower_is_better"
    assert get_framework("apa_2007").scale.numeric_direction == "higher_is_better"


def test_every_claim_carries_source_and_confidence(frameworks: dict[str, Framework]) -> None:
    for fw in frameworks.values():
        assert fw.sources, fw.id
        assert fw.scale.source and fw.scale.confidence in CONFIDENCE, fw.id
        assert fw.period.source and fw.period.confidence in CONFIDENCE, fw.id
        for c in fw.legal_basis:
            assert c.source and c.confidence in CONFIDENCE, fw.id
        for n in fw.iter_judgements():
            assert n.source and n.confidence in CONFIDENCE, (fw.id, n.id)
        for rc in fw.recommendation_categories:
            assert rc.source and rc.confidence in CONFIDENCE, (fw.id, rc.id)
        for d in fw.document_types:
            assert d.source and d.confidence in CONFIDENCE, (fw.id, d.id)


def test_unverified_items_say_so(frameworks: dict[str, Framework]) -> None:
    # anything marked UNVERIFIED must not present itself as verified
    for fw in frameworks.values():
        for n in fw.iter_judgements():
            if n.confidence == "UNVERIFIED":
                assert n.note and "UNVERIFIED" in n.note, (fw.id, n.id)
                assert not n.required, (fw.id, n.id)
    assert get_framework("cp_2012").status == "unverified"


@pytest.mark.parametrize(
    ("framework_id", "printed", "value_id"),
    [
        ("sif", "Requires improvement", "requires_improvement"),
        ("sif", "Requires improvement to be good", "requires_improvement"),
        ("sif", "Require improvement", "requires_improvement"),
        ("sif", "Requires Improvement To Be Good", "requires_improvement"),
        ("sif", "requires improvement", "requires_improvement"),
        ("sif", "Not judged", "not_judged"),
        ("lscb", "Requires improvement", "requires_improvement"),
        ("ilacs_2018", "Requires improvement\nto be good", "requires_improvement"),
        ("ilacs_2023", "Good ", "good"),
        ("ilacs_2026", "OUTSTANDING", "outstanding"),
        ("jar_2007", "3", "good"),
        ("jar_2007", "Adequate", "adequate"),
        ("apa_2007", "4", "outstanding"),
        ("csa", "Performs excellently (4)", "performs_excellently"),
        ("csa", "performs poorly", "performs_poorly"),
        ("slac", "Grade 4 (Inadequate)", "inadequate"),
        ("slac", "Requires improvement to be good", "adequate"),
        ("slac", "-", "not_judged"),
        ("lac_2012", "Inadequate Grade 4", "inadequate"),
        ("lac_2012", "Adequate (Grade 3)", "adequate"),
        ("youth_inspection", "excellent / outstanding", "outstanding"),
        ("youth_inspection", "Satisfactory", "adequate"),
    ],
)
def test_label_variants_resolve(framework_id: str, printed: str, value_id: str) -> None:
    found = get_framework(framework_id).scale.match(printed)
    assert found is not None and found.id == value_id


def test_blank_and_foreign_labels_do_not_resolve() -> None:
    sif = get_framework("sif").scale
    assert sif.match("") is None and sif.match("   ") is None
    assert sif.match("Adequate") is None  # not a SIF grade
    assert get_framework("slac").scale.match("1") is None  # bare numbers are ambiguous under SLAC


def test_slac_numbers_run_the_other_way() -> None:
    slac, apa = get_framework("slac").scale, get_framework("apa_2007").scale
    assert slac.value("outstanding").numeric == 1 and apa.value("outstanding").numeric == 4
    assert slac.value("outstanding").ordinal == apa.value("outstanding").ordinal == 4


@pytest.mark.parametrize(
    ("framework_id", "printed", "judgement_id"),
    [
        ("sif", "The experiences and progress of children who need help and protection", "help_and_protection"),
        ("sif", "Children who need help and protection", "help_and_protection"),
        ("sif", "Children looked after and achieving permanence", "looked_after_and_permanence"),
        ("sif", "Experiences and progress of care leavers", "care_leavers"),
        ("sif", "Leadership, management and governance", "leadership_management_governance"),
        ("lscb", "The effectiveness of the Local Safeguarding Children Board (LSCB)", "lscb_effectiveness"),
        ("ilacs_2018", "The experiences and progress of children in care and care leavers", "children_in_care_and_care_leavers"),
        ("ilacs_2018", "The impact of leaders on social work\npractice with children and families", "impact_of_leaders"),
        ("ilacs_2023", "The experiences and progress of care leavers", "care_leavers"),
        ("ilacs_2026", "The impact of leaders on practice with children and families", "impact_of_leaders"),
        ("jar_2007", "Learning difficulties and/or disabilities", "learning_difficulties_disabilities"),
        ("apa_2007", "Capacity to improve, including the management of services for children and young people", "capacity_to_improve"),
        ("apa_2007", "Achieving economic well-being", "achieving_economic_wellbeing"),
        ("csa", "Children's services assessment", "childrens_services_assessment"),
        ("youth_inspection", "Standards of young people’s achievement", "standards_of_achievement"),
    ],
)  # fmt: skip
def test_judgement_labels_resolve(framework_id: str, printed: str, judgement_id: str) -> None:
    found = get_framework(framework_id).match_judgement(printed)
    assert found is not None and found.id == judgement_id


def test_periods_in_force() -> None:
    assert get_framework("ilacs_2018").in_force(date(2022, 11, 21))
    assert not get_framework("ilacs_2018").in_force(date(2023, 1, 9))
    assert get_framework("ilacs_2023").in_force(date(2023, 1, 1))
    assert get_framework("ilacs_2023").in_force(date(2026, 2, 23))  # Norfolk, still with OE
    assert get_framework("ilacs_2026").in_force(date(2026, 4, 1))
    assert not get_framework("ilacs_2023").in_force(date(2026, 5, 11))  # Lancashire, no OE


def test_priority_action_timescales() -> None:
    cat = {c.id: c for c in get_framework("ilacs_2023").recommendation_categories}["priority_action"]
    assert cat.due == "P70WD"
    assert {m.id: m.due for m in cat.milestones} == {
        "draft_action_plan": "P20WD",
        "final_action_plan": "P70WD",
    }
    jar = {c.id: c.due for c in get_framework("jar_2007").recommendation_categories}
    assert jar == {"immediate": "P0D", "within_six_months": "P6M", "longer_term": None}
    slac = {c.id: c.due for c in get_framework("slac").recommendation_categories}
    assert slac == {"immediately": "P0D", "within_three_months": "P3M", "within_six_months": "P6M"}


def test_area_send_outcome_found_in_running_text() -> None:
    scale = get_framework("area_send").scale
    text = (
        "The local area partnership’s arrangements lead to inconsistent experiences and outcomes\n"
        "for children and young people with special educational needs and/or disabilities (SEND)."
    )
    found = scale.search(text)
    assert found is not None and found.id == "inconsistent_experiences"


# --- a broken file is reported with the file and the field ---


def _write(tmp_path: Path, name: str, data: object) -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def _good(fid: str = "tiny") -> dict[str, object]:
    return {
        "id": fid,
        "title": "A tiny framework",
        "short_title": "Tiny",
        "family": "other",
        "period": {"start": "2020-01-01"},
        "scale": {
            "id": "s",
            "values": [
                {"id": "good", "label": "Good", "ordinal": 3},
                {"id": "inadequate", "label": "Inadequate", "ordinal": 1},
            ],
        },
        "judgements": [{"id": "overall", "label": "Overall"}, {"id": "part", "label": "Part"}],
        "rules": [
            {
                "id": "cap", "type": "cap", "target": "overall", "sources": ["part"],
                "when_at_most": "inadequate", "cap": "inadequate", "severity": "hard",
                "status": "empirical", "description": "d", "evidence": "e", "confidence": "MED",
            }
        ],
    }  # fmt: skip


def test_a_good_tmp_file_loads(tmp_path: Path) -> None:
    fw = load_framework_file(_write(tmp_path, "tiny", _good()))
    assert fw.rules[0].id == "cap"


def test_broken_field_names_file_and_field(tmp_path: Path) -> None:
    data = _good()
    data["scale"]["values"][0]["ordinal"] = 7  # type: ignore[index]
    path = _write(tmp_path, "tiny", data)
    with pytest.raises(FrameworkError) as err:
        load_framework_file(path)
    msg = str(err.value)
    assert str(path) in msg and "scale.values.0.ordinal" in msg


def test_rule_naming_unknown_judgement_is_reported(tmp_path: Path) -> None:
    data = _good()
    data["rules"][0]["sources"] = ["nowhere"]  # type: ignore[index]
    path = _write(tmp_path, "tiny", data)
    with pytest.raises(FrameworkError, match=re.escape(str(path)) + ".*nowhere"):
        load_framework_file(path)


def test_unknown_field_and_bad_due_are_reported(tmp_path: Path) -> None:
    data = _good()
    data["colour"] = "blue"
    data["recommendation_categories"] = [{"id": "x", "label": "X", "due": "soon"}]
    path = _write(tmp_path, "tiny", data)
    with pytest.raises(FrameworkError) as err:
        load_framework_file(path)
    assert "colour" in str(err.value) and "recommendation_categories.0.due" in str(err.value)


def test_id_must_match_file_name(tmp_path: Path) -> None:
    path = _write(tmp_path, "other_name", _good("tiny"))
    with pytest.raises(FrameworkError, match="does not match the file name"):
        load_framework_file(path)


def test_invalid_yaml_and_bad_regex(tmp_path: Path) -> None:
    bad = tmp_path / "tiny.yaml"
    bad.write_text("id: [unclosed\n", encoding="utf-8")
    with pytest.raises(FrameworkError, match="cannot read YAML"):
        load_framework_file(bad)
    data = _good()
    data["document_types"] = [{"id": "d", "title": "D", "patterns": ["(unclosed"]}]
    with pytest.raises(FrameworkError, match=r"tiny\.yaml"):
        load_framework_file(_write(tmp_path, "tiny", data))


def test_document_titles_in_words_whatever_the_framework_id() -> None:
    from csinspect.frameworks.facts import document_title

    assert document_title("jar", "jar") == document_title("jar_2005", "jar") != "Jar"
    assert document_title("unknown", "ilacs_short").startswith("ILACS short inspection")
    assert document_title("unknown", "some_lscb_thing") == "Some LSCB thing"
