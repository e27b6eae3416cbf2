"""Household registry: household and member records, imports, indicators and red lights."""
