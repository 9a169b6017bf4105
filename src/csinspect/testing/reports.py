"""Reports written in Ofsted's layout and wording, for tests and demonstrations without ``../shared``: as text
(what PDF extraction gives, pages split by form feeds) or as real PDFs rendered with WeasyPrint.

A page is a list of lines: a string (a paragraph; "\\n" marks where the text version wraps), a
``("row", left, right)`` pair of cells (a table row, or a heading with its grade on the right), or an
``("item", text)`` bullet.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

Line = str | tuple[str, ...]
Page = list[Line]

FILLER = (
    "Inspectors reviewed a sample of case files and met children, young people, parents and carers, "
    "front-line staff and managers, and senior officers of the council and its partners. "
)


def text_of(pages: list[Page]) -> str:
    """The document as PDF extraction gives it: pages split by form feeds, bullets as the symbol font's."""
    out = []
    for page in pages:
        lines = []
        for ln in page:
            if isinstance(ln, str):
                lines.append(ln)
            elif ln[0] == "row":
                lines.append(f"{ln[1]} {ln[2]}")
            else:
                lines.append(f"\uf0b7 {ln[1]}")  # the symbol-font bullet pdfium extracts
        out.append("\n".join(lines))
    return "\f".join(out)


def pdf_of(pages: list[Page], path: Path) -> Path:
    """A real PDF of the pages (WeasyPrint), one page each."""
    import weasyprint

    def cell(s: str) -> str:
        return html.escape(s.replace("\n", " "))

    body = []
    for page in pages:
        parts = []
        for ln in page:
            if isinstance(ln, str):
                parts.append(f"<p>{cell(ln)}</p>")
            elif ln[0] == "row":
                parts.append(
                    f'<table><tr><td class="l">{cell(ln[1])}</td><td>{cell(ln[2])}</td></tr></table>'
                )
            else:  # the bullet as text, as in Ofsted's PDFs (a list marker would not be extracted)
                parts.append(f'<p class="i">\u2022 {cell(ln[1])}</p>')
        body.append(f"<section>{''.join(parts)}</section>")
    doc = (
        "<html><head><style>@page{size:A4;margin:2cm} section{page-break-after:always}"
        "p,table{margin:0 0 4pt 0;font-size:11pt} p.i{padding-left:1em;text-indent:-1em} td.l{width:12cm}"
        "</style></head><body>" + "".join(body) + "</body></html>"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    weasyprint.HTML(string=doc).write_pdf(path)
    return path


def write(pages: list[Page], path: Path) -> Path:
    """The document as ``path`` says: a PDF for ``.pdf``, else text."""
    if path.suffix.lower() == ".pdf":
        return pdf_of(pages, path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text_of(pages), encoding="utf-8")
    return path


# ---- ILACS (2023 framework) ---------------------------------------------------------------------------------

ILACS_TITLES = (
    ("impact_of_leaders", "The impact of leaders on social work practice with children and families"),
    ("help_and_protection", "The experiences and progress of children who need help and protection"),
    ("children_in_care", "The experiences and progress of children in care"),
    ("care_leavers", "The experiences and progress of care leavers"),
    ("overall_effectiveness", "Overall effectiveness"),
)
# Before 2023 children in care and care leavers were one judgement.
ILACS_2018_TITLES = (
    ILACS_TITLES[0],
    ILACS_TITLES[1],
    (
        "children_in_care_and_care_leavers",
        "The experiences and progress of children in care and care leavers",
    ),
    ILACS_TITLES[4],
)


@dataclass
class Ilacs:
    """What an ILACS report says: the council as printed, dates, lead inspector, grades, improvements."""

    council: str = "Luton Borough Council"
    start: date = date(2023, 9, 11)
    end: date = date(2023, 9, 15)
    lead_inspector: str = "Anna Gravelle"
    grades: dict[str, str] = field(
        default_factory=lambda: {
            "impact_of_leaders": "Good",
            "help_and_protection": "Requires improvement to be good",
            "children_in_care": "Good",
            "care_leavers": "Good",
            "overall_effectiveness": "Good",
        }
    )
    improvements: tuple[str, ...] = (
        "The engagement of multi-agency partners in key decision-making meetings for children in need of help "
        "and protection.",
        "The quality of recorded management direction to social workers at the point of referral.",
        "The identification and response to children who live in private fostering arrangements.",
    )
    # the title as printed ("{council}" filled in); the older reports print the council's name above
    # "Inspection of children's social care services", wrapped where "\n" says
    title: str = "Inspection of {council} local authority children's services"
    name_above: str | None = None
    labels: dict[str, str] = field(default_factory=dict)  # a judgement's label as printed, where it differs
    tags: tuple[str, ...] = ()  # national framework cross-references after each improvement

    @property
    def titles(self) -> tuple[tuple[str, str], ...]:
        return ILACS_TITLES if self.start >= date(2023, 1, 1) else ILACS_2018_TITLES

    def pages(self) -> list[Page]:
        dates = f"{self.start.day} to {self.end:%-d %B %Y}"
        if self.start.month != self.end.month:
            dates = f"{self.start:%-d %B} to {self.end:%-d %B %Y}"
        graded = [(jid, self.labels.get(jid, title)) for jid, title in self.titles if jid in self.grades]
        front: Page = [
            *([self.name_above] if self.name_above else []),
            self.title.format(council=self.council),
            f"Inspection dates: {dates}",
            f"Lead inspector: {self.lead_inspector}, His Majesty's Inspector",
            ("row", "Judgement", "Grade"),
            *[("row", title, self.grades[jid]) for jid, title in graded],
            "Services for children in the area have improved since the last inspection. " + FILLER * 2,
        ]
        sections = [
            f"{title}: {self.grades[jid].lower()}" for jid, title in graded if jid != "overall_effectiveness"
        ]
        second: Page = [
            "What needs to improve?",
            *[
                ("item", f"{text} ({tag})" if tag else text)
                for text, tag in zip(
                    self.improvements, (*self.tags, *[""] * len(self.improvements)), strict=False
                )
            ],
            sections[1],
            FILLER * 4,
        ]
        third: Page = []
        for heading in (*sections[2:], sections[0]):
            third += [heading, FILLER * 3]
        return [front, second, third]


# ---- focused visit letter (2018 framework) ------------------------------------------------------------------


@dataclass
class FocusedVisit:
    """A focused visit letter: addressed to the director, the visit's dates and inspectors, the improvements."""

    council: str = "Norfolk County Council"
    area: str = "Norfolk"
    director: str = "Ms Sara Tough"
    visit_start: date = date(2019, 5, 1)
    visit_end: date = date(2019, 5, 2)
    letter_date: date = date(2019, 5, 28)
    inspectors: tuple[str, ...] = ("Steve Lowe", "Emmy Tomsett")
    improvements: tuple[str, ...] = (
        "the quality of assessments so that these include an analysis of all presenting risks and what they "
        "mean for a child",
        "the focus of children in need and child protection plans so that they link directly to and address "
        "the risks identified in assessments",
        "the level of challenge and scrutiny that managers give to social workers",
    )
    dates_wording: str = (
        "on {start} and {end}"  # "{start}"/"{end}" filled in, e.g. "on the 15 and 16 of May 2018"
    )
    priority_actions: tuple[str, ...] = ()  # printed under a wrapped lead-in sentence

    def pages(self) -> list[Page]:
        team = " and ".join(f"{name}, His Majesty's Inspector" for name in self.inspectors)
        surname = self.director.split()[-1]
        title = self.director.split()[0]
        first: Page = [
            "Ofsted\nPiccadilly Gate\nStore Street\nManchester\nM1 2WD",
            f"{self.letter_date:%-d %B %Y}",
            f"{self.director}\nDirector of Children's Services\n{self.council}",
            f"Dear {title} {surname}",
            f"Focused visit to {self.area} local authority children's services",
            f"This letter summarises the findings of a focused visit to {self.area} local authority\n"
            f"children's services "
            + self.dates_wording.format(start=self.visit_start.day, end=f"{self.visit_end:%-d %B %Y}")
            + f". The inspectors were {team}.",
            "Inspectors looked at the local authority's arrangements for children in need and those who are "
            "subject to a child protection plan.",
            "Overview",
            FILLER * 3,
        ]
        priority: Page = (
            [
                "Areas for priority action",
                "The local authority needs to take swift and decisive action to address the following\n"
                "areas of weakness in child protection:",
                *[("item", text) for text in self.priority_actions],
            ]
            if self.priority_actions
            else []
        )
        second: Page = [
            *priority,
            "What needs to improve in this area of social work practice",
            *[("item", text) for text in self.improvements],
            "Findings",
            ("item", FILLER * 2),
            ("item", FILLER * 2),
            f"Ofsted will take the findings from this focused visit into account when planning your next "
            f"inspection or visit.\nYours sincerely\n{self.inspectors[0]}\nHis Majesty's Inspector",
        ]
        return [first, second]


# ---- SIF (2013-18) with the LSCB review in the same document -----------------------------------------------

SIF_TITLES = (
    ("help_and_protection", "1. Children who need help and protection"),
    ("looked_after", "2. Children looked after and achieving permanence"),
    ("adoption", "2.1 Adoption performance"),
    ("care_leavers", "2.2 Experiences and progress of care leavers"),
    ("leadership", "3. Leadership, management and governance"),
)


@dataclass
class SifWithLscb:
    """A single inspection framework report combined with the review of the LSCB: two reports, one PDF."""

    council: str = "Hertfordshire County Council"
    area: str = "Hertfordshire"
    start: date = date(2014, 10, 22)
    end: date = date(2014, 11, 12)
    published: date = date(2015, 1, 6)
    overall: str = "good"
    grades: dict[str, str] = field(
        default_factory=lambda: {
            "help_and_protection": "Good",
            "looked_after": "Good",
            "adoption": "Outstanding",
            "care_leavers": "Good",
            "leadership": "Good",
        }
    )
    lscb: str = "good"
    recommendations: tuple[str, ...] = (
        "Undertake a review of quality assurance activity with regard to work with individual children, and "
        "increase the emphasis of auditing activity on the impact of practice on outcomes.",
        "Improve the rate of progress and education outcomes for children looked after by strengthening the "
        "quality of their personal education plans.",
        "Ensure that all relevant staff working with children are able to identify the early signs of sexual "
        "exploitation.",
    )
    lscb_recommendations: tuple[str, ...] = (
        "Ensure that evidence of impact on practice is collected and analysed systematically to help the LSCB "
        "to measure its effectiveness more accurately and consistently.",
        "Ensure that the views of children and young people play an increasing role in the work of the Board.",
    )
    themes: tuple[str, ...] = ()  # theme headings, one above each recommendation in turn ("" for none)
    lscb_own_report: bool = False  # the LSCB review printed as a report of its own after the SIF report

    def pages(self) -> list[Page]:
        n = len(self.recommendations)
        front: Page = [
            "1",
            self.council,
            "Inspection of services for children in need of help and\nprotection, children looked after and "
            "care leavers",
            *(
                []
                if self.lscb_own_report
                else ["and", "Review of the effectiveness of the local safeguarding children\nboard"]
            ),
            f"Inspection date: {self.start:%-d %B %Y} – {self.end:%-d %B %Y}",
            f"Report published: {self.published:%-d %B %Y}",
            f"The overall judgement is that children's services are {self.overall}",
            "The judgements on areas of the service that contribute to overall effectiveness are:",
            *[("row", title, self.grades[jid]) for jid, title in SIF_TITLES],
        ]
        improve: Page = [
            "2",
            "What does the local authority need to improve?",
            "Priority and immediate action",
            "There are no areas for priority and immediate action.",
            "Areas for improvement",
            *[
                line
                for i, text in enumerate(self.recommendations, start=1)
                for line in ([self.themes[i - 1]] if i <= len(self.themes) and self.themes[i - 1] else [])
                + [f"{i}. {text}"]
            ],
            "The local authority's strengths",
            f"{n + 1}. The local authority has a clear understanding of its strengths and weaknesses.",
            "Summary for children and young people",
            FILLER * 2,
        ]
        body: Page = ["3", "Inspection judgements about the local authority", f"{n + 2}. " + FILLER * 4]
        n += 1
        own = [
            f"Inspection of the effectiveness of the local safeguarding children board: {self.area} 1",
            f"{self.area} Safeguarding\nChildren Board",
            "Inspection of the effectiveness of the local safeguarding\nchildren board",
            f"Inspection date: {self.start:%-d %B %Y} – {self.end:%-d %B %Y}",
            f"Report published: {self.published.replace(day=min(self.published.day + 7, 28)):%-d %B %Y}",
        ]
        board: Page = [
            *(own if self.lscb_own_report else ["4", "The Local Safeguarding Children Board (LSCB)"]),
            f"The Local Safeguarding Children Board is {self.lscb}",
            "The arrangements in place to evaluate the effectiveness of what is done by the authority and board "
            f"partners to safeguard and promote the welfare of children are {self.lscb}.",
            "What does the LSCB need to improve?",
            "Priority and immediate action",
            "There are no areas for priority and immediate action.",
            "Areas for improvement",
            *[
                f"{i}. {text}"
                for i, text in enumerate(
                    self.lscb_recommendations, start=1 if self.lscb_own_report else n + 2
                )
            ],
            "Inspection judgement about the LSCB",
            f"{(1 if self.lscb_own_report else n + 2) + len(self.lscb_recommendations)}. " + FILLER * 3,
        ]
        return [front, improve, body, board]


def not_a_pdf(path: Path) -> Path:
    """What a download sometimes is: the site's HTML page saved under a .pdf name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "<!DOCTYPE html><html lang='en'><head><title>Find an Ofsted inspection report</title></head>"
        "<body><p>Sorry, there is a problem with the service.</p></body></html>\n",
        encoding="utf-8",
    )
    return path
