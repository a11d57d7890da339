"""What happened to the data: revisions of edited features and reads of personal
data (UU 27/2022 asks for that log). Survey uploads and exports keep their own
records in their apps."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.gis.db import models
from django.contrib.postgres.fields import ArrayField
from django.db import connections, router
from django.db.models import JSONField
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Revision(models.Model):
    """One create, update, delete or restore of a feature, with the state before
    and after (GeoJSON geometry and attributes).

    Our own model rather than django-simple-history or django-reversion, for
    three reasons the field's libraries do not cover without fighting them:
    a revision is written by ``spatial.services.editing`` inside the same
    transaction, kelurahan lock and version check as the edit it records
    (including the survey import's and the admin's saves, tagged in ``via``);
    a restore is an edit like any other, so it goes through ``full_clean``
    (inside the kelurahan, no overlap) instead of writing the old row back;
    and deleting a household erases its personal fields from every revision
    of it (UU 27/2022), and a reader who may not see them gets the history
    without them, which is one JSON document per revision here rather than a
    shadow table per model."""

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


class AccessLog(models.Manager):
    def record(
        self, *, user, model, kelurahan_id, channel, records, object_ids, detail
    ):
        """One read, written with one INSERT. The ORM sends ``object_ids`` as
        ARRAY[…] with a parameter per id, which PostgreSQL parses node by node:
        for a page of 1,000 features that was 3.5 ms of a 15 ms read (1.7 ms
        as one ``'{…}'`` literal, measured on the benchmark machine); the ORM's
        preparing of each id cost about as much again."""
        fields = {
            "user_id": user.pk if user is not None else None,
            "at": timezone.now(),
            "model": model,
            "kelurahan_id": kelurahan_id,
            "channel": channel,
            "records": records,
            "object_ids": "{" + ",".join(str(int(i)) for i in object_ids) + "}",
            "detail": detail,
        }
        columns = ", ".join(fields)
        values = ", ".join(
            "%s::bigint[]" if c == "object_ids" else "%s" for c in fields
        )
        table = self.model._meta.db_table
        # A write: the primary, as create() would choose, even when reads go
        # to a replica.
        alias = self._db or router.db_for_write(self.model)
        with connections[alias].cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES ({values})",  # noqa: S608 - our own table and columns
                list(fields.values()),
            )


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

    objects = AccessLog()

    class Meta:
        ordering = ["-at"]
        verbose_name = _("personal data read")
        verbose_name_plural = _("personal data reads")

    def __str__(self):
        return f"{self.user} read {self.records} {self.model} via {self.channel}"
