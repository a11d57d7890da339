from django.utils.translation import gettext as _

from spatial.errors import InvalidInput


class FileError(InvalidInput):
    """A file that cannot be used; the message names the file and the reason.
    ``internal_reason`` may add what only the operator needs (a library's
    own words)."""

    code = "bad_file"

    def __init__(self, filename, reason, *, details=None, internal_reason=None):
        self.internal_reason = internal_reason or reason
        super().__init__(
            f"{filename}: {reason}",
            details=details,
            internal=f"{filename}: {self.internal_reason}",
        )
        self.filename = filename
        self.reason = reason


class UnsafeFile(FileError):
    code = "unsafe_file"


class NotPoints(FileError):
    """A layer of lines or polygons where points are expected."""

    code = "not_points"


class BadEncoding(FileError):
    """Text in a code page the file was not read in; the user names it."""

    code = "bad_encoding"


class NotData(FileError):
    """A file that describes a survey (an XLSForm) rather than holding its
    answers."""

    code = "xlsform"


class UnknownCRS(FileError):
    code = "unknown_crs"


class FeatureErrors(FileError):
    """Some features or rows are wrong; ``details`` lists ``{row, reason}``."""

    code = "bad_features"


class LayerChoice(FileError):
    """The file holds several layers (or sheets) and none was chosen;
    ``layers`` lists them."""

    code = "choose_layer"

    def __init__(self, filename, layers):
        names = ", ".join(layers)
        super().__init__(
            filename,
            _("holds %(n)d layers (%(names)s); choose one")
            % {"n": len(layers), "names": names},
            details=[{"layer": layer} for layer in layers],
        )
        self.layers = list(layers)


class MissingField(FileError):
    """Required fields with no column and no value for every row; ``fields``
    names them."""

    code = "missing_field"

    def __init__(self, filename, reason, *, fields, fillable):
        super().__init__(filename, reason)
        self.fields = list(fields)
        self.fillable = fillable


class FillError(InvalidInput):
    """A value given for every row that its field does not take."""

    code = "bad_fill"

    def __init__(self, field, reason):
        message = _("%(field)s for every row: %(reason)s")
        super().__init__(message % {"field": field, "reason": reason})
        self.field = field
        self.reason = reason


class NoCoordinates(FileError):
    """No column holds coordinates; ``columns`` lists what the file has."""

    code = "no_coordinates"

    def __init__(self, filename, reason, *, columns):
        super().__init__(filename, reason)
        self.columns = list(columns)
