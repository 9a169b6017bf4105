"""csinspect: England's inspection and assessment regime for local-authority children's services."""

__version__ = "0.1.0"
