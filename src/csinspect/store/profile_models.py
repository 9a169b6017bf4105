"""Published indicator values (EES, LAIT, ONS, Ofsted provider outcomes) and their change log.

One row per (indicator, source kind, geography level, area, period). A suppressed or special value keeps
its symbol (``c``, ``k``, ``x``, ``z``, ``:``, ``~``, ``low``, ``u``, LAIT ``-``) with ``value`` NULL, so
"suppressed" never turns into zero. A re-published file that changes a value updates the row and writes
an ``IndicatorValueChange`` with the old and new value and symbol and the file that brought the change.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from csinspect.store.base import Base, utcnow


class IndicatorValue(Base):
    __tablename__ = "indicator_value"
    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[str] = mapped_column(String(80), index=True)
    source_kind: Mapped[str] = mapped_column(String(10))  # ees | lait | ons | ofsted
    geo_level: Mapped[str] = mapped_column(String(10))  # national | regional | la
    area_code: Mapped[str] = mapped_column(String(12), index=True)  # la_code, E12…/E13… region, E92000001
    period: Mapped[str] = mapped_column(String(16))  # "2016", "2023/24", "2014-16"
    year: Mapped[int] = mapped_column(Integer)  # the calendar year the period ends in (for sorting/matching)
    value: Mapped[float | None] = mapped_column(Float)
    symbol: Mapped[str | None] = mapped_column(String(8))  # suppression/special symbol when value is NULL
    numerator: Mapped[float | None] = mapped_column(Float)
    denominator: Mapped[float | None] = mapped_column(Float)
    source_file_id: Mapped[int | None] = mapped_column(ForeignKey("source_file.id"))
    source_ref: Mapped[str | None] = mapped_column(String(300))  # file, row (and sheet)
    # the other authorities a jointly published figure belongs to ("941" on 940's row): shown as joint, and
    # never ranked or compared as one authority's
    joint_with: Mapped[str | None] = mapped_column(String(40))
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    __table_args__ = (
        UniqueConstraint("indicator_id", "source_kind", "geo_level", "area_code", "period"),
        Index("ix_indicator_value_indicator_period", "indicator_id", "period"),
        Index("ix_indicator_value_area_indicator", "area_code", "indicator_id"),
    )


class IndicatorValueChange(Base):
    """What a re-published file changed: the value (or symbol) before and after."""

    __tablename__ = "indicator_value_change"
    id: Mapped[int] = mapped_column(primary_key=True)
    value_id: Mapped[int] = mapped_column(ForeignKey("indicator_value.id", ondelete="CASCADE"), index=True)
    indicator_id: Mapped[str] = mapped_column(String(80))
    area_code: Mapped[str] = mapped_column(String(12))
    period: Mapped[str] = mapped_column(String(16))
    old_value: Mapped[float | None] = mapped_column(Float)
    old_symbol: Mapped[str | None] = mapped_column(String(8))
    new_value: Mapped[float | None] = mapped_column(Float)
    new_symbol: Mapped[str | None] = mapped_column(String(8))
    old_source_file_id: Mapped[int | None] = mapped_column(ForeignKey("source_file.id"))
    new_source_file_id: Mapped[int | None] = mapped_column(ForeignKey("source_file.id"))
    changed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class ProviderInspection(Base):
    """A social care provider's latest full inspection outcome as Ofsted published it (provider-level sheet)."""

    __tablename__ = "provider_inspection"
    id: Mapped[int] = mapped_column(primary_key=True)
    as_at: Mapped[date] = mapped_column(Date)  # the sheet's "at 31 March" date
    urn: Mapped[str] = mapped_column(String(20))
    provision_type: Mapped[str] = mapped_column(String(120))
    sector: Mapped[str | None] = mapped_column(String(40))
    la_code: Mapped[str | None] = mapped_column(String(3), index=True)  # None when the LA name is unknown
    la_printed: Mapped[str | None] = mapped_column(String(200))
    places: Mapped[int | None] = mapped_column(Integer)
    inspection_date: Mapped[date | None] = mapped_column(Date)
    overall_label: Mapped[str | None] = mapped_column(String(80))  # as printed
    overall_ordinal: Mapped[int | None] = mapped_column(Integer)  # 4 outstanding … 1 inadequate
    source_file_id: Mapped[int | None] = mapped_column(ForeignKey("source_file.id"))
    source_ref: Mapped[str | None] = mapped_column(String(300))
    __table_args__ = (UniqueConstraint("as_at", "urn"),)


class LaitMeasureRow(Base):
    """A measure of LAIT's benchmarking file as its data dictionary describes it (its values are
    ``indicator_value`` rows with ``indicator_id`` ``lait:<short>``, or a catalogue indicator's)."""

    __tablename__ = "lait_measure"
    short: Mapped[str] = mapped_column(String(80), primary_key=True)
    code: Mapped[str | None] = mapped_column(String(20))
    topic: Mapped[str] = mapped_column(String(120), index=True)
    title: Mapped[str] = mapped_column(Text)
    chart_title: Mapped[str | None] = mapped_column(Text)
    polarity: Mapped[str] = mapped_column(String(20))
    polarity_given: Mapped[bool] = mapped_column(Boolean)
    unit_text: Mapped[str | None] = mapped_column(String(120))
    unit: Mapped[str] = mapped_column(String(20))
    decimals: Mapped[int] = mapped_column(Integer)
    decimals_given: Mapped[bool] = mapped_column(Boolean)
    year_type: Mapped[str | None] = mapped_column(String(40))
    quartiles: Mapped[bool] = mapped_column(Boolean)
    description: Mapped[str | None] = mapped_column(Text)
    indicator_id: Mapped[str] = mapped_column(String(80))  # the catalogue's id where it names the measure
    source_file_id: Mapped[int | None] = mapped_column(ForeignKey("source_file.id"))
