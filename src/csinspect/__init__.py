"""csinspect: England's inspection and assessment regime for local-authority children's services."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("csinspect")  # the one source: pyproject.toml's version
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"
