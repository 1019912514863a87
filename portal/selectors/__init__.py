"""Reads: named queries that views, admin views and exports share."""
