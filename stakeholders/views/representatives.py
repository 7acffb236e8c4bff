"""A representative's pages: their organisation's public profile and contacts, which they keep
up to date. Officers may use the profile and contact forms too; anyone else gets 404.

Nothing here shows the mapping or internal notes: the forms and templates only hold public
profile fields and contacts. "Their organisation" is the one of their approved membership
(stakeholders.membership): a pending request shows nothing of it.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from portal import permissions
from portal.permissions import private_sector_required, signed_in_required
from stakeholders import membership, services
from stakeholders.forms import ContactForm, OrganizationChoiceForm, ProfileForm
from stakeholders.models import Contact, Membership, Organization
from stakeholders.views import form_data


def _back_to(user, organization):
    if permissions.is_customs(user):
        return redirect("stakeholders:detail", pk=organization.pk)
    return redirect("stakeholders:mine")


@private_sector_required
def my_organization(request):
    """The organisation the account acts for; or its pending request; or the form to ask to
    join one (with the last decision, when a request was refused or a membership ended)."""
    current = (
        Membership.objects.active().filter(user=request.user).select_related("organization").first()
    )
    if current is None:
        return _join(request)
    if current.is_pending:
        return render(request, "stakeholders/membership_pending.html", {"membership": current})
    organization = (
        Organization.objects.represented_by(request.user).prefetch_related("sectors").get()
    )
    return render(
        request,
        "stakeholders/my_organization.html",
        {
            "organization": organization,
            "membership": current,
            "contacts": Contact.objects.visible_to(request.user).filter(organization=organization),
            "pending_requests": (
                organization.memberships.pending().count() if current.is_administrator else 0
            ),
        },
    )


def _join(request):
    form = OrganizationChoiceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership.request_membership(request.user, **form.organization_choice())
        except membership.Refused as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("Your request is sent. You will receive an e-mail when it is decided."),
            )
            return redirect("stakeholders:mine")
    last = (
        Membership.objects.filter(user=request.user)
        .exclude(status=Membership.Status.WITHDRAWN)
        .select_related("organization")
        .first()
    )
    return render(request, "stakeholders/join.html", {"form": form, "last": last})


@signed_in_required
def profile_edit(request, pk):
    organization = get_object_or_404(Organization.objects.editable_by(request.user), pk=pk)
    form = ProfileForm(request.POST or None, instance=organization)
    if request.method == "POST" and form.is_valid():
        was_verified = organization.verified
        data, sectors = form_data(form)
        organization = services.update_organization(
            organization, acting_user=request.user, sectors=sectors, **data
        )
        messages.success(request, _("Your organisation's profile has been saved."))
        if was_verified and not organization.verified:
            messages.info(
                request,
                _("Its name or registry number changed, so Customs will verify it again."),
            )
        return _back_to(request.user, organization)
    return render(
        request, "stakeholders/profile_form.html", {"form": form, "organization": organization}
    )


@signed_in_required
def contact_create(request, pk):
    organization = get_object_or_404(Organization.objects.editable_by(request.user), pk=pk)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.add_contact(organization, acting_user=request.user, **form.cleaned_data)
        messages.success(request, _("The contact has been added."))
        return _back_to(request.user, organization)
    return render(
        request, "stakeholders/contact_form.html", {"form": form, "organization": organization}
    )


@signed_in_required
def contact_edit(request, pk):
    contact = get_object_or_404(
        Contact.objects.editable_by(request.user).select_related("organization"), pk=pk
    )
    form = ContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        services.update_contact(contact, acting_user=request.user, **form.cleaned_data)
        messages.success(request, _("The contact has been saved."))
        return _back_to(request.user, contact.organization)
    return render(
        request,
        "stakeholders/contact_form.html",
        {"form": form, "organization": contact.organization, "contact": contact},
    )


@signed_in_required
def contact_remove(request, pk):
    contact = get_object_or_404(
        Contact.objects.editable_by(request.user).select_related("organization"), pk=pk
    )
    organization = contact.organization
    if request.method == "POST":
        try:
            services.remove_contact(contact, acting_user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The contact has been removed."))
        return _back_to(request.user, organization)
    return render(
        request,
        "stakeholders/contact_remove.html",
        {"contact": contact, "organization": organization},
    )
