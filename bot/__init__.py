"""Compagnon CPTS: a Telegram assistant for teams creating a CPTS."""

__version__ = "0.1.0"
