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
