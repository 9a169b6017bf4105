"""Loading framework YAML files; a file that breaks the schema is reported with the file and the field."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import ValidationError

from csinspect.frameworks.schema import Framework

DATA_DIR = Path(__file__).parent / "data"


# libyaml's safe loader when present (about ten times faster than the pure-Python one)
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class FrameworkError(ValueError):
    """A framework file that cannot be read or does not obey the schema."""


def load_framework_file(path: Path) -> Framework:
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except (OSError, yaml.YAMLError) as exc:
        raise FrameworkError(f"{path}: cannot read YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise FrameworkError(f"{path}: expected a mapping at the top level")
    try:
        fw = Framework.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or '(top)'}: {e['msg']}" for e in exc.errors()
        )
        raise FrameworkError(f"{path}: {problems}") from exc
    if fw.id != path.stem:
        raise FrameworkError(f"{path}: id {fw.id!r} does not match the file name {path.stem!r}")
    return fw


@lru_cache(maxsize=4)
def _load_dir(directory: Path) -> dict[str, Framework]:
    return {p.stem: load_framework_file(p) for p in sorted(directory.glob("*.yaml"))}


def all_frameworks(directory: Path = DATA_DIR) -> dict[str, Framework]:
    """Every framework, by id, in file-name order."""
    return _load_dir(directory)


def get_framework(framework_id: str, directory: Path = DATA_DIR) -> Framework:
    frameworks = all_frameworks(directory)
    try:
        return frameworks[framework_id]
    except KeyError:
        raise FrameworkError(
            f"unknown framework {framework_id!r}; known: {', '.join(frameworks) or '(none)'}"
        ) from None
