"""Form fields that choose organisations, people and contacts among many: the searchable
pickers (portal.widgets), options in French order (portal.collation), and labels that tell
namesakes apart. A person reads "Name — Organisation — e-mail" (their approved membership's
organisation, or an officer's Customs unit), a contact "Name — Organisation", an organisation
its name (and acronym). Server-side they are Django's model choice fields: what is posted and
how it is checked do not change.

A form sets the field's queryset as before; the field adds what its labels read
(select_related, prefetch_related) when it lists the options.
"""

from django import forms
from django.db.models import Prefetch

from portal.collation import french_key
from portal.widgets import SearchableSelect, SearchableSelectMultiple
from stakeholders.models import Membership

DASH = " — "


class FrenchOrderedIterator(forms.models.ModelChoiceIterator):
    """The options sorted by their labels in French order, after the empty one."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        choices = [self.choice(obj) for obj in self.field.for_labels(self.queryset)]
        choices.sort(key=lambda choice: french_key(choice[1]))
        yield from choices


class PickerMixin:
    iterator = FrenchOrderedIterator

    def for_labels(self, queryset):
        """`queryset` with what label_from_instance reads."""
        return queryset


def organization_label(organization):
    return str(organization)


def user_label(user):
    memberships = getattr(user, "picker_memberships", None)
    if memberships is None:
        memberships = list(
            Membership.objects.approved().filter(user=user).select_related("organization")
        )
    if memberships:
        where = memberships[0].organization.name
    elif user.is_customs:
        where = user.unit.name if user.unit_id else str(user.Kind.CUSTOMS.label)
    else:
        where = ""
    name = user.full_name or user.email
    return DASH.join(part for part in (name, where, user.email) if part)


def contact_label(contact):
    return f"{contact.name}{DASH}{contact.organization.name}"


def _users_for_labels(queryset):
    return queryset.select_related("unit").prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.approved().select_related("organization"),
            to_attr="picker_memberships",
        )
    )


class OrganizationChoiceField(PickerMixin, forms.ModelChoiceField):
    widget = SearchableSelect

    def label_from_instance(self, obj):
        return organization_label(obj)


class OrganizationMultipleChoiceField(PickerMixin, forms.ModelMultipleChoiceField):
    widget = SearchableSelectMultiple

    def label_from_instance(self, obj):
        return organization_label(obj)


class UserChoiceField(PickerMixin, forms.ModelChoiceField):
    widget = SearchableSelect

    def for_labels(self, queryset):
        return _users_for_labels(queryset)

    def label_from_instance(self, obj):
        return user_label(obj)


class UserMultipleChoiceField(UserChoiceField, forms.ModelMultipleChoiceField):
    widget = SearchableSelectMultiple


class ContactChoiceField(PickerMixin, forms.ModelChoiceField):
    widget = SearchableSelect

    def for_labels(self, queryset):
        return queryset.select_related("organization")

    def label_from_instance(self, obj):
        return contact_label(obj)


class ContactMultipleChoiceField(ContactChoiceField, forms.ModelMultipleChoiceField):
    widget = SearchableSelectMultiple
