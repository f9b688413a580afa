"""The one error about libmagic's type database, apart from libmagic itself.

Why a module of its own: the window's process rebuilds this error from the engine's answer
(``protocol``) but sniffs no file; importing ``inspect`` for it loaded libmagic there too.
"""


class TypeDatabaseError(RuntimeError):
    """libmagic has no usable database: every file would look like unrecognised data."""
