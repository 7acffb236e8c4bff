"""Customs: who changed what and when."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from consultations.models import Comment, Section
from consultations.views import visible_consultation
from portal.pagination import paginate
from portal.permissions import customs_required


@customs_required
def history(request, pk):
    """Who changed what and when: the consultation, its text, and the decisions."""
    consultation = visible_consultation(request, pk)
    events = []
    for record in consultation.history.select_related("history_user"):
        events.append(
            (record.history_date, record.history_user, _("Consultation"), _change_label(record))
        )
    sections = Section.history.filter(version__consultation=consultation).select_related(
        "history_user"
    )
    versions = {v.pk: v.number for v in consultation.versions.all()}
    for record in sections:
        what = _("Section %(number)s (version %(version)s)") % {
            "number": record.number,
            "version": versions.get(record.version_id, "?"),
        }
        events.append((record.history_date, record.history_user, what, _change_label(record)))
    comment_records = Comment.history.filter(consultation=consultation).select_related(
        "history_user"
    )
    for record in comment_records:
        events.append(
            (
                record.history_date,
                record.history_user,
                _("Comment #%(id)s") % {"id": record.id},
                _comment_change_label(record),
            )
        )
    events.sort(key=lambda event: event[0], reverse=True)
    page = paginate(request, events)
    return render(
        request,
        "consultations/history.html",
        {"consultation": consultation, "page": page, "events": page.object_list},
    )


def _change_label(record):
    return {"+": _("creation"), "~": _("modification"), "-": _("deletion")}[record.history_type]


def _comment_change_label(record):
    if record.history_type == "+":
        return _("submission")
    if record.withdrawn_at:
        return _("withdrawal")
    if record.decision:
        return _("decision: %(decision)s") % {"decision": record.get_decision_display()}
    return _("modification")
