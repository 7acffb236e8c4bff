import html
from datetime import datetime

from django import forms, template
from django.db.models import Count, Q
from django.utils import dateformat, formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from portal import permissions
from stakeholders.models import (
    UNASSESSED,
    Assessment,
    Membership,
    Organization,
    quadrant_condition,
)

register = template.Library()


@register.inclusion_tag("stakeholders/_dashboard.html", takes_context=True)
def stakeholders_dashboard(context):
    """The dashboard's registry section: for officers, the mapping at a glance and the
    organisations waiting for verification, the requests to join one; for a representative,
    their organisation (or their pending request)."""
    user = context["user"]
    data = {"request": context.get("request"), "section": None}
    if permissions.is_customs(user):
        quadrants = list(Assessment.Quadrant.choices) + [(UNASSESSED, None)]
        counts = (
            Organization.objects.filter(status=Organization.Status.ACTIVE)
            .with_latest_assessment()
            .aggregate(
                **{code: Count("pk", filter=quadrant_condition(code)) for code, _l in quadrants},
                unverified=Count("pk", filter=Q(verified=False)),
            )
        )
        data.update(
            section="officer",
            quadrants=[(code, label, counts[code]) for code, label in quadrants if label],
            unassessed=counts[UNASSESSED],
            unverified=counts["unverified"],
            membership_requests=Membership.objects.pending().count(),
        )
    elif permissions.is_private_sector(user):
        current = (
            Membership.objects.active().filter(user=user).select_related("organization").first()
        )
        approved = current is not None and current.is_approved
        data.update(
            section="representative",
            organization=current.organization if approved else None,
            pending=current if current is not None and current.is_pending else None,
            pending_requests=(
                current.organization.memberships.pending().count()
                if approved and current.is_administrator
                else 0
            ),
        )
    return data


@register.simple_tag
def filter_field(field):
    """One field of the registry's filter form, in the markup crispy-forms' Bootstrap 5 pack
    gives it (label, control, errors), written here: crispy renders every option of a select
    through a template of its own, which cost more than the rest of the list and map pages
    (some hundred options on each). Fields that are not a text input or a single select are
    left to crispy."""
    widget = field.field.widget
    invalid = bool(field.errors)
    attrs = {"id": field.auto_id}
    if invalid:
        attrs.update({"aria-invalid": "true", "aria-describedby": f"{field.auto_id}_error"})
    if isinstance(widget, forms.Select) and not widget.allow_multiple_selected:
        selected = "" if field.value() is None else str(field.value())
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (value, " selected" if str(value) == selected else "", label)
                for value, label in field.field.choices
            ),
        )
        control = format_html(
            '<select name="{}" class="select form-select{}"{}>{}</select>',
            field.html_name,
            " is-invalid" if invalid else "",
            _attributes(attrs),
            options,
        )
    elif type(widget) is forms.TextInput:
        attrs["class"] = "textinput form-control" + (" is-invalid" if invalid else "")
        control = field.as_widget(attrs=attrs)
    else:
        from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field

        return as_crispy_field(field)
    errors = ""
    if invalid:
        errors = format_html(
            '<div id="{}_error" class="invalid-feedback">{}</div>',
            field.auto_id,
            format_html_join(
                "",
                '<p id="error_{}_{}"><strong>{}</strong></p>',
                ((n, field.auto_id, error) for n, error in enumerate(field.errors, 1)),
            ),
        )
    return format_html(
        '<div id="div_{}" class="mb-3"><label for="{}" class="form-label">{}</label>{}{}</div>',
        field.auto_id,
        field.auto_id,
        field.label,
        control,
        errors,
    )


def _attributes(attrs):
    return format_html_join("", ' {}="{}"', attrs.items())


@register.simple_tag
def engagement_items(items):
    """An organisation's engagement history (stakeholders.engagement.history) as list items,
    written here rather than by a template loop: an active organisation has a hundred items
    or more, and two date filters and a few lookups per item in a template cost more than the
    rest of its page. Every value is escaped here."""
    date_format = _date_formatter(formats.get_format("SHORT_DATE_FORMAT"))
    return mark_safe("".join(_engagement_item(item, date_format) for item in items))


# Django's date-format characters that have a strftime twin (zero-padded numbers only).
_STRFTIME = {"d": "%d", "m": "%m", "Y": "%Y", "y": "%y"}


def _date_formatter(django_format):
    """A function formatting a date as Django's `django_format` does: strftime when the format
    is made of zero-padded numbers and punctuation (every short date format the portal's
    languages use), dateformat.format otherwise; the former is thirty times cheaper."""
    if all(c in _STRFTIME or not c.isalpha() for c in django_format) and "\\" not in django_format:
        pattern = "".join(_STRFTIME.get(c, c.replace("%", "%%")) for c in django_format)
        return lambda when: when.strftime(pattern)
    return lambda when: dateformat.format(when, django_format)


def _engagement_item(item, date_format):
    when = timezone.localtime(item.when) if isinstance(item.when, datetime) else item.when
    title = _escape(item.title)
    if item.url:
        title = f'<a href="{_escape(item.url)}">{title}</a>'
    detail = f' <span class="text-body-secondary">({_escape(item.detail)})</span>'
    return (
        f'<li class="mb-2"><time datetime="{when.isoformat()}">'
        f"{_escape(date_format(when))}</time> · "
        f'<span class="text-body-secondary">{_escape(item.kind_label)}</span> · '
        f"{title}{detail if item.detail else ''}</li>"
    )


def _escape(value):
    """conditional_escape without its lazy-string wrapper: a tenth of the cost, per value."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))
