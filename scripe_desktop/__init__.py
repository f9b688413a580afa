"""Scripe Desktop: upload files to a Scripe workspace as sources or knowledge."""

__version__ = "0.1.0"
