"""Filière: evidence in, a qualified, documented case out."""

__version__ = "0.1.0"
