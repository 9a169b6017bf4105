"""Size checks on a spreadsheet before a library opens it: an .xlsx or .ods is a zip of XML, and a small
upload can inflate to gigabytes or declare a sheet of millions of cells. These read only the zip's
directory and the first bytes of each sheet."""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

from openpyxl.utils.cell import range_boundaries

MAX_INFLATED_BYTES = 200 * 1024 * 1024  # every XML part of the workbook, uncompressed
MAX_RATIO = 200  # uncompressed / compressed, per part (text XML compresses 10-30 times)
MAX_CELLS = 2_000_000  # per sheet, by its declared dimension
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]+\d+(?::[A-Z]+\d+)?)"')


def xlsx_budget_problem(path: Path) -> str | None:
    """Why a workbook is refused before it is parsed, or None."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            total = sum(i.file_size for i in infos)
            if total > MAX_INFLATED_BYTES:
                return f"refused: it inflates to {total // (1024 * 1024)} MB (more than {MAX_INFLATED_BYTES // (1024 * 1024)} MB)"
            for info in infos:
                if (
                    info.compress_size
                    and info.file_size / info.compress_size > MAX_RATIO
                    and info.file_size > 1 << 20
                ):
                    return f"refused: part {info.filename} inflates {info.file_size // info.compress_size} times (a zip bomb?)"
            for info in infos:
                if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                    with zf.open(info) as fh:
                        head = fh.read(4096)
                    m = _DIMENSION.search(head)
                    if m:
                        cells = _cells(m.group(1).decode())
                        if cells > MAX_CELLS:
                            return (
                                f"refused: {info.filename} declares {cells:,} cells (more than {MAX_CELLS:,})"
                            )
    except zipfile.BadZipFile:
        return "not a workbook (not a zip file)"
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    except (zlib.error, EOFError, ValueError, RuntimeError, NotImplementedError) as exc:  # a damaged zip
        return f"not a readable workbook (damaged: {exc})"
    return None


def _cells(ref: str) -> int:
    if ":" not in ref:
        return 1
    min_col, min_row, max_col, max_row = range_boundaries(ref)
    return (max_col - min_col + 1) * (max_row - min_row + 1)  # type: ignore[operator]
