from spatial.errors import InvalidInput


class FileError(InvalidInput):
    """A file that cannot be used; the message names the file and the reason."""

    code = "bad_file"

    def __init__(self, filename, reason, *, details=None):
        super().__init__(f"{filename}: {reason}", details=details)
        self.filename = filename
        self.reason = reason


class UnsafeFile(FileError):
    code = "unsafe_file"


class UnknownCRS(FileError):
    code = "unknown_crs"


class FeatureErrors(FileError):
    """Some features or rows are wrong; ``details`` lists ``{row, reason}``."""

    code = "bad_features"
