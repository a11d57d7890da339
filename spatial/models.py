from django.conf import settings
from django.contrib.gis.db import models
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .errors import field_invalid
from .measure import M2_PER_HA, area_expression
from .querysets import AdminUnitQuerySet
from .topology import outside_of, overlap_m2


class AdminUnit(models.Model):
    """A level of the administrative hierarchy. Subclasses name their parent in
    ``parent_field``; the topology rules in ``clean()`` follow from it."""

    name = models.CharField(_("name"), max_length=100)
    code = models.CharField(_("official code"), max_length=40, unique=True)
    slug = models.SlugField(_("slug"), max_length=80)
    geom = models.MultiPolygonField(_("boundary"), srid=4326)
    area_m2 = models.GeneratedField(
        expression=area_expression(),
        output_field=models.FloatField(),
        db_persist=True,
        verbose_name=_("area (m²)"),
    )

    objects = AdminUnitQuerySet.as_manager()

    parent_field = None

    class Meta:
        abstract = True
        ordering = ["code"]

    def __str__(self):
        return self.name

    @property
    def area_ha(self):
        return self.area_m2 / M2_PER_HA

    @property
    def parent(self):
        return getattr(self, self.parent_field) if self.parent_field else None

    def label(self):
        """The name with enough context to find the unit in the city."""
        parent = self.parent
        return f"{self} ({parent.label()})" if parent else str(self)

    def siblings(self):
        qs = type(self).objects.all()
        if self.parent_field:
            qs = qs.filter(**{self.parent_field: self.parent})
        return qs.exclude(pk=self.pk) if self.pk else qs

    def clean(self):
        super().clean()
        if self.geom is not None:
            self.validate_topology(siblings=self.siblings())

    def validate_topology(self, *, siblings):
        """Valid, within the parent, overlapping none of ``siblings`` (an
        importer replacing several siblings at once passes the ones it keeps)."""
        self._check_valid_geometry()
        self._check_inside_parent()
        self._check_no_sibling_overlap(siblings)

    def _check_valid_geometry(self):
        if not self.geom.valid:
            raise field_invalid(
                "geom",
                _("%(unit)s: invalid boundary (%(reason)s)."),
                code="invalid_geometry",
                unit=str(self),
                reason=self.geom.valid_reason,
            )

    def _check_inside_parent(self):
        if not (self.parent_field and getattr(self, f"{self.parent_field}_id")):
            return
        parent = self.parent
        outside = outside_of(self.geom, parent.geom)
        if outside:
            raise field_invalid(
                "geom",
                _(
                    "%(unit)s lies outside %(parent)s: %(area).0f m² up to "
                    "%(dist).0f m beyond its boundary."
                ),
                code="outside_parent",
                unit=str(self),
                parent=parent.label(),
                area=outside.area_m2,
                dist=outside.distance_m,
            )

    def _check_no_sibling_overlap(self, siblings):
        for sibling in siblings.filter(geom__intersects=self.geom):
            shared = overlap_m2(self.geom, sibling.geom)
            if shared:
                raise field_invalid(
                    "geom",
                    _("%(unit)s overlaps %(other)s by %(area).0f m²."),
                    code="overlaps_sibling",
                    unit=str(self),
                    other=sibling.label(),
                    area=shared,
                )


class Kecamatan(AdminUnit):
    class Meta(AdminUnit.Meta):
        verbose_name = _("kecamatan")
        verbose_name_plural = _("kecamatan")
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="kecamatan_slug_unique")
        ]

    def get_absolute_url(self):
        return f"/?kecamatan={self.slug}"


class Kelurahan(AdminUnit):
    kecamatan = models.ForeignKey(
        Kecamatan, on_delete=models.PROTECT, related_name="kelurahan"
    )

    parent_field = "kecamatan"

    class Meta(AdminUnit.Meta):
        verbose_name = _("kelurahan")
        verbose_name_plural = _("kelurahan")
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="kelurahan_slug_unique")
        ]

    def label(self):
        return f"Kelurahan {self.name}"

    def get_absolute_url(self):
        return f"/?kelurahan={self.slug}"


class RW(AdminUnit):
    kelurahan = models.ForeignKey(
        Kelurahan, on_delete=models.PROTECT, related_name="rws"
    )
    number = models.PositiveSmallIntegerField(_("RW number"))

    parent_field = "kelurahan"

    class Meta(AdminUnit.Meta):
        verbose_name = _("RW")
        verbose_name_plural = _("RW")
        constraints = [
            models.UniqueConstraint(
                fields=["kelurahan", "number"], name="rw_number_unique"
            ),
            models.UniqueConstraint(
                fields=["kelurahan", "slug"], name="rw_slug_unique"
            ),
        ]

    def __str__(self):
        return f"RW {self.number:03d}"

    def label(self):
        return f"RW {self.number:03d} {self.kelurahan.name}"


class RT(AdminUnit):
    rw = models.ForeignKey(RW, on_delete=models.PROTECT, related_name="rts")
    number = models.PositiveSmallIntegerField(_("RT number"))

    parent_field = "rw"

    class Meta(AdminUnit.Meta):
        verbose_name = _("RT")
        verbose_name_plural = _("RT")
        constraints = [
            models.UniqueConstraint(fields=["rw", "number"], name="rt_number_unique"),
            models.UniqueConstraint(fields=["rw", "slug"], name="rt_slug_unique"),
        ]

    def __str__(self):
        return f"RT {self.number:03d}/RW {self.rw.number:03d}"

    def label(self):
        return f"RT {self.number:03d}/RW {self.rw.number:03d} {self.rw.kelurahan.name}"


class Role(models.TextChoices):
    CITY_ADMIN = "city_admin", _("City admin")
    LURAH = "lurah", _("Lurah / kelurahan staff")
    SURVEYOR = "surveyor", _("Surveyor")
    PLANNER = "planner", _("Planner")


class Profile(models.Model):
    """The user's role and, for lurah and surveyors, their kelurahan. What each
    role may do is decided in spatial.permissions, nowhere else."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    kelurahan = models.ForeignKey(
        Kelurahan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        help_text=_("The lurah's or surveyor's kelurahan."),
    )
    personal_data_granted = models.BooleanField(
        _("personal data granted"),
        default=False,
        help_text=_("A planner granted access to personal data (UU 27/2022)."),
    )

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self):
        return f"{self.user} ({self.get_role_display()})"

    def clean(self):
        super().clean()
        if self.role in (Role.LURAH, Role.SURVEYOR) and not self.kelurahan_id:
            raise ValidationError(
                {"kelurahan": _("A lurah or surveyor needs a kelurahan.")}
            )


from .records import PersonalDataAccess, Revision  # noqa: E402

__all__ = [
    "RT",
    "RW",
    "Kecamatan",
    "Kelurahan",
    "PersonalDataAccess",
    "Profile",
    "Revision",
    "Role",
]
