"""The building blocks the family readers share, by topic: dates, grades, people, recommendations, facts,
headings and the front page."""
