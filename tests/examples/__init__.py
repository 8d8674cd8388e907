"""Checks of the programs in examples/: one module per API area, each defining ``CASES``.

``tests/test_examples.py`` runs every case of every module here on sync, asyncio and trio.
"""
