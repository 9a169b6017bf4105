"""Ofsted's provider-level sheet into the store: every provider as ``ProviderInspection`` (provision type, LA,
latest overall judgement), and the share judged good or outstanding as indicator values. LA names are resolved
with the authority index at the sheet's date; names it cannot resolve are listed, never dropped silently.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from sqlalchemy import delete, insert
from sqlalchemy.orm import Session

from csinspect.authorities.resolve import AuthorityIndex
from csinspect.load.official.indicators import CatalogueLoader
from csinspect.load.official.values import store_values
from csinspect.load.outcome import FileOutcome
from csinspect.sources.official.providers import parse_provider_sheet, provider_values
from csinspect.store.models import SourceFile
from csinspect.store.profile_models import ProviderInspection


class ProvidersLoader(CatalogueLoader):
    kind = "ofsted_csc_providers"
    order = 50
    description = (
        "Ofsted children's social care providers' latest overall effectiveness (provider-level sheet)"
    )

    def matches(self, path: Path) -> bool:
        ds = self.catalogue.datasets.get("ofsted_csc_providers")
        return ds is not None and any(re.search(p, path.name, re.IGNORECASE) for p in ds.file_patterns)

    def load(self, path: Path, session: Session, source: SourceFile) -> FileOutcome:
        summary = FileOutcome(file=path.name, kind=self.kind)
        as_at, sheet, rows = parse_provider_sheet(path)
        summary.rows_read = len(rows)
        index = AuthorityIndex.from_session(session)
        resolved: dict[str, str | None] = {}
        unknown: Counter[str] = Counter()
        for r in rows:
            name = r["la_printed"]
            if name and name not in resolved:
                try:
                    resolved[name] = index.resolve(name, on=as_at).la_code if len(index) else None
                except LookupError:
                    resolved[name] = None
            r["la_code"] = resolved.get(name) if name else None
            if r["la_code"] is None:
                unknown[name or "(blank)"] += 1
        if not len(index):
            summary.notes.append("authority register not loaded: LA names were not resolved")
        elif unknown:
            summary.skip("unknown_la_name", sum(unknown.values()))
            summary.notes.append(
                "LA names not resolved (providers kept without an LA): "
                + "; ".join(f"{n} ×{c}" for n, c in sorted(unknown.items()))
            )
        no_grade = sum(1 for r in rows if r["overall_ordinal"] is None)
        if no_grade:
            summary.skip("no overall judgement", no_grade)
        session.execute(delete(ProviderInspection).where(ProviderInspection.as_at == as_at))
        records = [
            {
                k: r[k]
                for k in (
                    "urn",
                    "provision_type",
                    "sector",
                    "la_code",
                    "la_printed",
                    "places",
                    "inspection_date",
                    "overall_label",
                    "overall_ordinal",
                    "source_ref",
                )
            }
            | {"as_at": as_at, "source_file_id": source.id}
            for r in rows
        ]
        if records:
            session.execute(insert(ProviderInspection), records)
        summary.rows_loaded = len(records)
        summary.notes.append(f"{sheet}: {len(records)} providers at {as_at.isoformat()}")
        values = provider_values(rows, self.catalogue, as_at, path.name, sheet)
        if values is not None:
            store_values(session, values, source, summary)
        return summary
