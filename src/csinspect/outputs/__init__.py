"""Outputs: reports, letters and spreadsheets."""
