"""``python -m csinspect``: the same command line as ``csinspect``."""

from csinspect.cli import main

main()
