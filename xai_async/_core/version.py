"""The version of this SDK; the one place it is written (read by the build and both packages)."""

__version__ = "0.1.0"
