from django.contrib.gis.db import models


class AdminUnitQuerySet(models.QuerySet):
    def covering(self, point):
        """Units whose boundary covers the point (a point on a shared edge is
        covered by both neighbours; callers pick one by ordering)."""
        return self.filter(geom__covers=point)


class InKelurahanQuerySet(models.QuerySet):
    """For layers that carry a ``kelurahan`` foreign key."""

    def in_kelurahan(self, kelurahan):
        return self.filter(kelurahan=kelurahan)
