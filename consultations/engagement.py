"""What an organisation took part in, for its page: the consultations it commented on."""

from django.db.models import Count, Max
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from consultations.models import Comment, Consultation
from stakeholders.engagement import EngagementItem


def organization_consultations(organization, user):
    """The consultations `organization` commented on, as far as `user` may know it did.

    Comments published anonymously or kept private are not attributed to the organisation for
    anyone but Customs and their author, so they do not show here either.
    """
    rows = (
        Comment.objects.attributable_to(user)
        .active()
        .filter(organization=organization)
        .values("consultation")
        .annotate(count=Count("pk"), last=Max("created_at"))
    )
    by_consultation = {row["consultation"]: row for row in rows}
    if not by_consultation:
        return []
    consultations = Consultation.objects.visible_to(user).filter(pk__in=by_consultation)
    items = []
    for consultation in consultations:
        row = by_consultation[consultation.pk]
        items.append(
            EngagementItem(
                when=row["last"],
                kind_label=_("Consultation"),
                title=consultation.title,
                url=consultation.get_absolute_url(),
                detail=ngettext("%(count)d comment", "%(count)d comments", row["count"])
                % {"count": row["count"]},
            )
        )
    return items
