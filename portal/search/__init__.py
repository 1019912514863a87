"""Chinese-aware site search."""
