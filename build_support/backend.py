"""The build backend: setuptools, plus one check for wheels. A wheel must carry the built GOV.UK Frontend
assets, or the web app it installs serves unstyled pages; when they are missing the wheel build runs the
asset build (npm and scripts/build-assets.sh) and fails loudly if that cannot be done."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

from setuptools import build_meta as _setuptools
from setuptools.build_meta import *  # noqa: F403  (every hook setuptools offers)

ROOT = Path(__file__).resolve().parents[1]
ASSETS = ROOT / "src" / "csinspect" / "web" / "static" / "govuk"
NEEDED = ("govuk-frontend.min.css", "govuk-frontend.min.js", "assets")


def _assets_present() -> bool:
    return all((ASSETS / name).exists() for name in NEEDED)


def _ensure_assets() -> None:
    if _assets_present():
        return
    if shutil.which("npm") is None:
        raise SystemExit(
            "csinspect wheel: the GOV.UK Frontend assets are not built (src/csinspect/web/static/govuk) and npm "
            "is not installed to build them; run `make assets` first"
        )
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--silent"], cwd=ROOT, check=True)
    subprocess.run(["bash", "scripts/build-assets.sh"], cwd=ROOT, check=True)
    if not _assets_present():
        raise SystemExit(
            "csinspect wheel: the asset build ran but the GOV.UK Frontend files are still missing"
        )


def build_wheel(
    wheel_directory: str, config_settings: dict[str, Any] | None = None, metadata_directory: str | None = None
) -> str:
    _ensure_assets()
    return str(_setuptools.build_wheel(wheel_directory, config_settings, metadata_directory))
