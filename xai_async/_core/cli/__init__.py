"""``xai``: the xAI API from the command line, built on the sync client (``xai_sync.Client``).

``main`` is the console script ``xai`` and ``python -m xai_sync`` / ``python -m xai_async``.
Each command group lives in a module of its own (``chat``, ``media``, ``files``, ``batches``,
``collections_``, ``catalogue``); ``app`` holds the parser, the global options, the client and
the exit codes; ``output`` and ``progress`` what the commands print. Everything beyond the
standard library (the SDK's client, ``rich``) is imported when a command needs it, so
``import xai_async`` never loads this package's dependencies.
"""

from __future__ import annotations

from .app import main

__all__ = ["main"]
