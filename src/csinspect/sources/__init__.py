"""Readers of published material: official tables, inspection reports, child-level returns."""
