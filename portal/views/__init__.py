"""Public and member views of the portal app."""
