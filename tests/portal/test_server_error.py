"""The error page (handler500). Its 503 "database unavailable" case needs a database that is
really down: tests/faults/test_database_restart.py stops one under the running portal."""

import pytest
from django.db import OperationalError
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


def test_a_database_error_while_the_database_answers_is_a_500_not_a_503():
    response = answer_to(OperationalError("deadlock detected"))

    assert response.status_code == 500
    assert "Retry-After" not in response
