"""A small but real database for the web tests: authorities with a reorganisation, a neighbour model,
official-table and report inspections with judgements, recommendations and findings, users of every role,
draft assessments and action plans made through the real workflow functions."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from csinspect.actions.linking import link_inspection
from csinspect.actions.plan import actions_from_inspection
from csinspect.assessment.workflow import create_assessment
from csinspect.store.db import session_scope
from csinspect.store.models import (
    Authority,
    AuthorityName,
    AuthoritySuccession,
    Document,
    Finding,
    Inspection,
    Judgement,
    Recommendation,
    SourceFile,
    StatNeighbour,
    StatNeighbourModel,
)
from csinspect.web.accounts import create_user

PASSWORD = "correct horse battery staple"
USERS = {
    "admin1": ("admin", None),
    "inspector1": ("inspector", None),
    "luton.officer": ("council", "821"),
    "bedford.officer": ("council", "822"),
}
AUTHORITIES = [
    ("821", "Luton", "E06000032", "current", "East of England"),
    ("822", "Bedford", "E06000055", "current", "East of England"),
    ("823", "Central Bedfordshire", "E06000056", "current", "East of England"),
    ("919", "Hertfordshire", "E10000015", "current", "East of England"),
    ("928", "Northamptonshire", "E10000021", "former", "East Midlands"),
    ("940", "North Northamptonshire", "E06000061", "current", "East Midlands"),
]

SIF_RECS = [
    "Ensure that return home interviews are offered to every child who goes missing from home or care.",
    "Improve the quality and timeliness of assessments so that they lead to clear plans for children.",
    "Strengthen management oversight of casework, including supervision that challenges drift.",
]


def _inspection(session, *, key, la, fw, dtype, start, end, published, origin="official_table", **kw):  # type: ignore[no-untyped-def]
    ins = Inspection(
        natural_key=key,
        origin=origin,
        la_code=la,
        framework_id=fw,
        document_type=dtype,
        inspection_start=start,
        inspection_end=end,
        published=published,
        **kw,
    )
    session.add(ins)
    session.flush()
    return ins


def _grade(ins, jid, label, grade, ordinal, **kw):  # type: ignore[no-untyped-def]
    ins.judgements.append(Judgement(judgement_id=jid, label=label, grade=grade, ordinal=ordinal, **kw))


# Every page type, for the tests that visit them all (accessibility, axe, no local path); "{name}" is a row id
# of the sample (``build_sample``'s return), filled by ``page_paths``
PUBLIC_PAGES = [
    "/",
    "/authorities",
    "/authorities/821",
    "/authorities/821/judgements",
    "/authorities/821/inspections",
    "/authorities/821/profile",
    "/authorities/821/profile?view=lait",
    "/authorities/821/profile?view=national-framework&as=dashboard",
    "/authorities/821/neighbours",
    "/authorities/821/outlook",
    "/authorities/821/action-plan",
    "/authorities/940",
    "/authorities/940/judgements",
    "/inspections/{sif}",
    "/search?q=return+home",
    "/news",
    "/data",
    "/assessments",
    "/sign-in",
    "/api/docs",
    "/api/using",
    "/no-such-page",
]
SIGNED_IN_PAGES = [
    "/users",
    "/actions/821",
    "/actions/821/{action_821}",
    "/assessments",
    "/assessments/{draft_821}",
    "/authorities/821/action-plan",
    "/data",
]


def page_paths(pages: list[str], ids: dict[str, int]) -> list[str]:
    return [p.format(**ids) for p in pages]


def build_sample(url: str, documents_dir: Path | None = None) -> dict[str, int]:
    """Fill the database at ``url``; returns ids the tests refer to."""
    ids: dict[str, int] = {}
    with session_scope(url) as s:
        src = SourceFile(
            name="LA_Inspection_Outcomes_as_at_31_March_2025.ods",
            sha256="a" * 64,
            kind="ofsted_la_outcomes",
            rows=5,
        )
        s.add(src)
        for code, name, gss, status, region in AUTHORITIES:
            a = Authority(
                la_code=code,
                name=name,
                gss_code=gss,
                status=status,
                region_name=region,
                valid_until=date(2021, 4, 1) if code == "928" else None,
                valid_from=date(2021, 4, 1) if code == "940" else None,
            )
            a.names.append(
                AuthorityName(name=f"{name} Council", normalised=f"{name.lower()} council", kind="variant")
            )
            s.add(a)
        s.flush()
        s.add(AuthoritySuccession(predecessor="928", successor="940", effective=date(2021, 4, 1)))
        s.add(StatNeighbourModel(id="2021-04", title="April 2021", in_force_from=date(2021, 4, 1)))
        s.flush()
        for rank, nb in enumerate(["822", "823", "919"], start=1):
            s.add(
                StatNeighbour(
                    model_id="2021-04", la_code="821", rank=rank, neighbour_la_code=nb, closeness="Very close"
                )
            )

        slac = _inspection(
            s,
            key="t:slac:821",
            la="821",
            fw="slac",
            dtype="slac",
            start=date(2012, 1, 9),
            end=date(2012, 1, 20),
            published=date(2012, 2, 24),
            source_file_id=src.id,
            source_ref="sheet LA, row 120",
        )
        _grade(slac, "safeguarding_overall_effectiveness", "Adequate", "adequate", 2)
        _grade(slac, "looked_after_children_overall_effectiveness", "Good", "good", 3)

        doc = Document(
            sha256="b" * 64, filename="luton_sif_2016.pdf", media_type="application/pdf", pages=42, bytes=1000
        )
        if documents_dir is not None:
            documents_dir.mkdir(parents=True, exist_ok=True)
            (documents_dir / "b.pdf").write_bytes(b"%PDF-1.4\n% sample\n%%EOF\n")
            doc.stored_path = str(documents_dir / "b.pdf")
        s.add(doc)
        s.flush()
        sif = _inspection(
            s,
            key="t:sif:821",
            la="821",
            fw="sif",
            dtype="sif",
            start=date(2016, 2, 1),
            end=date(2016, 2, 24),
            published=date(2016, 4, 7),
            origin="report",
            document_id=doc.id,
            lead_inspector="Jane Inspector",
            status="needs_review",
            reasons=["adoption performance grade read from a wrapped table row"],
        )
        _grade(
            sif,
            "overall_effectiveness",
            "Requires improvement to be good",
            "requires_improvement",
            2,
            page=3,
            span_text="Children's services in Luton require improvement to be good",
        )
        _grade(
            sif,
            "help_and_protection",
            "Requires improvement",
            "requires_improvement",
            2,
            page=3,
            span_text="The experiences and progress of children who need help and protection: Requires improvement",
        )
        _grade(
            sif,
            "adoption_performance",
            "Good",
            "good",
            3,
            page=3,
            status="needs_review",
            reason="grade broken across lines",
            span_text="Adoption performance Good",
        )
        for n, text in enumerate(SIF_RECS, start=1):
            sif.recommendations.append(
                Recommendation(seq=n, text=text, category="recommendation", page=30 + n)
            )
        s.add(
            Finding(
                inspection_id=sif.id,
                kind="weakness",
                area="help_and_protection",
                page=12,
                text="Too few children who go missing are offered a return home interview; the response is not timely.",
            )
        )
        ids["sif"] = sif.id
        # what a report sync found lately: Luton's page lists the SIF report (the "What's new" page shows it)
        from datetime import timedelta

        from csinspect.load.publications import record_publication

        s.flush()
        record_publication(
            s, address="https://files.ofsted.gov.uk/v1/file/50000001", urn="80520", la_code="821",
            kind="Children's services inspection", reads_as="ilacs", listed_date=date.today() - timedelta(days=10),
            listed_text="Children's services inspection, pdf - recent", status="ingested", inspection_ids=[sif.id],
        )  # fmt: skip
        ids["document"] = doc.id

        ilacs = _inspection(
            s,
            key="t:ilacs:821",
            la="821",
            fw="ilacs_2018",
            dtype="ilacs_standard",
            start=date(2022, 1, 10),
            end=date(2022, 1, 21),
            published=date(2022, 3, 4),
            source_file_id=src.id,
        )
        for jid, lbl, g, o in [
            ("overall_effectiveness", "Good", "good", 3),
            ("impact_of_leaders", "Good", "good", 3),
            ("help_and_protection", "Good", "good", 3),
            (
                "children_in_care_and_care_leavers",
                "Requires improvement to be good",
                "requires_improvement",
                2,
            ),
        ]:
            _grade(ilacs, jid, lbl, g, o)
        ilacs.recommendations.append(
            Recommendation(
                seq=1,
                text="Strengthen management oversight of casework, so that supervision challenges drift.",
                category="recommendation",
                page=4,
            )
        )
        s.flush()
        link_inspection(s, ilacs.id)  # the real linker: the ILACS recommendation repeats the SIF's third
        ids["ilacs"] = ilacs.id

        bed = _inspection(
            s,
            key="t:ilacs:822",
            la="822",
            fw="ilacs_2018",
            dtype="ilacs_standard",
            start=date(2019, 5, 1),
            end=date(2019, 5, 10),
            published=date(2019, 6, 20),
            source_file_id=src.id,
        )
        _grade(bed, "overall_effectiveness", "Outstanding", "outstanding", 4)
        bed.recommendations.append(
            Recommendation(
                seq=1,
                text="Improve the sufficiency of local placements for children in care.",
                category="recommendation",
            )
        )
        ids["bedford_ilacs"] = bed.id
        cb = _inspection(
            s,
            key="t:ilacs:823",
            la="823",
            fw="ilacs_2023",
            dtype="ilacs_standard",
            start=date(2024, 2, 1),
            end=date(2024, 2, 10),
            published=date(2024, 3, 20),
            source_file_id=src.id,
        )
        _grade(cb, "overall_effectiveness", "Inadequate", "inadequate", 1)
        nh = _inspection(
            s,
            key="t:sif:928",
            la="928",
            fw="sif",
            dtype="sif",
            start=date(2019, 5, 1),
            end=date(2019, 5, 20),
            published=date(2019, 7, 26),
            source_file_id=src.id,
        )
        _grade(nh, "overall_effectiveness", "Inadequate", "inadequate", 1)
        nn = _inspection(
            s,
            key="t:fv:940",
            la="940",
            fw="focused_visit",
            dtype="focused_visit",
            start=date(2023, 6, 1),
            end=date(2023, 6, 2),
            published=date(2023, 7, 1),
            source_file_id=src.id,
        )
        ids["nn_visit"] = nn.id

        for name, (role, la) in USERS.items():
            create_user(s, username=name, password=PASSWORD, role=role, la_code=la, actor="test")
        s.flush()
        ids["draft_821"] = create_assessment(s, "821", "sif", "inspector1").id  # the inspectorate's
        moderated = create_assessment(s, "821", "ilacs_2023", "inspector1", title="ILACS 2024: Luton")
        moderated.state = "moderated"  # at factual-accuracy check: the council reads it
        ids["moderated_821"] = moderated.id
        ids["self_821"] = create_assessment(
            s, "821", "ilacs_2023", "luton.officer", kind="self_evaluation"
        ).id
        ids["draft_822"] = create_assessment(
            s, "822", "ilacs_2023", "bedford.officer", kind="self_evaluation"
        ).id
        actions = actions_from_inspection(s, sif.id, "test", owner="Director of Children's Services")
        ids["action_821"] = actions[0].id
        ids["action_822"] = actions_from_inspection(s, bed.id, "test")[0].id
    return ids
