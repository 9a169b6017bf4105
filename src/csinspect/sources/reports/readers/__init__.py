"""The family readers of inspection reports, one module per family, each declaring the document types it
reads (``READER``) with one signature (``registry.Reader``). ``reader_for`` finds the reader of a type."""

from __future__ import annotations

from csinspect.sources.reports.readers import (
    apa,
    area_send,
    cp_2012,
    csa,
    ilacs,
    jar,
    jtai,
    lscb,
    sif,
    slac,
    ucra,
    visits,
)
from csinspect.sources.reports.readers.registry import Reader

READERS: tuple[Reader, ...] = (
    jar.READER,
    apa.READER,
    csa.READER,
    ucra.READER,
    slac.READER,
    cp_2012.READER,
    sif.READER,
    lscb.READER,
    ilacs.READER,
    visits.READER,
    jtai.READER,
    area_send.READER,
)
_BY_TYPE = {dt: r for r in READERS for dt in r.document_types}


def reader_for(document_type: str) -> Reader | None:
    return _BY_TYPE.get(document_type)


def load_readers() -> None:
    """Load the framework definitions and the classifier's compiled patterns (done once before worker
    processes are forked, so they inherit them; the readers themselves are imported above)."""
    from csinspect.frameworks.registry import all_frameworks
    from csinspect.sources.reports.classify import yaml_document_types

    all_frameworks()
    yaml_document_types()
