from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import tokens


@login_required
@require_http_methods(["GET", "POST"])
def token_page(request):
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            tokens.token_revoke(user=request.user)
            messages.success(request, _("Your token is revoked; it no longer works."))
        else:
            tokens.token_renew(user=request.user)
            messages.success(
                request, _("A new token is made; any earlier one no longer works.")
            )
        return redirect("api-token")
    return render(request, "ogc/token.html", {"token": tokens.token_of(request.user)})
