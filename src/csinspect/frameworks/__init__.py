"""Frameworks as data: one schema-validated YAML file per framework (``frameworks/data``)."""

from csinspect.frameworks.registry import FrameworkError, all_frameworks, get_framework, load_framework_file

__all__ = ["FrameworkError", "all_frameworks", "get_framework", "load_framework_file"]
