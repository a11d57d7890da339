from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HouseholdsConfig(AppConfig):
    name = "households"
    verbose_name = _("Households")

    def ready(self):
        from spatial import layers

        from . import export_fields, survey_fields
        from .api.views import HouseholdViewSet
        from .models import Household

        layers.register(
            layers.Layer(
                name="households",
                model=Household,
                api_prefix="households",
                api_basename="household",
                viewset=HouseholdViewSet,
                survey=survey_fields.LAYER,
                export=export_fields.LAYER,
                surveyor_adds=True,
                editable=True,
            )
        )
