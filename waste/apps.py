from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WasteConfig(AppConfig):
    name = "waste"
    verbose_name = _("Household waste")

    def ready(self):
        from spatial import layers

        from . import export_fields, survey_fields
        from .api.views import WastePointViewSet
        from .models import WastePoint

        layers.register(
            layers.Layer(
                name="waste_points",
                model=WastePoint,
                api_prefix="waste-points",
                api_basename="wastepoint",
                viewset=WastePointViewSet,
                survey=survey_fields.LAYER,
                export=export_fields.LAYER,
                surveyor_adds=True,
                editable=True,
            )
        )
