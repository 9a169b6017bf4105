"""A council's own child-level returns: pseudonymised columnar storage, indicators and synthetic data."""
