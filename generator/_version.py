"""The toolkit's version, recorded in every generation manifest."""

__version__ = "0.1.0"
