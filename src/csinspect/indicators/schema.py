"""Pydantic schema of the indicator catalogue files (``catalogue/*.yaml``).

Each file holds ``indicators:`` (and optionally ``datasets:``, the official files the indicators come
from). An indicator names one primary ``source`` and may name ``alternate_sources`` (for example the
LAIT long file, which carries the same published value for earlier years); the profile prefers the
primary source and falls back to the alternates, and the LAIT/EES cross-check compares them.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Unit = Literal["rate_per_10k", "percent", "count", "days", "score", "months"]
Polarity = Literal["higher_is_better", "lower_is_better", "neither"]
SourceKind = Literal["ees", "lait", "ons", "returns", "ofsted", "derived"]

# Judgement areas an indicator can inform: ILACS 2023 ids, the Every Child Matters outcomes of the
# older frameworks (APA/JAR), and "context" for demand and population figures.
JUDGEMENT_AREAS: dict[str, str] = {
    "context": "Context and demand",
    "help_and_protection": "Help and protection",
    "children_in_care": "Children in care",
    "care_leavers": "Care leavers",
    "impact_of_leaders": "Impact of leaders (workforce)",
    "being_healthy": "Being healthy (ECM)",
    "staying_safe": "Staying safe (ECM)",
    "enjoying_and_achieving": "Enjoying and achieving (ECM)",
    "making_a_positive_contribution": "Making a positive contribution (ECM)",
    "achieving_economic_wellbeing": "Achieving economic well-being (ECM)",
    "provider_outcomes": "Provider outcomes (Ofsted)",
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Dataset(_Strict):
    """An official file an indicator is read from, recognised by its file name."""

    id: str
    title: str
    publisher: str
    file_patterns: list[str] = Field(min_length=1)  # regular expressions matched against the file name
    # the file's layout: an EES CSV, or one the readers turn into EES's (sources/official/layouts.py)
    layout: Literal["ees", "fingertips", "revenue_outturn"] = "ees"
    ees_dataset_id: str | None = None
    # Where ``sync data`` finds new releases through EES's public API: the publication's slug, and (when the
    # data set id is not known) a regular expression its data set's title matches (case-insensitive)
    ees_publication: str | None = None
    ees_title: str | None = None
    url: str | None = None
    notes: str | None = None


class Source(_Strict):
    kind: SourceKind
    dataset: str | None = None  # Dataset.id (ees/ons/ofsted) or "bds_long" (lait)
    filters: dict[str, str] = Field(default_factory=dict)  # filter column -> value
    column: str  # indicator column (EES), Short Desc (LAIT), measure name (returns)
    denominator_column: str | None = None  # value = column / denominator * multiplier
    multiplier: float = 1.0
    value_format: Literal["number", "years_months"] = "number"  # "01:03" = 1 year 3 months -> 15
    # kind "derived": numerator / denominator * multiplier from two stored indicators (the national framework
    # dashboard's rates per 10,000 from a count and the ONS population), the denominator taken
    # ``denominator_year_offset`` years from the numerator's (-1: the mid-year estimate before the year to
    # 31 March), rounded half up to ``round_to`` places first when the publisher does so
    numerator: str | None = None
    denominator: str | None = None
    denominator_year_offset: int = 0
    round_to: int | None = None
    complement: bool = (
        False  # derived: the share NOT in the numerator, (denominator - numerator) / denominator
    )

    @model_validator(mode="after")
    def _denominator_needs_multiplier(self) -> Source:
        if self.denominator_column and self.multiplier == 1.0:
            raise ValueError("a derived percentage (denominator_column) needs multiplier: 100")
        if self.kind == "derived" and not (self.numerator and self.denominator and self.multiplier != 1.0):
            raise ValueError(
                "a derived source names its numerator and denominator indicators and a multiplier"
            )
        return self


class Indicator(_Strict):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    title: str
    unit: Unit
    polarity: Polarity
    polarity_source: str
    polarity_status: Literal["verified", "unverified"] = "unverified"
    definition: str
    source: Source
    alternate_sources: list[Source] = Field(default_factory=list)
    judgement_areas: list[str] = Field(min_length=1)
    decimals: int = 1
    # loaded (an input of a derived measure) but not shown as a measure of its own
    hidden: bool = False
    # the indicator computed from the council's own returns that measures the same thing (returns.yaml),
    # shown beside the published figure in the profile
    local_indicator: str | None = None

    @field_validator("judgement_areas")
    @classmethod
    def _known_areas(cls, areas: list[str]) -> list[str]:
        unknown = [a for a in areas if a not in JUDGEMENT_AREAS]
        if unknown:
            raise ValueError(f"unknown judgement areas {unknown}; known: {sorted(JUDGEMENT_AREAS)}")
        return areas

    def all_sources(self) -> list[Source]:
        return [self.source, *self.alternate_sources]


class CatalogueFile(_Strict):
    datasets: list[Dataset] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)
