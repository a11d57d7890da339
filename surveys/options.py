"""The choices a user makes about one survey file: how its columns map, its
CRS and layer, its text encoding, values for rows that have none. The page's
form and the command's arguments both become a SurveyOptions; the preview
stores it in its report, and a commit with the same options finds the rows
that check staged."""

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class SurveyOptions:
    mapping: dict = field(default_factory=dict)
    srid: int | None = None
    layer_name: str | None = None
    encoding: str | None = None
    fix_swapped: bool = False
    keep_near_duplicates: bool = False
    # field → the value (as typed) for rows that have none, e.g. the kind of
    # every waste point in a GPX of illegal dumping spots.
    fill: dict = field(default_factory=dict)

    def as_dict(self):
        return asdict(self)

    @classmethod
    def from_dict(cls, data):
        known = cls.__dataclass_fields__
        return cls(**{k: v for k, v in (data or {}).items() if k in known})

    def filled(self, layer):
        """``fill`` read by each field's parser, once per options and layer:
        the command checks it before uploading, the import uses the same
        result. FillError names a value its field does not take."""
        from .mapping import fill_values

        cache = self.__dict__.setdefault("_filled", {})
        if layer.name not in cache:
            cache[layer.name] = fill_values(layer, self.fill)
        return cache[layer.name]
