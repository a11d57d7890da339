from django.contrib.gis.db import models


class AdminUnitQuerySet(models.QuerySet):
    def covering(self, point):
        """Units whose boundary covers the point (a point on a shared edge is
        covered by both neighbours; callers pick one by ordering)."""
        return self.filter(geom__covers=point)
