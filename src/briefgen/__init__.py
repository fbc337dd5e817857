"""briefgen: citable editions, comparisons and briefs of international declarations."""

__version__ = "0.1.0"
