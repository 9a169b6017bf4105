"""A database with the authority, neighbour and Ofsted files loaded once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

MY_KINDS = {"authorities", "sn_models", "ofsted_la_outcomes", "ofsted_csc_2023_la_inspections"}


@pytest.fixture(scope="session")
def loaded_url(official_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    from csinspect.sources.official.registry import load_directory
    from csinspect.store.db import init_db

    url = f"sqlite:///{tmp_path_factory.mktemp('official') / 'loaded.sqlite'}"
    init_db(url)
    load_directory(official_dir, url, kinds=MY_KINDS)
    return url
