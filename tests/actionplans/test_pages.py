"""Every action-plan page: one <h1>, no inline style or script (a strict CSP comes later)."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from actionplans import services
from actionplans.models import ActionPlan
from tests.actionplans.factories import ActionFactory, PlanFactory
from tests.factories import EditorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def urls():
    editor = EditorFactory()
    plan = PlanFactory(status=ActionPlan.Status.DRAFT)
    action = ActionFactory(plan=plan, responsible=editor)
    services.approve_plan(plan, acting_user=editor)
    services.activate_plan(plan, acting_user=editor)
    services.record_progress(
        action, acting_user=editor, date=timezone.localdate(), percent=30, narrative="x"
    )
    objective = plan.objectives.get()
    return editor, [
        reverse("actionplans:board"),
        reverse("actionplans:board_action", args=[action.pk]),
        reverse("actionplans:plan_list"),
        reverse("actionplans:plan_create"),
        reverse("actionplans:my_actions"),
        reverse("actionplans:plan_detail", args=[plan.pk]),
        reverse("actionplans:plan_edit", args=[plan.pk]),
        reverse("actionplans:plan_dashboard", args=[plan.pk]),
        reverse("actionplans:plan_history", args=[plan.pk]),
        reverse("actionplans:plan_approve", args=[plan.pk]),
        reverse("actionplans:plan_export", args=[plan.pk]),
        reverse("actionplans:action_create", args=[plan.pk]),
        reverse("actionplans:version_detail", args=[plan.pk, 1]),
        reverse("actionplans:version_compare", args=[plan.pk, 1]),
        reverse("actionplans:action_detail", args=[action.pk]),
        reverse("actionplans:action_edit", args=[action.pk]),
        reverse("actionplans:progress_add", args=[action.pk]),
        reverse("actionplans:objective_list"),
        reverse("actionplans:objective_create"),
        reverse("actionplans:objective_detail", args=[objective.pk]),
        reverse("actionplans:objective_edit", args=[objective.pk]),
        reverse("dashboard"),
    ]


def test_every_page_has_one_h1_and_no_inline_style_or_script(client, urls):
    editor, pages = urls
    client.force_login(editor)

    for url in pages:
        response = client.get(url)
        body = response.content.decode()
        assert response.status_code == 200, url
        assert body.count("<h1") == 1, url
        assert " style=" not in body, url
        assert not re.search(r"<script(?![^>]*\bsrc=)", body), url


def test_every_form_field_has_a_label(client, urls):
    editor, pages = urls
    client.force_login(editor)

    for url in pages:
        body = client.get(url).content.decode()
        # (Hidden inputs, such as a formset's counts, have nothing to label.)
        visible = r'<(?:input(?![^>]*type="hidden")|select|textarea)[^>]*\bid="([^"]+)"'
        for field_id in re.findall(visible, body):
            assert f'for="{field_id}"' in body, (url, field_id)
