"""The registry's filters: one form and one function, used by every page that lists organisations.

The officers' list, the stakeholder map, the engagement gaps, the exports, the announcements'
segments and the public directory all filter through `filter_organizations`, so a filter means
the same thing everywhere.
Officers get every filter, including the quadrant (computed in SQL from each organisation's latest
assessment); everyone else gets only filters on public fields, so the mapping never shapes what
they see.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.db import models
from django.db.models import Q
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from portal import permissions
from stakeholders.models import (
    UNASSESSED,
    Assessment,
    Category,
    Organization,
    Region,
    Sector,
)

PUBLIC_FIELDS = ("q", "category", "region")


@dataclass(frozen=True)
class ExtraFilter:
    """An officers' filter that an app above the registry adds (meetings: dialogue bodies).

    `field()` makes the form field, placed after the field named `after`; `apply(queryset,
    value)` filters an Organization queryset by the field's cleaned value."""

    name: str
    field: Callable[[], forms.Field]
    apply: Callable[[models.QuerySet, object], models.QuerySet]
    after: str


_extra_filters = []


def register(extra):
    """Add an officers' filter to every organisation list; call from an AppConfig.ready()."""
    if all(known.name != extra.name for known in _extra_filters):
        _extra_filters.append(extra)


YES_NO = [("", _("Any")), ("yes", _("Yes")), ("no", _("No"))]


def _with_any(choices, label=None):
    return [("", label or _("Any"))] + list(choices)


class OrganizationFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or acronym"), required=False, max_length=100)
    category = forms.ChoiceField(label=_("Category"), required=False, choices=())
    region = forms.ChoiceField(label=_("Region"), required=False, choices=())
    country = forms.ChoiceField(label=_("Country"), required=False, choices=())
    sector = forms.ModelChoiceField(
        label=_("Sector"), required=False, queryset=Sector.objects.all(), empty_label=_("Any")
    )
    quadrant = forms.ChoiceField(label=_("Quadrant"), required=False, choices=())
    verified = forms.ChoiceField(label=_("Verified"), required=False, choices=YES_NO)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=())

    def __init__(self, data=None, *, user, public=False, **kwargs):
        # Always bound (an empty query string means "no filter"), so cleaned_data exists.
        super().__init__(data if data is not None else {}, **kwargs)
        self._add_extra_filters()
        self.fields["category"].choices = _with_any(Category.choices)
        self.fields["region"].choices = _with_any(Region.choices)
        self.fields["quadrant"].choices = _with_any(
            list(Assessment.Quadrant.choices) + [(UNASSESSED, _("Not yet assessed"))]
        )
        self.fields["status"].choices = _with_any(Organization.Status.choices)
        if public or not permissions.is_customs(user):
            for name in list(self.fields):
                if name not in PUBLIC_FIELDS:
                    del self.fields[name]
        else:
            self.fields["country"].choices = _with_any(_countries_in_registry())

    def _add_extra_filters(self):
        fields = dict(self.fields)
        for extra in _extra_filters:
            placed = {}
            for name, field in fields.items():
                placed[name] = field
                if name == extra.after:
                    placed[extra.name] = extra.field()
            if extra.name not in placed:
                placed[extra.name] = extra.field()
            fields = placed
        self.fields = fields

    def values(self):
        """The valid, non-empty filters (invalid ones are ignored and shown as errors)."""
        self.is_valid()
        return {k: v for k, v in getattr(self, "cleaned_data", {}).items() if v not in ("", None)}

    def query_string(self):
        """The active filters as a query string, to carry them to the map, exports and pages."""
        return urlencode(self.parameters())

    def parameters(self):
        """The active filters as plain values (a sector or body by its id), as a query string
        carries them: what an announcement stores of the segment it was sent to."""
        return {
            name: value.pk if isinstance(value, models.Model) else value
            for name, value in self.values().items()
        }

    def summary(self):
        """The active filters in words: [(label, value shown)], in the fields' order."""
        values = self.values()
        shown = []
        for name, field in self.fields.items():
            if name not in values:
                continue
            value = values[name]
            if isinstance(value, models.Model):
                shown.append((field.label, str(value)))
            elif isinstance(field, forms.ChoiceField):
                shown.append((field.label, str(dict(field.choices).get(value, value))))
            else:
                shown.append((field.label, value))
        return shown

    def is_filtered(self):
        return bool(self.values())


def _countries_in_registry():
    codes = Organization.objects.order_by().values_list("country", flat=True).distinct()
    return sorted(((code, countries.name(code)) for code in codes if code), key=lambda c: c[1])


def filter_organizations(queryset, form):
    """Apply `form`'s valid filters to an Organization queryset.

    The quadrant filter needs the latest-assessment annotations; it is only on officers' forms,
    and this adds the annotations when it is used.
    """
    values = form.values()
    if q := values.get("q"):
        queryset = queryset.filter(Q(name__icontains=q) | Q(acronym__icontains=q))
    if category := values.get("category"):
        queryset = queryset.filter(category=category)
    if region := values.get("region"):
        queryset = queryset.filter(region=region)
    if country := values.get("country"):
        queryset = queryset.filter(country=country)
    if sector := values.get("sector"):
        queryset = queryset.filter(sectors=sector)
    for extra in _extra_filters:
        if (value := values.get(extra.name)) is not None:
            queryset = extra.apply(queryset, value)
    if verified := values.get("verified"):
        queryset = queryset.filter(verified=verified == "yes")
    if status := values.get("status"):
        queryset = queryset.filter(status=status)
    if quadrant := values.get("quadrant"):
        if "latest_influence" not in queryset.query.annotations:
            queryset = queryset.with_latest_assessment()
        queryset = queryset.in_quadrant(quadrant)
    return queryset


def organizations(params, *, user, public=False, queryset=None):
    """The organisations `user` may see that match the filters in `params` (e.g. request.GET),
    with the bound form to show. Officers' results carry the latest-assessment annotations."""
    form = OrganizationFilterForm(params, user=user, public=public)
    base = Organization.objects.all() if queryset is None else queryset
    if public:
        base = base.directory()
    else:
        base = base.visible_to(user)
    if "quadrant" in form.fields:
        base = base.with_latest_assessment()
    return form, filter_organizations(base, form)
