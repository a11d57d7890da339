from . import permissions


def navigation(request):
    """Which links the top bar offers; the pages still check for themselves."""
    return {"may_upload": permissions.may_upload(request.user)}
