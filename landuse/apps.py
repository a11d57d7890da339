from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LanduseConfig(AppConfig):
    name = "landuse"
    verbose_name = _("Idle land")

    def ready(self):
        from spatial import layers

        from . import export_fields
        from .api.views import IdlePlotViewSet
        from .models import IdlePlot

        layers.register(
            layers.Layer(
                name="idle_plots",
                model=IdlePlot,
                api_prefix="idle-plots",
                api_basename="idleplot",
                viewset=IdlePlotViewSet,
                export=export_fields.LAYER,
                editable=True,
            )
        )
