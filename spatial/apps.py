from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpatialConfig(AppConfig):
    name = "spatial"
    verbose_name = _("Administrative boundaries")

    def ready(self):
        from . import layers
        from .api import views
        from .layers import boundaries
        from .models import RT, RW, Kecamatan, Kelurahan

        for name, model, prefix, viewset in (
            ("kecamatan", Kecamatan, "kecamatan", views.KecamatanViewSet),
            ("kelurahan", Kelurahan, "kelurahan", views.KelurahanViewSet),
            ("rw", RW, "rw", views.RWViewSet),
            ("rt", RT, "rt", views.RTViewSet),
        ):
            layers.register(
                layers.Layer(
                    name=name,
                    model=model,
                    api_prefix=prefix,
                    api_basename=prefix,
                    viewset=viewset,
                    export=boundaries.EXPORTS[name],
                )
            )
