"""``data fetch`` against a local HTTP server serving the official files (http.server on 127.0.0.1)."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from typer.testing import CliRunner

from csinspect.sources.official.fetch import MANIFEST, fetch_all, git_blob_id


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_manifest_matches_the_shared_files(official_dir: Path) -> None:
    """Every file in the shared folder is in the manifest, with the content's git blob id."""
    names = {f.name for f in MANIFEST}
    # SOURCES.md describes the folder; it is not an official file.
    assert names == {p.name for p in official_dir.iterdir() if p.is_file() and p.suffix != ".md"}
    for f in MANIFEST:
        assert git_blob_id((official_dir / f.name).read_bytes()) == f.git_blob, f.name
        assert f.url.startswith("https://raw.githubusercontent.com/") and f.commit in f.url


def test_cli_fetch_downloads_every_file_verified(official_dir: Path, tmp_path: Path) -> None:
    from csinspect.cli import app

    dest = tmp_path / "dl"
    with serve(official_dir) as base:
        result = CliRunner().invoke(
            app, ["data", "fetch", "--dest", str(dest), "--base-url", base, "--format", "json"]
        )
        assert result.exit_code == 0, result.output
        assert '"downloaded"' in result.output
        for f in MANIFEST:
            assert (dest / f.name).read_bytes() == (official_dir / f.name).read_bytes()
        again = CliRunner().invoke(
            app, ["data", "fetch", "--dest", str(dest), "--base-url", base, "--format", "csv"]
        )
    assert again.exit_code == 0 and "downloaded" not in again.output and "unchanged" in again.output


def test_changed_or_missing_file_fails_and_leaves_nothing(tmp_path: Path) -> None:
    served = tmp_path / "served"
    served.mkdir()
    (served / "la_code_list.xlsx").write_bytes(b"not the LAIT list")
    dest = tmp_path / "dl"
    with serve(served) as base:
        results = fetch_all(dest, base, names={"la_code_list.xlsx", "sn_may_2025.xlsx"})
    status = {r.file: (r.status, r.message) for r in results}
    assert status["la_code_list.xlsx"][0] == "failed" and "differs" in status["la_code_list.xlsx"][1]
    assert status["sn_may_2025.xlsx"][0] == "failed" and "404" in status["sn_may_2025.xlsx"][1]
    assert list(dest.iterdir()) == []
