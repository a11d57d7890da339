import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wakuncar.settings")
application = get_wsgi_application()

# Connections of the web server get the statement timeout; commands do not.
from safeguards.faults import serve_web  # noqa: E402

serve_web()
