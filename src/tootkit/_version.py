"""The version of tootkit, in a module of its own so that the client needs nothing above it."""

__version__ = "0.1.0"
