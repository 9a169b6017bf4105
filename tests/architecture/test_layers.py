"""The house rules of docs/architecture.md, checked on the source: data flows one way, from the readers
(``sources``) through the load wing into the store, out through the read layer to the faces."""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "csinspect"

FACES = {"cli", "web", "outputs", "__main__"}
# What each layer may not import (by top-level package under csinspect).
FORBIDDEN: dict[str, set[str]] = {
    # pure readers: files in, records or frames out
    "sources": {
        "store",
        "load",
        "analysis",
        "authorities",
        "web",
        "cli",
        "outputs",
        "actions",
        "assessment",
        "returns",
        "testing",
    },
    # data as code: the definitions every layer reads
    "frameworks": {
        "store",
        "load",
        "analysis",
        "sources",
        "authorities",
        "web",
        "cli",
        "outputs",
        "actions",
        "assessment",
        "returns",
    },
    "indicators": {
        "store",
        "load",
        "analysis",
        "sources",
        "authorities",
        "web",
        "cli",
        "outputs",
        "actions",
        "assessment",
        "returns",
    },
    # spreadsheet-safe cells: a leaf every writer of CSV or .xlsx uses
    "cells": {
        "store",
        "load",
        "analysis",
        "sources",
        "authorities",
        "web",
        "cli",
        "outputs",
        "actions",
        "assessment",
        "returns",
        "frameworks",
        "indicators",
        "records",
        "settings",
        "testing",
    },
    "records": {
        "store",
        "load",
        "analysis",
        "sources",
        "authorities",
        "web",
        "cli",
        "outputs",
        "actions",
        "assessment",
        "returns",
    },
    "settings": {
        "store",
        "load",
        "analysis",
        "sources",
        "authorities",
        "web",
        "cli",
        "outputs",
        "actions",
        "assessment",
        "returns",
    },
    # the store knows only its models
    "store": {
        "load",
        "analysis",
        "sources",
        "web",
        "cli",
        "outputs",
        "actions",
        "assessment",
        "returns",
        "testing",
    },
    # the one wing that writes what it reads
    "load": {"analysis", "web", "cli", "outputs", "actions", "assessment", "testing"},
    # the read layer and the domain workflows: never a face, never the load wing
    "analysis": {"load", "web", "cli", "outputs", "testing"},
    "authorities": {"load", "analysis", "web", "cli", "outputs", "testing"},
    "returns": {"load", "web", "cli", "outputs", "testing", "store", "analysis"},
    "actions": {"load", "web", "cli", "outputs", "testing"},
    # fetching what the sites publish, then the ordinary load wing
    "sync": {"web", "cli", "outputs", "testing", "assessment", "actions"},
    "assessment": {"load", "web", "cli", "outputs", "testing"},
}


def _imports(path: Path) -> set[str]:
    """csinspect sub-packages a module imports (at any depth of the file: lazy imports count too)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        for name in names:
            parts = name.split(".")
            if parts[0] == "csinspect" and len(parts) > 1:
                found.add(parts[1])
    return found


def _layer(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    return rel.parts[0].removesuffix(".py")


def test_no_layer_imports_what_it_must_not() -> None:
    problems = []
    for path in sorted(PACKAGE.rglob("*.py")):
        layer = _layer(path)
        if "migrations" in path.parts:
            continue
        bad = _imports(path) & FORBIDDEN.get(layer, set())
        if bad:
            problems.append(f"{path.relative_to(PACKAGE)} ({layer}) imports {sorted(bad)}")
    assert problems == [], "\n".join(problems)


def test_no_face_is_imported_from_below() -> None:
    below = [
        p
        for p in PACKAGE.rglob("*.py")
        if _layer(p) not in FACES and _layer(p) not in {"testing", "__init__"}
    ]
    problems = [
        f"{p.relative_to(PACKAGE)} imports {sorted(_imports(p) & FACES)}"
        for p in below
        if _imports(p) & FACES
    ]
    assert problems == [], "\n".join(problems)


def test_no_route_or_command_holds_a_query() -> None:
    """Routes and commands read through the analysis layer: none builds a SELECT of its own."""
    faces = [
        *(PACKAGE / "web" / "routes").glob("*.py"),
        *(PACKAGE / "web" / "api").glob("*.py"),
        *(PACKAGE / "cli").glob("*.py"),
    ]
    problems = [
        str(p.relative_to(PACKAGE)) for p in faces if re.search(r"\bselect\(", p.read_text(encoding="utf-8"))
    ]
    assert problems == []


def test_no_importlib_registries() -> None:
    """Modules are put together with plain imports, never by name at run time."""
    problems = [
        str(p.relative_to(PACKAGE))
        for p in PACKAGE.rglob("*.py")
        if re.search(r"\bimportlib\.import_module\(|\b__import__\(", p.read_text(encoding="utf-8"))
    ]
    assert problems == []


def test_no_function_below_the_faces_takes_a_database_url() -> None:
    """The faces open the session; below them (the store's own engine factory aside) nothing takes a URL."""
    allowed = {PACKAGE / "store" / "db.py", PACKAGE / "settings.py", *(PACKAGE / "testing").rglob("*.py")}
    problems = []
    for path in PACKAGE.rglob("*.py"):
        if _layer(path) in FACES or path in allowed or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                args = [a.arg for a in (*node.args.args, *node.args.kwonlyargs)]
                if {"url", "database_url", "db_url", "session_or_url"} & set(args):
                    problems.append(
                        f"{path.relative_to(PACKAGE)}:{node.lineno} {node.name}({', '.join(args)})"
                    )
    assert problems == [], "\n".join(problems)
