"""Every exception of the package, under one base class; each message says what to do, in Dutch."""
from __future__ import annotations


class VeerkrachtError(Exception):
    """Base of the package's errors: one line a person can act on."""


class ConfigError(VeerkrachtError, ValueError):
    """A params file or parameter that cannot be used; the message names the fix."""


class SourceError(VeerkrachtError):
    """A source file is missing, unreadable or not in the expected format.

    The message is one line: which file, what is wrong, and what to do about it.
    """


class MissingDataError(SourceError):
    """Input files that a build needs are absent; the message lists each one and where to get it."""


class BuildError(VeerkrachtError, RuntimeError):
    """A chapter notebook failed; the message names the chapter and the error."""


#: how a message quotes what a library (GDAL, zipfile, pandas, the OS) said; its words stay in its language
TECHNICAL_NOTE = "technische melding"


def technical_note(error: BaseException | str) -> str:
    """``(technische melding: <first line of the error>)``: a library's own words, quoted at the end of
    a message, after our Dutch sentence has said what is wrong and what to do."""
    text = str(error).strip()
    first = text.splitlines()[0] if text else type(error).__name__
    return f"({TECHNICAL_NOTE}: {first})"
