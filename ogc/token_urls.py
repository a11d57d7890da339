from django.urls import path

from .token_views import token_page

urlpatterns = [path("", token_page, name="api-token")]
