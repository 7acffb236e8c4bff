"""Who changed what, when: the change history of plans, actions, objectives and progress.

simple-history keeps a historical row per save (and per change of a tracked many-to-many);
this module turns those rows into readable entries: each with its author, time, the object,
and the fields that changed (old → new), in a fixed number of queries whatever the length.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.apps import apps
from django.db import models
from django.template.defaultfilters import floatformat
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from actionplans.models import Action, ActionPlan, ProgressUpdate, StrategicObjective
from stakeholders.models import Assessment, Category

SKIPPED = {"id", "created_at", "updated_at"}
LIST_CHOICES = {
    "target_categories": dict(Category.choices),
    "target_quadrants": dict(Assessment.Quadrant.choices),
}
TYPE_LABELS = {"+": _("creation"), "~": _("change"), "-": _("deletion")}


@dataclass
class Entry:
    when: datetime
    who: object
    kind: str  # "+", "~", "-"
    subject: str
    changes: list = field(default_factory=list)  # (label, old, new)

    @property
    def kind_label(self):
        return TYPE_LABELS[self.kind]


def _m2m_fields(model):
    return [f for f in model._meta.many_to_many if f.name in _tracked_m2m(model)]


def _tracked_m2m(model):
    history_model = model.history.model
    return {f.name for f in getattr(history_model, "_history_m2m_fields", [])}


def _show(value, model_field, names):
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(model_field, models.ForeignKey):
        return names.get((model_field.related_model, value), f"#{value}")
    if model_field.name in LIST_CHOICES:
        labels = LIST_CHOICES[model_field.name]
        return ", ".join(str(labels.get(item, item)) for item in value)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, Decimal | float):
        return floatformat(value, "-2")
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    text = str(value)
    return text if len(text) <= 300 else text[:299] + "…"


def _subject(model, record):
    if model is Action:
        return _("Action %(code)s") % {"code": record.code}
    if model is ProgressUpdate:
        return _("Progress report of %(date)s") % {
            "date": _show(record.date, ProgressUpdate._meta.get_field("date"), {})
        }
    if model is ActionPlan:
        return _("Plan")
    if model is StrategicObjective:
        return _("Objective %(code)s") % {"code": record.code}
    return str(model._meta.verbose_name)


def entries(model, records):
    """Readable entries, newest first, for historical `records` of `model` (a list)."""
    fields = [f for f in model._meta.concrete_fields if f.name not in SKIPPED]
    m2m = _m2m_fields(model)

    # Names of the related objects, one query per related model.
    wanted = defaultdict(set)
    for record in records:
        for f in fields:
            if isinstance(f, models.ForeignKey):
                value = getattr(record, f.attname)
                if value is not None:
                    wanted[f.related_model].add(value)
    m2m_values = {}
    for m2m_field in m2m:
        through = apps.get_model(
            model._meta.app_label, f"Historical{model.__name__}_{m2m_field.name}"
        )
        target_name = m2m_field.m2m_reverse_field_name()
        values = defaultdict(set)
        for history_id, target_id in through.objects.filter(
            history__in=[r.history_id for r in records]
        ).values_list("history_id", f"{target_name}_id"):
            values[history_id].add(target_id)
            wanted[m2m_field.related_model].add(target_id)
        m2m_values[m2m_field] = values
    names = {}
    for related, ids in wanted.items():
        for obj in related._default_manager.filter(pk__in=ids):
            names[(related, obj.pk)] = str(obj)

    by_object = defaultdict(list)
    for record in records:
        by_object[record.id].append(record)
    result = []
    for rows in by_object.values():
        rows.sort(key=lambda r: (r.history_date, r.history_id))
        previous = None
        for record in rows:
            changes = []
            for f in fields:
                old = getattr(previous, f.attname) if previous else None
                new = getattr(record, f.attname)
                if previous is None and (new is None or new == "" or new == []):
                    continue
                if previous is None or old != new:
                    changes.append(
                        (
                            f.verbose_name,
                            _show(old, f, names) if previous else "",
                            _show(new, f, names),
                        )
                    )
            for m2m_field, values in m2m_values.items():
                old_ids = values.get(previous.history_id, set()) if previous else set()
                new_ids = values.get(record.history_id, set())
                if old_ids != new_ids:
                    changes.append(
                        (
                            m2m_field.verbose_name,
                            ", ".join(
                                sorted(names.get((m2m_field.related_model, i), "") for i in old_ids)
                            )
                            or ("—" if previous else ""),
                            ", ".join(
                                sorted(names.get((m2m_field.related_model, i), "") for i in new_ids)
                            )
                            or "—",
                        )
                    )
            if record.history_type == "-":
                changes = []
            if changes or record.history_type != "~":
                result.append(
                    Entry(
                        when=record.history_date,
                        who=record.history_user,
                        kind=record.history_type,
                        subject=_subject(model, record),
                        changes=changes,
                    )
                )
            previous = record
    result.sort(key=lambda e: e.when, reverse=True)
    return result


def plan_history(plan):
    """The history of a plan, its actions and their progress reports, newest first."""
    action_ids = set(Action.history.filter(plan_id=plan.pk).values_list("id", flat=True))
    found = entries(
        ActionPlan, list(ActionPlan.history.filter(id=plan.pk).select_related("history_user"))
    )
    found += entries(
        Action, list(Action.history.filter(plan_id=plan.pk).select_related("history_user"))
    )
    found += entries(
        ProgressUpdate,
        list(
            ProgressUpdate.history.filter(action_id__in=action_ids).select_related("history_user")
        ),
    )
    found.sort(key=lambda e: e.when, reverse=True)
    return found


def action_history(action):
    found = entries(
        Action, list(Action.history.filter(id=action.pk).select_related("history_user"))
    )
    found += entries(
        ProgressUpdate,
        list(ProgressUpdate.history.filter(action_id=action.pk).select_related("history_user")),
    )
    found.sort(key=lambda e: e.when, reverse=True)
    return found


def objective_history(objective):
    return entries(
        StrategicObjective,
        list(StrategicObjective.history.filter(id=objective.pk).select_related("history_user")),
    )
