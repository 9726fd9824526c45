"""The process entry: ``python -m reportgen`` and the ``reportgen`` console script (``run``)."""
from __future__ import annotations

import gc
import os
import sys


def run() -> None:
    """The command line, in a process that ends with it.

    ``reportgen build`` of one config starts its PDF workers' fork server first, from the raw
    arguments (pipeline.prestart.early), before the command line's own modules load: the fork
    server's imports are what the first PDF waits for.

    An ending interpreter collects its cyclic garbage once more, walking every object a build
    left (the ledger's models, the rendered documents, the writers' modules): about 80 ms of a
    seed-002 build, for memory the ending process gives back anyway. Frozen objects are left out
    of that walk; files are closed, buffers flushed and exit functions run as usual. Not done by
    ``reportgen.cli.main``, which tests and other programs call in a process that goes on.
    """
    if sys.argv[1:2] == ["build"]:
        # the fork server inherits this process's environment as it is now: without pydantic's
        # plugin search, as reportgen.cli.app sets it for the CLI (a user's own value kept)
        os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
        from reportgen.pipeline import prestart

        prestart.early(sys.argv[2:])
    from reportgen.cli import main

    try:
        main()
    finally:
        gc.freeze()


if __name__ == "__main__":
    run()
