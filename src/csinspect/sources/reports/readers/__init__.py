"""The family readers of inspection reports."""

from __future__ import annotations


def load_readers() -> None:
    """Import every reader and load the framework definitions and their compiled patterns (done once before
    worker processes are forked, so they inherit them)."""
    from csinspect.frameworks.registry import all_frameworks
    from csinspect.sources.reports.classify import yaml_document_types
    from csinspect.sources.reports.readers import ilacs, older, send, sif, slac, visits  # noqa: F401

    all_frameworks()
    yaml_document_types()
