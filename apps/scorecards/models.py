"""Scoring schemes, scores and ranked evaluation tables."""
