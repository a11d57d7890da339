from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RastersConfig(AppConfig):
    name = "rasters"
    verbose_name = _("Rasters")

    def ready(self):
        from spatial import layers

        from . import export_columns

        layers.extend_export(
            "idle_plots",
            attributes=export_columns.ATTRIBUTES,
            prepare=(export_columns.refresh,),
        )
