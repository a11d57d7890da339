from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SafeguardsConfig(AppConfig):
    """What keeps the service trustworthy around the layers: database faults
    and timeouts answered as pages, private responses kept out of caches, login
    throttling's address, the personal-data log's admin and retention."""

    name = "safeguards"
    verbose_name = _("Safeguards")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.db.backends.signals import connection_created

        from .faults import limit_web_statements
        from .sessions import stamp_login

        user_logged_in.connect(stamp_login, dispatch_uid="safeguards.stamp_login")
        connection_created.connect(
            limit_web_statements, dispatch_uid="safeguards.limit_web_statements"
        )
