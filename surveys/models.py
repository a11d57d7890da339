"""The record of every survey upload: who sent which file, its checks and what
it created."""

from django.conf import settings
from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _

from .report import ReportField, SurveyReport


class SurveyImport(models.Model):
    """One upload of GPS points: who, when, the file kept for audit, and counts."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received, not checked yet")
        PREVIEWED = "previewed", _("Previewed")
        COMMITTED = "committed", _("Committed")
        # ``import_survey --dry-run``: a record of the check, not a preview
        # waiting for someone to commit it.
        CHECKED = "checked", _("Checked only (dry run)")
        FAILED = "failed", _("Failed")

    class Via(models.TextChoices):
        PAGE = "page", _("upload page")
        COMMAND = "command", _("command line")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    layer = models.CharField(max_length=20)
    kelurahan = models.ForeignKey(
        "spatial.Kelurahan", on_delete=models.PROTECT, related_name="+"
    )
    filename = models.CharField(max_length=255)
    file = models.FileField(upload_to="imports/%Y/%m/", blank=True)
    sha256 = models.CharField(max_length=64, db_index=True)
    status = models.CharField(max_length=10, choices=Status.choices)
    # The page checks and commits only its own uploads; a command's record is
    # the command's to finish.
    via = models.CharField(max_length=10, choices=Via.choices, default=Via.PAGE)
    created = models.PositiveIntegerField(default=0)
    duplicates = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    report = ReportField(default=SurveyReport, blank=True)
    # The file's size in bytes, counted against the uploader's daily quota.
    size = models.PositiveBigIntegerField(default=0)
    # Until when the checked rows wait in the staging tables for the commit
    # (surveys.staging); None when nothing is staged.
    staged_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        # The table keeps the name it had when the record lived in spatial.
        db_table = "spatial_surveyimport"
        ordering = ["-at"]
        verbose_name = _("survey import")
        verbose_name_plural = _("survey imports")

    def __str__(self):
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def is_final(self):
        """Committed, or a command-line dry run: nothing more to check or
        commit on it."""
        return self.status in (self.Status.COMMITTED, self.Status.CHECKED)

    @property
    def checkable(self):
        """Whether the upload page may check it (again): not a refused file,
        which is not kept."""
        return self.via == self.Via.PAGE and not self.is_final and bool(self.file)

    @property
    def committable(self):
        """Whether the upload page may commit it: a page upload whose last
        check found rows to import."""
        return (
            self.via == self.Via.PAGE
            and self.status == self.Status.PREVIEWED
            and self.report.new > 0
        )
