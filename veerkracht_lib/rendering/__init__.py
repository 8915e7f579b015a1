"""Rendering: maps (interactive and static), charts, narrative and the pages of a report."""
