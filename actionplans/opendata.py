"""The commitments board as open data: its dataset on the open data page (portal.opendata)
and the record of one action in its downloads. Only what the board and an action's public
page show: never the responsible officer, the priority, the mapping quadrants targeted, the
internal notes or what a progress report says."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from actionplans.health import Health
from actionplans.models import Action
from portal import opendata
from portal.opendata import BOOLEAN, DATE, INTEGER, NUMBER, TEXT, TEXT_LIST, URL, Field, Format

SLUG = "commitments"

DATASET = opendata.Dataset(
    slug=SLUG,
    title=_("Customs’ commitments to the private sector"),
    description=_(
        "The public actions of the action plans in force: what Customs committed to, by when, "
        "and how far each has come, as the commitments board shows them. The download takes "
        "the board's filters (q, plan, health) in its query string."
    ),
    frequency=opendata.CONTINUOUS,
    fields=[
        Field("id", INTEGER, _("The action's number in the portal."), _("Number")),
        Field("url", URL, _("The action's public page."), _("Address")),
        Field("plan", TEXT, _("The action plan it belongs to."), _("Action plan")),
        Field("code", TEXT, _("The action's code in its plan."), _("Code")),
        Field("title", TEXT, _("What will be done."), _("Title")),
        Field("description", TEXT, _("The action in more detail."), _("Description")),
        Field(
            "objective",
            TEXT,
            _("The strategic objective it serves."),
            _("Strategic objective"),
        ),
        Field("responsible_unit", TEXT, _("The unit that carries it out."), _("Responsible unit")),
        Field("start_date", DATE, _("When it starts."), _("Start date")),
        Field("due_date", DATE, _("When it is due."), _("Due date")),
        Field(
            "progress_percent",
            INTEGER,
            _("Percent complete according to the latest progress report (0 before any)."),
            _("Percent complete"),
        ),
        Field(
            "last_reported_on",
            DATE,
            _("The date of the latest progress report; empty before any."),
            _("Last update"),
        ),
        Field(
            "health",
            TEXT,
            _(
                "done, on_track, at_risk, overdue or not_started, from its dates and progress; "
                "empty for a cancelled action."
            ),
            _("Health"),
        ),
        Field("health_label", TEXT, _("The health in the reader's language."), _("Health")),
        Field(
            "target_categories",
            TEXT_LIST,
            _("The categories of stakeholders it is for."),
            _("Target categories"),
        ),
        Field(
            "partners",
            TEXT_LIST,
            _("The partner organisations the reader may see."),
            _("Partner organisations"),
        ),
        Field("indicator", TEXT, _("What measures it; empty when nothing does."), _("Indicator")),
        Field("indicator_unit", TEXT, _("The indicator's unit."), _("indicator unit")),
        Field(
            "indicator_baseline", NUMBER, _("The indicator's value at the start."), _("Baseline")
        ),
        Field("indicator_target", NUMBER, _("The value to reach."), _("Target")),
        Field(
            "indicator_current",
            NUMBER,
            _("The latest value reported, or the baseline before any."),
            _("Current value"),
        ),
        Field(
            "cancelled",
            BOOLEAN,
            _("Whether the action was cancelled (it then has no health)."),
            _("Cancelled"),
        ),
        Field(
            "contested",
            BOOLEAN,
            _(
                "Whether a partner organisation contests its reported status or progress and "
                "awaits Customs' answer (the action's page shows the statement)."
            ),
            _("Contested"),
        ),
    ],
    formats=[
        Format("csv", "actionplans:board_export", query={"format": "csv"}),
        Format("json", "actionplans:board_export", query={"format": "json"}),
    ],
)


def record(request, action):
    """An action as its downloads give it (read by actionplans.views.board.whole, with the
    partners the reader may see)."""
    health = action.current_health or ""
    return {
        "id": action.pk,
        "url": request.build_absolute_uri(reverse("actionplans:board_action", args=[action.pk])),
        "plan": action.plan.title,
        "code": action.code,
        "title": action.title,
        "description": action.description,
        "objective": action.objective.title,
        "responsible_unit": action.responsible_unit,
        "start_date": action.start_date,
        "due_date": action.due_date,
        "progress_percent": action.progress,
        "last_reported_on": action.last_update_date,
        "health": str(health),
        "health_label": str(Health(health).label) if health else "",
        "target_categories": [str(label) for label in action.get_target_categories_display()],
        "partners": [org.name for org in action.visible_partners],
        "indicator": action.indicator_name,
        "indicator_unit": action.indicator_unit,
        "indicator_baseline": action.indicator_baseline,
        "indicator_target": action.indicator_target,
        "indicator_current": action.indicator_current if action.indicator_name else None,
        "cancelled": action.status == Action.Status.CANCELLED,
        "contested": bool(getattr(action, "contested", False)),
    }
