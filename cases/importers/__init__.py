"""Spreadsheet import of people, cases and custody (and the report shape every importer shares)."""
