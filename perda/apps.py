from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PerdaConfig(AppConfig):
    """The Perda Kota Metro 1/2018 dashboard, early warning and monthly report."""

    name = "perda"
    verbose_name = _("Perda dashboard")
    default_auto_field = "django.db.models.BigAutoField"
