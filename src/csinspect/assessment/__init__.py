"""Assessments: evidence, proposals from readable rules, recorded grades, states and audit."""
