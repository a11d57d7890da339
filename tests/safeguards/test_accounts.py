"""Accounts: login throttling with lockout on the site and the admin, password
rules, sessions that end when idle, and no caching of private responses."""

import logging
import time
from datetime import timedelta

import pytest
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from safeguards.sessions import REFRESHED
from spatial.models import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "secret-pass-123"


@pytest.fixture
def city_admin(db):
    user = UserFactory(username="admin", role=Role.CITY_ADMIN)
    user.is_staff = True
    user.save()
    return user


@pytest.mark.parametrize("url", ["/masuk/", "/admin/login/"])
def test_wrong_passwords_lock_the_account_even_for_the_right_one(
    client, city_admin, url, settings, caplog
):
    caplog.set_level(logging.WARNING, logger="axes")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(url, {"username": "admin", "password": "wrong-guess"})
        assert response.status_code in (200, 429)
    response = client.post(url, {"username": "admin", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert "Terlalu banyak" in response.content.decode()
    assert any("Locking out" in r.getMessage() for r in caplog.records)

    from axes.models import AccessAttempt

    attempt = AccessAttempt.objects.get(username="admin")
    assert attempt.failures_since_start >= settings.AXES_FAILURE_LIMIT


def test_a_right_password_before_the_limit_logs_in_and_resets(client, city_admin):
    for _ in range(3):
        client.post("/masuk/", {"username": "admin", "password": "wrong-guess"})
    response = client.post("/masuk/", {"username": "admin", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(city_admin.pk)


def test_another_address_is_not_locked_by_a_strangers_guesses(client, city_admin):
    for _ in range(6):
        client.post(
            "/masuk/",
            {"username": "admin", "password": "x"},
            REMOTE_ADDR="203.0.113.9",
        )
    response = client.post("/masuk/", {"username": "admin", "password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.parametrize(
    "password", ["short1", "password123", "1234567890123", "admin-kota"]
)
def test_weak_passwords_are_refused(password):
    user = UserFactory.build(username="admin-kota")
    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_a_long_unusual_password_is_accepted():
    validate_password("Sawah-Rejomulyo-2026", UserFactory.build(username="lurah"))


def test_sessions_last_eight_idle_hours_by_default(settings):
    assert settings.WAKUNCAR_SESSION_IDLE_HOURS == 8
    assert settings.SESSION_COOKIE_AGE == 8 * 3600


def test_a_request_after_a_while_moves_the_sessions_end(client, users):
    client.force_login(users["lurah"])
    key = client.session.session_key
    session = client.session
    session[REFRESHED] = time.time() - 3600
    session.save()
    Session.objects.filter(pk=key).update(
        expire_date=timezone.now() + timedelta(hours=1)
    )

    client.get(reverse("map-editor"))

    expires = Session.objects.get(pk=key).expire_date
    assert expires > timezone.now() + timedelta(hours=7, minutes=59)


def test_a_session_idle_past_the_limit_is_logged_out(client, users):
    client.force_login(users["lurah"])
    key = client.session.session_key
    Session.objects.filter(pk=key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )

    response = client.get(reverse("map-editor"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_requests_in_quick_succession_do_not_write_the_session(client, users):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(users["lurah"])
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("kelurahan-list"))
    sql = [q["sql"] for q in captured.captured_queries]
    assert any("django_session" in q for q in sql)
    assert not any(q.startswith("UPDATE") and "django_session" in q for q in sql)
