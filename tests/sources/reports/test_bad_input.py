"""Bad input: each problem gets a clear, specific message naming the file; nothing is guessed."""

from __future__ import annotations

from pathlib import Path

from csinspect.sources.reports.checks import check_record
from csinspect.sources.reports.parse import parse_document


def _matplotlib_pdf(path: Path, *, text: str | None = None, image: bool = False) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    fig = plt.figure(figsize=(8.27, 11.69))
    if text:
        fig.text(0.1, 0.9, text, fontsize=11, va="top", wrap=True)
    if image:
        fig.figimage(np.random.default_rng(0).random((400, 300)), xo=50, yo=50)
    fig.savefig(path, format="pdf")
    plt.close(fig)
    return path


def test_corrupt_html_saved_as_pdf(tmp_path: Path) -> None:
    p = tmp_path / "report.pdf"
    p.write_bytes(b"<!DOCTYPE html>\n<html><head><title>404</title></head><body>Not found</body></html>")
    parsed = parse_document(p)
    assert parsed.status == "rejected"
    assert parsed.rejected is not None and "not a PDF" in parsed.rejected and "HTML" in parsed.rejected


def test_truncated_pdf(tmp_path: Path) -> None:
    from csinspect.testing.reports import Ilacs, write

    data = write(Ilacs().pages(), tmp_path / "whole.pdf").read_bytes()
    p = tmp_path / "cut.pdf"
    p.write_bytes(data[: len(data) // 2])
    parsed = parse_document(p)
    assert parsed.rejected is not None and "corrupt or truncated PDF" in parsed.rejected


def test_encrypted_pdf(tmp_path: Path) -> None:
    import pypdf

    w = pypdf.PdfWriter()
    w.add_blank_page(595, 842)
    w.encrypt("secret")
    p = tmp_path / "locked.pdf"
    with p.open("wb") as fh:
        w.write(fh)
    parsed = parse_document(p)
    assert parsed.rejected == "encrypted PDF: it needs a password to open"


def test_empty_files(tmp_path: Path) -> None:
    pdf = tmp_path / "empty.pdf"
    pdf.write_bytes(b"")
    assert parse_document(pdf).rejected == "empty file (0 bytes)"
    txt = tmp_path / "empty.txt"
    txt.write_text("  \n\n")
    assert parse_document(txt).rejected == "empty text file"


def test_missing_file(tmp_path: Path) -> None:
    parsed = parse_document(tmp_path / "nowhere.pdf")
    assert parsed.rejected is not None and parsed.rejected.startswith("cannot read the file")


def test_image_only_pdf(tmp_path: Path) -> None:
    parsed = parse_document(_matplotlib_pdf(tmp_path / "scan.pdf", image=True))
    assert parsed.rejected is not None and "no text layer" in parsed.rejected and "scanned" in parsed.rejected


def test_pdf_that_is_not_a_report(tmp_path: Path) -> None:
    text = "Parish newsletter, spring edition.\nThe summer fete will be held on the green.\n" * 3
    parsed = parse_document(_matplotlib_pdf(tmp_path / "newsletter.pdf", text=text))
    assert parsed.status == "rejected"
    assert parsed.rejected is not None and parsed.rejected.startswith("not an inspection report")


def test_inspection_like_text_of_unknown_type_is_rejected_not_forced(tmp_path: Path) -> None:
    p = tmp_path / "other.txt"
    p.write_text(
        "Ofsted\nInspection of Sunnyside Primary School\nInspection dates: 3 to 4 May 2022\n"
        + "Pupils enjoy school. " * 60
    )
    parsed = parse_document(p)
    assert parsed.rejected is not None and parsed.rejected.startswith("not recognised")


def test_truncated_text_needs_review(tmp_path: Path) -> None:
    """The first lines of an ILACS report only: recognised, but the missing judgements are reasons."""
    p = tmp_path / "cut.txt"
    p.write_text(
        "Inspection of Barnsley local authority\nchildren's services\n"
        "Inspection dates: 11 to 15 September 2023\nLead inspector: Anna Gravelle, His Majesty's Inspector\n"
        "Judgement Grade\nThe impact of leaders on social work\npractice with children and families\nGood\n"
    )
    parsed = parse_document(p)
    assert parsed.status == "needs_review"
    rec = parsed.records[0]
    assert rec.document_type == "ilacs_short" and rec.framework_id == "ilacs_2023"
    assert any("very short" in r for r in rec.reasons)
    assert rec.grades() == {"impact_of_leaders": "good"}  # nothing invented for the rest
    reasons = check_record(rec)
    assert any("help_and_protection" in r for r in reasons)
    assert any("overall_effectiveness" in r for r in reasons)


def test_rule_violation_needs_review(tmp_path: Path) -> None:
    """A SIF front page whose overall grade breaks the framework's hard rule is flagged, not corrected."""
    p = tmp_path / "sif.txt"
    p.write_text(
        "1\nExampleshire County Council\n"
        "Inspection of services for children in need of help and protection, children looked after and care leavers\n"
        "Inspection date: 6 June 2016 – 30 June 2016\nReport published: 1 August 2016\n"
        "Children's services in Exampleshire are good\n"
        "1. Children who need help and protection Inadequate\n"
        "2. Children looked after and achieving permanence Good\n"
        "2.1 Adoption performance Good\n2.2 Experiences and progress of care leavers Good\n"
        "3. Leadership, management and governance Good\n" + "Executive summary text. " * 80
    )
    parsed = parse_document(p)
    rec = parsed.records[0]
    assert rec.grades()["overall_effectiveness"] == "good"
    reasons = check_record(rec)
    assert any("sif_key_inadequate_caps_overall" in r for r in reasons), reasons
