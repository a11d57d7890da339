from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MapUIConfig(AppConfig):
    name = "mapui"
    verbose_name = _("Map")
