"""Inspection campaigns: teams, samples, findings and rectification."""
