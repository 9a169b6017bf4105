"""Loaders for official published files (Ofsted workbooks, DfE tables, EES CSVs, LAIT, ONS, mySociety)."""
