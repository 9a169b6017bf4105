"""Page-by-page text of a report file: PDFs through pypdfium2, text files as they are.

Bad input raises ``ReportReadError`` naming the file and the problem (not a PDF, encrypted, empty,
no text layer, unreadable); nothing else in the pipeline has to guess why a file gave no text.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from dataclasses import dataclass
from pathlib import Path

from csinspect.sources.errors import SourceError

TEXT_SUFFIXES = {".txt", ".md", ".text", ".markdown"}
PDF_SUFFIXES = {".pdf"}
MIN_TEXT_CHARS_PER_PAGE = 40  # below this on every page the PDF is treated as scanned (no text layer)
# A text file has no pages; long ones are cut into pseudo-pages so provenance still points somewhere useful.
TEXT_PAGE_LINES = 60


class ReportReadError(SourceError):
    """A report file that cannot be read as text; the message names the file and the problem."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = str(path)
        super().__init__(str(path), problem)


@dataclass(frozen=True)
class ExtractedText:
    path: str
    sha256: str
    media_type: str  # application/pdf | text/plain | text/markdown
    pages: list[str]  # raw text of each page (1-based page n is pages[n-1])
    bytes: int
    paged: bool  # True when page numbers are real PDF pages


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _is_pdf(data: bytes) -> bool:
    # The header may follow a little junk; PDF readers accept it within the first 1 KB.
    return b"%PDF-" in data[:1024]


def _describe_non_pdf(data: bytes) -> str:
    head = data[:512].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
        return "not a PDF: the file is an HTML page (probably a download error page saved as .pdf)"
    if head.startswith(b"pk\x03\x04"):
        return "not a PDF: the file is a ZIP/Office document"
    return "not a PDF: no %PDF- header in the first 1 KB"


# Ceilings no published report comes near (the corpus: at most 58 pages, 2,436 objects, 2.3 MB of compressed
# streams inflated): anything beyond is refused before a PDF library opens it.
MAX_PDF_PAGES = 2000
MAX_PDF_OBJECTS = 500_000
MAX_PDF_INFLATED_BYTES = 512 * 1024 * 1024
_STREAM = re.compile(rb"stream\r?\n")
_PAGE = re.compile(rb"/Type\s*/Page\b(?!s)")
_OBJECT = re.compile(rb"\d+\s+\d+\s+obj\b")


def _inflated_size(data: bytes, cap: int) -> int:
    """Bytes the Flate streams would inflate to, counted in 1 MB steps and given up past ``cap``."""
    total = 0
    for m in _STREAM.finditer(data):
        end = data.find(b"endstream", m.end())
        inflater = zlib.decompressobj()
        try:
            total += len(inflater.decompress(data[m.end() : end if end > 0 else len(data)], 1 << 20))
            while inflater.unconsumed_tail and total <= cap:
                total += len(inflater.decompress(inflater.unconsumed_tail, 1 << 20))
        except zlib.error:
            continue  # not Flate (an image, a font in another filter): the library decodes it lazily
        if total > cap:
            break
    return total


def pdf_budget_problem(data: bytes) -> str | None:
    """Why a PDF is refused before it is opened (too many pages or objects, a decompression bomb), or None."""
    # plain byte counts bound the exact (regular expression) counts from above and cost a fraction of them
    if data.count(b"/Page") > MAX_PDF_PAGES:
        pages = len(_PAGE.findall(data))
        if pages > MAX_PDF_PAGES:
            return f"refused: {pages} pages (more than {MAX_PDF_PAGES}; no inspection report is this long)"
    if data.count(b"obj") > MAX_PDF_OBJECTS:
        objects = len(_OBJECT.findall(data))
        if objects > MAX_PDF_OBJECTS:
            return f"refused: {objects} objects (more than {MAX_PDF_OBJECTS})"
    # Flate inflates at most about 1032:1, so a small file cannot hold a bomb
    if (
        len(data) * 1032 > MAX_PDF_INFLATED_BYTES
        and _inflated_size(data, MAX_PDF_INFLATED_BYTES) > MAX_PDF_INFLATED_BYTES
    ):
        return (
            f"refused: its compressed streams inflate to more than {MAX_PDF_INFLATED_BYTES // (1024 * 1024)} MB "
            "(a decompression bomb?)"
        )
    return None


