"""Ingestion of published inspection reports: parse (no database), check against the framework, resolve the
authority at the inspection date, store idempotently (one transaction per document)."""
