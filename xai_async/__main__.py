"""``python -m xai_async``: the ``xai`` command line (see ``xai --help``)."""

from xai_async._core.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
