"""Wagtail admin viewsets of the portal app."""
