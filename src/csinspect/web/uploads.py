"""Checking uploaded files before anything is stored: size, type (by content, not by name), readability."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from fastapi import UploadFile

MAX_REPORT_BYTES = 25 * 1024 * 1024
MAX_SPREADSHEET_BYTES = 5 * 1024 * 1024


class UploadRejected(ValueError):
    pass


@dataclass
class CheckedUpload:
    filename: str  # as sent, cut to 200 characters for messages (escaped wherever shown)
    data: bytes
    suffix: str

    def __post_init__(self) -> None:
        self.filename = self.filename[:200]

    def to_temp(self, directory: Path) -> Path:
        """Write to a fresh file in a fresh folder, under a safe form of the original name (kept for the
        ingest's messages): no folders, no dot-names, no control characters, at most 100 characters."""
        folder = Path(tempfile.mkdtemp(prefix="upload-", dir=directory))
        path = folder / safe_name(self.filename, self.suffix)
        path.write_bytes(self.data)
        return path


def safe_name(filename: str, suffix: str) -> str:
    """A name that is only a name: ``..``, ``/etc/passwd``, 300 characters or control bytes never reach the
    file system as given."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c if c.isprintable() and c not in '<>:"|?*' else "_" for c in name).strip(" .")
    stem = name[: -len(suffix)] if suffix and name.lower().endswith(suffix) else name
    stem = stem[: 100 - len(suffix)].strip(" .")
    return f"{stem or 'upload'}{suffix}"


def read_limited(upload: UploadFile, limit: int) -> bytes:
    """The upload's bytes (from the spooled file: routes that take uploads are plain functions, run in the
    server's thread pool, so reading and checking never hold up the event loop)."""
    upload.file.seek(0)
    data = upload.file.read(limit + 1)
    if len(data) > limit:
        raise UploadRejected(f"The file is larger than {limit // (1024 * 1024)} MB")
    if not data:
        raise UploadRejected("The selected file is empty")
    return data


def check_report(upload: UploadFile) -> CheckedUpload:
    """A PDF (by its header) or a UTF-8 text/markdown file."""
    name = upload.filename or ""
    data = read_limited(upload, MAX_REPORT_BYTES)
    if data.startswith(b"%PDF-"):
        if b"%%EOF" not in data[-2048:]:
            raise UploadRejected(f"{name}: the PDF is truncated (no end-of-file marker)")
        return CheckedUpload(name, data, ".pdf")
    if name.lower().endswith((".txt", ".md")):
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise UploadRejected(f"{name}: not UTF-8 text (byte {exc.start})") from exc
        return CheckedUpload(name, data, Path(name).suffix.lower())
    raise UploadRejected(f"{name or 'The file'}: not a PDF or a .txt/.md report")


def check_spreadsheet(upload: UploadFile) -> CheckedUpload:
    """An .xlsx workbook (a zip holding xl/workbook.xml)."""
    import io
    import zipfile

    name = upload.filename or ""
    data = read_limited(upload, MAX_SPREADSHEET_BYTES)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            if "xl/workbook.xml" not in zf.namelist():
                raise UploadRejected(f"{name}: not an Excel .xlsx workbook")
    except zipfile.BadZipFile as exc:
        raise UploadRejected(f"{name}: not an Excel .xlsx workbook (not a zip file)") from exc
    return CheckedUpload(name, data, ".xlsx")
