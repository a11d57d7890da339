import pytest
from django.utils import translation
from django.utils.translation import gettext
from rest_framework.authtoken.models import Token

from spatial import permissions
from spatial.api.authentication import TokenAuthentication
from spatial.models import Role

pytestmark = pytest.mark.django_db


def test_a_token_brings_its_users_role_without_a_query_of_its_own(
    users, kelurahan, django_assert_num_queries
):
    key = Token.objects.create(user=users["lurah"]).key
    with django_assert_num_queries(1):
        user, token = TokenAuthentication().authenticate_credentials(key)
    assert (user, token.key) == (users["lurah"], key)
    # request.auth is the stored row, as DRF gives it.
    assert token.created == Token.objects.get(key=key).created
    assert not token._state.adding
    with django_assert_num_queries(0):
        access = permissions.access_for(user)
    assert (access.role, access.kelurahan_id) == (Role.LURAH, kelurahan.pk)


def test_a_token_of_a_user_without_a_profile_reads_as_the_public(
    django_assert_num_queries,
):
    from tests.factories import UserFactory

    nobody = UserFactory()  # no role given: no Profile
    key = Token.objects.create(user=nobody).key
    user, _token = TokenAuthentication().authenticate_credentials(key)
    with django_assert_num_queries(0):  # the missing Profile is known too
        assert permissions.visibility_scope(user) == "public"


# Refused with DRF's reasons. 403, not 401: the first authentication class
# (sessions) names no WWW-Authenticate scheme, as before.
def refusal(response):
    assert response.status_code == 403
    return response.json()["detail"]


def in_indonesian(message):
    with translation.override("id"):
        return gettext(message)


def test_an_unknown_token_is_refused(client):
    response = client.get("/api/households/", HTTP_AUTHORIZATION="Token " + "0" * 40)
    assert refusal(response) == in_indonesian("Invalid token.")


def test_an_inactive_users_token_is_refused(client, users, household):
    key = Token.objects.create(user=users["lurah"]).key
    users["lurah"].is_active = False
    users["lurah"].save()
    response = client.get("/api/households/", HTTP_AUTHORIZATION=f"Token {key}")
    assert refusal(response) == in_indonesian("User inactive or deleted.")
