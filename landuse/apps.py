from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LanduseConfig(AppConfig):
    name = "landuse"
    verbose_name = _("Idle land")
