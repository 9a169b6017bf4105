"""Reading Ofsted's report site (pure: pages in, records out; fetching is ``csinspect.sync``).

What the site is, as the public scrapers that run against it every day read it:

- the search for children's social care → local authority children's services
  (``/search?...&level_1_types=3&level_2_types%5B%5D=12&start=N&rows=M``) lists one provider per authority,
  each a link whose address contains ``/provider/`` and ends with the Ofsted URN
  (``/provider/44/80418``), the link text being the authority's name; results come in pages;
- an authority's provider page lists its publications as links of class ``publication-link`` to PDFs on
  Ofsted's file server (``https://files.ofsted.gov.uk/v1/file/50276411``), each with hidden text
  (``span.nonvisual``) giving the kind, the file type and the date: "Children's services inspection, pdf -
  24 February 2020", "Area SEND full inspection, pdf - 15 July 2024".

Parsing is tolerant of spacing, case and apostrophes, and loud about anything else: a page whose layout is
not recognised raises ``SiteLayoutError`` with its address and what was expected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urljoin

from lxml import html as lxml_html

from csinspect.sources.errors import SourceError

SITE = "https://reports.ofsted.gov.uk"
SEARCH = "/search?q=&location=&lat=&lon=&radius=&level_1_types=3&level_2_types%5B%5D=12"
ROWS = 100  # the site's largest page of results

_LISTING = re.compile(
    r"^(?P<kind>.+?)\s*,\s*(?P<type>[A-Za-z]{2,5})\s*-\s*(?P<date>\d{1,2}\s+[A-Za-z]+\s+\d{4})\s*$"
)
_URN = re.compile(r"/provider/[^/]+/(\d{3,8})/?$")
_COUNT = re.compile(r"(\d[\d,]*)\s+results?\b", re.IGNORECASE)
_NO_RESULTS = re.compile(r"\b(no results|0 results|did not match any)\b", re.IGNORECASE)
_NO_REPORTS = re.compile(r"\bno (published )?(reports|publications)\b", re.IGNORECASE)


class SiteLayoutError(SourceError):
    """A page of Ofsted's site whose layout is not the one csinspect reads."""

    def __init__(self, address: str, expected: str) -> None:
        self.url = address
        super().__init__(address, f"page layout not recognised: expected {expected}")


@dataclass(frozen=True)
class ProviderLink:
    urn: str
    name: str
    url: str


@dataclass(frozen=True)
class SearchPage:
    providers: list[ProviderLink]
    total: int | None  # the number of results the page says there are, when it says


@dataclass(frozen=True)
class Listed:
    """One publication as an authority's page lists it."""

    url: str
    kind: str  # "Children's services inspection"
    file_type: str  # "pdf"
    listed_date: date | None
    text: str  # the hidden text as printed


@dataclass(frozen=True)
class ProviderPage:
    urn: str
    name: str | None
    publications: list[Listed]
    problems: list[str]  # links that could not be read (reported, not guessed)


def search_url(base: str, start: int, rows: int = ROWS) -> str:
    return f"{base.rstrip('/')}{SEARCH}&start={start}&rows={rows}"


def provider_url(base: str, urn: str) -> str:
    return f"{base.rstrip('/')}/provider/44/{urn}"


def _tree(text: str, address: str) -> lxml_html.HtmlElement:
    try:
        return lxml_html.fromstring(text or "<html/>")
    except Exception as exc:  # lxml's parser errors on empty or binary bodies
        raise SiteLayoutError(address, f"an HTML page ({exc})") from exc


def _text(el: lxml_html.HtmlElement) -> str:
    return " ".join(el.text_content().split())


def parse_search(text: str, address: str) -> SearchPage:
    """The providers a page of search results lists (an empty page when the results have run out)."""
    tree = _tree(text, address)
    seen: dict[str, ProviderLink] = {}
    for a in tree.xpath("//a[contains(@href, '/provider/')]"):
        href = a.get("href", "")
        m = _URN.search(href.split("?", 1)[0])
        name = _text(a)
        if m and name:
            seen.setdefault(m.group(1), ProviderLink(m.group(1), name, urljoin(address, href)))
    body = _text(tree)
    count = _COUNT.search(body)
    total = int(count.group(1).replace(",", "")) if count else None
    if not seen and not _NO_RESULTS.search(body) and total != 0:
        raise SiteLayoutError(
            address, "search results with links to /provider/<type>/<URN>, or a 'no results' message"
        )
    return SearchPage(list(seen.values()), total)


def parse_listing(text: str) -> tuple[str, str, date | None] | None:
    """("Children's services inspection", "pdf", 2020-02-24) from the link's hidden text, or None."""
    cleaned = " ".join(text.replace("\u2019", "'").split())
    m = _LISTING.match(cleaned)
    if not m:
        return None
    try:
        when = datetime.strptime(m.group("date"), "%d %B %Y").date()
    except ValueError:
        when = None
    return m.group("kind").strip(), m.group("type").lower(), when


def parse_provider(text: str, address: str, urn: str) -> ProviderPage:
    """The publications an authority's page lists, newest first as the page gives them."""
    tree = _tree(text, address)
    heading = tree.xpath("//h1")
    name = _text(heading[0]) if heading else None
    links = tree.xpath("//a[contains(concat(' ', normalize-space(@class), ' '), ' publication-link ')]")
    publications: list[Listed] = []
    problems: list[str] = []
    for a in links:
        href = a.get("href")
        hidden = a.xpath(".//span[contains(concat(' ', normalize-space(@class), ' '), ' nonvisual ')]")
        if not href or not hidden:
            problems.append(
                f"a publication link without {'an address' if not href else 'span.nonvisual'}: {_text(a)!r}"
            )
            continue
        listed = parse_listing(_text(hidden[0]))
        if listed is None:
            problems.append(
                f"hidden text not in the form 'kind, pdf - 24 February 2020': {_text(hidden[0])!r}"
            )
            continue
        kind, file_type, when = listed
        publications.append(Listed(urljoin(address, href), kind, file_type, when, _text(hidden[0])))
    if not links and not (_NO_REPORTS.search(_text(tree)) and name):
        raise SiteLayoutError(
            address,
            "links of class 'publication-link' each with a span.nonvisual 'kind, pdf - 24 February 2020' "
            "(or a 'no reports' message under the authority's heading)",
        )
    if links and not publications:
        raise SiteLayoutError(
            address, f"publication links readable as 'kind, pdf - date' ({'; '.join(problems[:3])})"
        )
    return ProviderPage(urn, name, publications, problems)
