"""Every exception of the package, under one base class; each message says what to do."""
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
