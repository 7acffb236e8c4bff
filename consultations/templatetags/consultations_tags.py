from django import template
from django.db.models import Count, Q

from consultations import diff
from consultations.models import Consultation
from portal import permissions

register = template.Library()


@register.filter
def author_for(comment, user):
    """The comment's author as `user` may see them (see Comment.author_for)."""
    return comment.author_for(user)


@register.filter
def attachment_name(attachment, user):
    return attachment.name_for(user)


@register.filter
def diff_html(ops):
    return diff.to_html(ops)


@register.inclusion_tag("consultations/_dashboard.html", takes_context=True)
def consultations_dashboard(context):
    """The dashboard's section: open consultations and, for officers, comments to answer."""
    user = context["user"]
    open_now = list(
        Consultation.objects.visible_to(user).open_for_comments().order_by("closes_at")[:5]
    )
    awaiting = []
    if permissions.is_customs(user):
        awaiting = list(
            Consultation.objects.exclude(
                status__in=[
                    Consultation.Status.DRAFT,
                    Consultation.Status.REPORT_PUBLISHED,
                    Consultation.Status.ADOPTED,
                ]
            )
            .annotate(
                waiting=Count(
                    "comments",
                    filter=Q(comments__decision="", comments__withdrawn_at__isnull=True),
                )
            )
            .filter(waiting__gt=0)
            .order_by("closes_at")[:10]
        )
    return {
        "open_consultations": open_now,
        "awaiting": awaiting,
        "officer": permissions.is_customs(user),
        "may_comment": permissions.may_comment_on_consultations(user),
        "request": context.get("request"),
    }


@register.filter
def markdown(text):
    from portal.markdown import render_markdown

    return render_markdown(text)
