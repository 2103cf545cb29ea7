"""Rollups are derived data: not edited in the admin. Norms are edited on the dashboard's norms page."""
