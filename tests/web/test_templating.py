"""Template helpers: long quotes are shortened in the middle at word boundaries, never cut mid-word."""

from __future__ import annotations

from csinspect.web.templating import elide


def test_a_long_quote_keeps_its_start_and_end_whole_words() -> None:
    text = " ".join(f"word{i}" for i in range(200))
    short = elide(text, 120)
    assert " … " in short and len(short) <= 125
    head, tail = short.split(" … ")
    assert text.startswith(head) and text.endswith(tail)
    assert head.split()[-1] in text.split() and tail.split()[0] in text.split()
    assert elide("Outcomes for children and young people in Luton are good.") == (
        "Outcomes for children and young people in Luton are good."
    )


def test_a_source_is_named_never_shown_as_a_local_path() -> None:
    from types import SimpleNamespace

    from csinspect.web.templating import source_label

    report = SimpleNamespace(
        source="../shared/seeds/001_120b.txt", origin="report", framework_id="sif", document_type="sif"
    )
    assert source_label(report).startswith("Report: ") and "shared" not in source_label(report)
    table = SimpleNamespace(
        source="/data/LA_Inspection_Outcomes.ods",
        origin="official_table",
        framework_id="sif",
        document_type="sif",
    )
    assert source_label(table) == "Ofsted's table LA_Inspection_Outcomes.ods"


def test_figures_have_thousands_separators_and_dfe_rounding() -> None:
    from csinspect.web.templating import num

    assert num(12345.25, 1) == "12,345.3" and num(68.5, 0) == "69" and num(None) == "–"
