"""The one error every reader raises for bad input: it names the file, the place in it and the problem."""

from __future__ import annotations


class SourceError(ValueError):
    """A file (or part of one) that cannot be read as what it claims to be.

    ``file`` names the file, ``where`` the place in it (sheet and row, line, page; may be empty) and
    ``problem`` what is wrong. The message reads "file, where: problem".
    """

    def __init__(self, file: str, problem: str, where: str = "") -> None:
        self.file = str(file)
        self.where = where
        self.problem = problem
        super().__init__(f"{self.file}{', ' + where if where else ''}: {problem}")
