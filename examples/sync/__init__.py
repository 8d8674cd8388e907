# A package only so that type checkers tell examples/aio/chat.py from examples/sync/chat.py.
