"""Statistical-neighbour models into the store (kind ``sn_models``): a new version of a model's file replaces
its neighbours. The reader is ``csinspect.sources.official.sn_models``."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import delete
from sqlalchemy.orm import Session

from csinspect.load.outcome import FileOutcome
from csinspect.sources.official.sn_models import NAME, TITLES, model_of, parse_sn_sheet
from csinspect.store.models import SourceFile, StatNeighbour, StatNeighbourModel


class SnModelsLoader:
    kind = "sn_models"
    order = 20
    description = "DfE statistical neighbour models (LA SN Groups)"

    def matches(self, path: Path) -> bool:
        return bool(NAME.match(path.name))

    def load(self, path: Path, session: Session, source: SourceFile) -> FileOutcome:
        model_id, in_force = model_of(path)
        rows, skipped = parse_sn_sheet(path)
        summary = FileOutcome(file=path.name, kind=self.kind, skipped=skipped)
        summary.rows_read = len({r["la_code"] for r in rows})
        model = session.get(StatNeighbourModel, model_id)
        if model is None:
            model = StatNeighbourModel(
                id=model_id, title=TITLES.get(model_id, model_id), in_force_from=in_force
            )
            session.add(model)
        model.source_file_id = source.id
        session.flush()
        # A new version of the same model's file replaces its neighbours.
        session.execute(delete(StatNeighbour).where(StatNeighbour.model_id == model_id))
        session.add_all(
            StatNeighbour(
                model_id=model_id,
                la_code=r["la_code"],
                rank=r["rank"],
                neighbour_la_code=r["neighbour_la_code"],
                closeness=r["closeness"],
                listed_under_old_sns=r["listed_under_old_sns"],
            )
            for r in rows
        )
        summary.rows_loaded = len(rows)
        summary.notes.append(f"model {model_id}: {summary.rows_read} LAs, {len(rows)} neighbour rows")
        return summary
