"""The layers of Wakuncar GIS, registered by the apps that hold them.

The core knows no app: each app (``households``, ``landuse``, ``waste``, and the
core itself for the boundaries) registers its layer in ``AppConfig.ready()``,
and the jobs (surveys, exports, the map, the API's router) read the layers from
here. A layer names its model, its REST API view, and the specs that say how a
survey file fills it (``spatial.layers.survey``) and how it is exported
(``spatial.layers.export``)."""

from dataclasses import dataclass, replace

from django.utils.functional import cached_property


@dataclass(frozen=True)
class Layer:
    name: str  # in URLs, commands and file names: "idle_plots"
    model: type
    # The REST API: /api/<api_prefix>/, routes named <api_basename>-list/-detail.
    api_prefix: str
    api_basename: str
    viewset: type
    survey: object = None  # spatial.layers.survey.SurveyLayer
    export: object = None  # spatial.layers.export.ExportLayer
    # Surveyors add records of this layer (from files and on the map).
    surveyor_adds: bool = False
    # Drawn and edited on the map through spatial.services.editing.
    editable: bool = False

    @cached_property
    def label(self):
        return self.model._meta.verbose_name_plural


_LAYERS = {}


def register(layer):
    if layer.name in _LAYERS:
        raise ValueError(f"layer {layer.name!r} is registered twice")
    _LAYERS[layer.name] = layer


def extend_export(name, *, attributes=(), prepare=()):
    """Add columns to layer ``name``'s export from another app (rasters adds
    a plot's raster statistics to idle plots), with what brings them up to
    date before an export reads them."""
    layer = get(name)
    export = replace(
        layer.export,
        attributes=(*layer.export.attributes, *attributes),
        prepare=(*layer.export.prepare, *prepare),
    )
    _LAYERS[name] = replace(layer, export=export)


def registered():
    """Every layer, in the order their apps are installed: boundaries first."""
    return list(_LAYERS.values())


def get(name):
    """The layer called ``name``; LookupError when there is none."""
    try:
        return _LAYERS[name]
    except KeyError:
        raise LookupError(name) from None


def for_model(model):
    """The layer holding ``model``, or None (a model that is no layer)."""
    return next((layer for layer in _LAYERS.values() if layer.model is model), None)


def surveyed():
    """The layers a survey file can fill, by name."""
    return {layer.name: layer.survey for layer in _LAYERS.values() if layer.survey}


def exported():
    """The layers a planner can export, by name."""
    return {layer.name: layer.export for layer in _LAYERS.values() if layer.export}
