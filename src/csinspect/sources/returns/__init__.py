"""Readers for a council's own child-level returns: SSDA903 CSV tables, the CIN census XML and Annex A
workbooks. Each reader validates types and codes, returns typed Polars tables of the rows it accepted and a
problem table (file, table, row, column, value, rule), and reconciles rows read = accepted + rejected."""
