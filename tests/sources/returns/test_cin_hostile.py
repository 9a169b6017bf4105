"""Hostile CIN XML: external entities (XXE), entity expansion (billion laughs) and DTDs from the network are
never acted on; each gives a clean error or is read as plain text, never the content of another file."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from csinspect.sources.returns.cin_xml import read_cin_xml
from csinspect.sources.returns.problems import ReturnsFileError

HEADER = "<Header><CollectionDetails><Collection>CIN</Collection><Year>2025</Year></CollectionDetails>" \
    "<Source><LEA>821</LEA></Source></Header>"  # fmt: skip


def _read(path: Path) -> str:
    try:
        result = read_cin_xml(path, la_code="821", year=2025)
    except ReturnsFileError as exc:
        return f"error: {exc}"
    return repr(result.tables) + repr(result.problems.to_dicts())


def test_external_entity_is_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CHILD-NAME")
    doc = tmp_path / "xxe.xml"
    doc.write_text(
        f'<?xml version="1.0"?><!DOCTYPE m [<!ENTITY x SYSTEM "file://{secret}">]>'
        f"<Message>{HEADER}<Children><Child><ChildIdentifiers><LAchildID>&x;</LAchildID>"
        "</ChildIdentifiers></Child></Children></Message>"
    )
    assert "TOP-SECRET" not in _read(doc)


def test_billion_laughs_is_refused_quickly(tmp_path: Path) -> None:
    lol = ['<!ENTITY l0 "lol">'] + [
        f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    ]
    doc = tmp_path / "lol.xml"
    doc.write_text(
        f'<?xml version="1.0"?><!DOCTYPE m [{"".join(lol)}]><Message>{HEADER}<Children><Child>'
        "<ChildIdentifiers><LAchildID>&l9;</LAchildID></ChildIdentifiers></Child></Children></Message>"
    )
    t = time.perf_counter()
    out = _read(doc)
    assert time.perf_counter() - t < 5 and "lollollol" not in out


@pytest.mark.parametrize(
    "dtd", ['SYSTEM "http://127.0.0.1:9/evil.dtd"', 'PUBLIC "-//x//y" "http://127.0.0.1:9/e.dtd"']
)
def test_network_dtd_is_not_fetched(tmp_path: Path, dtd: str) -> None:
    doc = tmp_path / "net.xml"
    doc.write_text(f'<?xml version="1.0"?><!DOCTYPE Message {dtd}><Message>{HEADER}<Children/></Message>')
    t = time.perf_counter()
    _read(doc)  # a clean result or error, without a network fetch (port 9 would hang or refuse)
    assert time.perf_counter() - t < 5
