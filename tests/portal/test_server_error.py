"""The error page (handler500). Its 503 "database unavailable" case with a database that is
really down or really cancels the request's query: tests/faults/test_database_restart.py and
tests/faults/test_database_errors.py."""

import pytest
from django.db import IntegrityError, OperationalError
from django.test import RequestFactory

from portal.views import server_error

pytestmark = pytest.mark.django_db


def answer_to(error):
    try:
        raise error
    except Exception:
        return server_error(RequestFactory().get("/"))


def test_an_unhandled_error_answers_500_with_a_page_of_the_portal():
    response = answer_to(RuntimeError("a bug"))

    assert response.status_code == 500
    page = response.content.decode()
    assert '<html lang="fr">' in page
    assert page.count("<h1") == 1 and "<h1>Une erreur s’est produite</h1>" in page
    assert 'href="#main"' in page
    assert "a bug" not in page


def test_a_transient_database_error_is_a_503_whether_or_not_the_database_answers_now():
    response = answer_to(OperationalError("deadlock detected"))

    assert response.status_code == 503
    assert response["Retry-After"] == "30"


def test_a_database_error_that_is_a_bug_is_a_500():
    response = answer_to(IntegrityError("duplicate key value violates unique constraint"))

    assert response.status_code == 500
    assert "Retry-After" not in response
