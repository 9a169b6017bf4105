"""Action plans: recommendations → actions with due dates, RAG, progress, .xlsx, repeat links."""
