"""The log of every export: who took which layer, in what format, with which
fields."""

from django.conf import settings
from django.contrib.gis.db import models
from django.db.models import JSONField
from django.utils.translation import gettext_lazy as _


class ExportLog(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    layer = models.CharField(max_length=30)
    format = models.CharField(max_length=10)
    filters = JSONField(default=dict, blank=True)
    fields = JSONField(default=list, blank=True)
    personal_data = models.BooleanField(default=False)
    features = models.PositiveIntegerField(default=0)

    class Meta:
        # The table keeps the name it had when the record lived in spatial.
        db_table = "spatial_exportlog"
        ordering = ["-at"]
        verbose_name = _("export")
        verbose_name_plural = _("exports")

    def __str__(self):
        return f"{self.layer}.{self.format} by {self.user} at {self.at:%Y-%m-%d %H:%M}"
