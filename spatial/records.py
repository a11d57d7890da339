"""What happened to the data: revisions of edited features, survey imports,
exports and reads of personal data (UU 27/2022 asks for that log)."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.gis.db import models
from django.contrib.postgres.fields import ArrayField
from django.db.models import JSONField
from django.utils.translation import gettext_lazy as _


class Revision(models.Model):
    """One create, update, delete or restore of a feature, with the state before
    and after (GeoJSON geometry and attributes)."""

    class Action(models.TextChoices):
        CREATE = "create", _("Created")
        UPDATE = "update", _("Updated")
        DELETE = "delete", _("Deleted")
        RESTORE = "restore", _("Restored")

    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, verbose_name=_("kind of feature")
    )
    object_id = models.BigIntegerField(_("feature id"))
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    version = models.PositiveIntegerField(_("version"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("user"),
    )
    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    before = JSONField(_("before"), null=True, blank=True)
    after = JSONField(_("after"), null=True, blank=True)
    via = models.CharField(_("via"), max_length=20, default="map")

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return (
            f"{self.content_type.model} #{self.object_id} v{self.version} {self.action}"
        )


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
    report = JSONField(default=dict, blank=True)

    class Meta:
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
        """Whether the upload page may check it (again)."""
        return self.via == self.Via.PAGE and not self.is_final

    @property
    def committable(self):
        """Whether the upload page may commit it: a page upload whose last
        check found rows to import."""
        return (
            self.via == self.Via.PAGE
            and self.status == self.Status.PREVIEWED
            and (self.report or {}).get("new", 0) > 0
        )


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
        ordering = ["-at"]
        verbose_name = _("export")
        verbose_name_plural = _("exports")

    def __str__(self):
        return f"{self.layer}.{self.format} by {self.user} at {self.at:%Y-%m-%d %H:%M}"


class PersonalDataAccess(models.Model):
    """A read of personal data through a page, the API or an export: who,
    when, which kind of record, how many and, where the read named them, which
    (``object_ids``); ``detail`` holds the address or the export's filters."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("user"),
    )
    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    model = models.CharField(_("kind of record"), max_length=40)
    kelurahan = models.ForeignKey(
        "spatial.Kelurahan",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kelurahan"),
    )
    channel = models.CharField(_("channel"), max_length=20)
    records = models.PositiveIntegerField(_("records"), default=0)
    object_ids = ArrayField(
        models.BigIntegerField(),
        verbose_name=_("record ids"),
        default=list,
        blank=True,
    )
    detail = models.CharField(_("detail"), max_length=255, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("personal data read")
        verbose_name_plural = _("personal data reads")

    def __str__(self):
        return f"{self.user} read {self.records} {self.model} via {self.channel}"
