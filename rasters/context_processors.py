from spatial import permissions
from spatial.models import Kelurahan


def navigation(request):
    """Whether the top bar links to the rasters page; the page still checks."""
    own = permissions.scope_kelurahan(request.user)
    kelurahan = Kelurahan(pk=own) if own else None
    return {"may_see_rasters": permissions.may_see_rasters(request.user, kelurahan)}