def extract_pdf_bytes(data: bytes, path: Path | str) -> list[str]:
    """Text of each page of a PDF given as bytes; raises ReportReadError with the reason."""
    import pypdfium2 as pdfium

    if not data:
        raise ReportReadError(path, "empty file (0 bytes)")
    if not _is_pdf(data):
        raise ReportReadError(path, _describe_non_pdf(data))
    problem = pdf_budget_problem(data)
    if problem:
        raise ReportReadError(path, problem)
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        msg = str(exc)
        if "password" in msg.lower():
            raise ReportReadError(path, "encrypted PDF: it needs a password to open") from exc
        raise ReportReadError(path, f"corrupt or truncated PDF ({msg})") from exc
    try:
        n = len(doc)
        if n == 0:
            raise ReportReadError(path, "the PDF has no pages")
        pages: list[str] = []
        for i in range(n):
            try:
                page = doc[i]
            except pdfium.PdfiumError as exc:
                raise ReportReadError(
                    path, f"page {i + 1}: cannot be opened ({exc}); the PDF is damaged"
                ) from exc
            try:
                textpage = page.get_textpage()
                try:
                    pages.append(textpage.get_text_range().replace("\r\n", "\n").replace("\r", "\n"))
                finally:
                    textpage.close()
            except pdfium.PdfiumError as exc:
                raise ReportReadError(path, f"page {i + 1}: cannot read text ({exc})") from exc
            finally:
                page.close()
    finally:
        doc.close()
    if all(len(p.strip()) < MIN_TEXT_CHARS_PER_PAGE for p in pages):
        raise ReportReadError(
            path,
            f"no text layer on any of its {len(pages)} page(s): a scanned or image-only PDF "
            "(OCR is not supported; find the text version of the report)",
        )
    return pages


def split_text_pages(text: str) -> list[str]:
    """Pages of a text file: form feeds if present, else blocks of ``TEXT_PAGE_LINES`` lines."""
    if "\f" in text:
        return text.split("\f")
    lines = text.split("\n")
    return ["\n".join(lines[i : i + TEXT_PAGE_LINES]) for i in range(0, max(len(lines), 1), TEXT_PAGE_LINES)]


def read_text_bytes(data: bytes, path: Path | str) -> list[str]:
    if not data.strip():
        raise ReportReadError(path, "empty text file")
    if b"\x00" in data[:4096]:
        raise ReportReadError(path, "binary content in a text file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return split_text_pages(text.replace("\r\n", "\n").replace("\r", "\n"))


def read_document(path: Path | str) -> ExtractedText:
    """Read ``path`` (PDF or text) into page texts; the content hash is computed from the same bytes."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise ReportReadError(p, f"cannot read the file ({exc.strerror or exc})") from exc
    suffix = p.suffix.lower()
    digest = sha256_bytes(data)
    if suffix in PDF_SUFFIXES or (suffix not in TEXT_SUFFIXES and data[:5] == b"%PDF-"):
        return ExtractedText(str(p), digest, "application/pdf", extract_pdf_bytes(data, p), len(data), True)
    if suffix in TEXT_SUFFIXES or not suffix:
        media = "text/markdown" if suffix in {".md", ".markdown"} else "text/plain"
        # a text file with form feeds (pdftotext's output) has real pages; others are cut into blocks
        paged = b"\f" in data
        return ExtractedText(str(p), digest, media, read_text_bytes(data, p), len(data), paged)
    raise ReportReadError(p, f"unsupported file type {suffix!r} (expected .pdf or a text file)")
