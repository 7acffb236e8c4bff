"""Invitations: officers invite and withdraw; invitees reply (signed in, or from the e-mail's
link) and propose agenda items, which officers accept or decline."""

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from meetings import conflicts, forms
from meetings.models import AgendaProposal, Invitation, Meeting
from meetings.services import invitations as meeting_invitations
from meetings.services import proposals
from meetings.views import invitation_for, show_error, visible
from portal.middleware import not_stored
from portal.permissions import customs_required, private_sector_required, signed_in_required
from stakeholders import bulk


@customs_required
@require_POST
def remind_unanswered(request, pk):
    """Remind every invitee who has not replied yet (at most once a day)."""
    meeting = get_object_or_404(Meeting, pk=pk)
    try:
        reminder = meeting_invitations.remind_unanswered(meeting, acting_user=request.user)
    except meeting_invitations.MeetingError as exc:
        show_error(request, exc)
    else:
        messages.success(
            request,
            ngettext(
                "A reminder to reply is on its way to %(count)d invitee.",
                "A reminder to reply is on its way to %(count)d invitees.",
                reminder.recipients,
            )
            % {"count": reminder.recipients},
        )
    return redirect(meeting)


@customs_required
def invitations(request, pk):
    """Invite more people and organisations, or withdraw invitations."""
    meeting = get_object_or_404(Meeting, pk=pk)
    form = forms.InviteForm(request.POST or None, visibility=meeting.visibility)
    if request.method == "POST" and "withdraw" in request.POST:
        invitation = get_object_or_404(meeting.invitations, pk=request.POST["withdraw"])
        meeting_invitations.uninvite(invitation, acting_user=request.user)
        messages.success(request, _("The invitation is withdrawn."))
        return redirect("meetings:invitations", pk=pk)
    if request.method == "POST" and "withdraw_org" in request.POST:
        link = get_object_or_404(meeting.invited_orgs, pk=request.POST["withdraw_org"])
        meeting_invitations.uninvite_organization(
            meeting, link.organization, acting_user=request.user
        )
        messages.success(request, _("The invitation is withdrawn."))
        return redirect("meetings:invitations", pk=pk)
    conflict_warnings, override_form = [], None
    if request.method == "POST" and form.is_valid():
        pairs = _conflict_pairs(meeting, form.cleaned_data)
        conflict_warnings = _unique(w for pair in pairs for w in conflicts.warnings(*pair))
        override_form = conflicts.override_form(request, conflict_warnings)
    if (
        request.method == "POST"
        and form.is_valid()
        and (not conflict_warnings or override_form.is_valid())
    ):
        _send_invitations(
            request,
            meeting,
            pairs=pairs if conflict_warnings else (),
            override_form=override_form,
            **form.cleaned_data,
        )
        return redirect("meetings:invitations", pk=pk)
    return render(
        request,
        "meetings/invitations.html",
        {
            "meeting": meeting,
            "form": form,
            "invitations": meeting.invitations.select_related("organization", "user"),
            "invited_orgs": meeting.invited_orgs.select_related("organization"),
            "conflict_warnings": conflict_warnings,
            "override_form": override_form,
        },
    )


def _send_invitations(request, meeting, *, pairs, override_form, **invitees):
    """Invite through the service and record, in the same transaction, the conflicts of
    interest the officer went ahead despite (`pairs`, empty when none was raised); tell the
    officer how many invitations went out, or why none did. True when they went out."""
    try:
        with transaction.atomic():
            created = meeting_invitations.invite(meeting, acting_user=request.user, **invitees)
            for officers, organizations in pairs:
                conflicts.record(
                    officers,
                    organizations,
                    context=conflicts.INVITATION,
                    reason=override_form.cleaned_data["conflict_reason"],
                    acting_user=request.user,
                    target=meeting.title,
                    meeting=meeting,
                )
    except meeting_invitations.MeetingError as exc:
        show_error(request, exc)
        return False
    count = len(created)
    messages.success(
        request,
        ngettext("%(count)d invitation sent.", "%(count)d invitations sent.", count)
        % {"count": count},
    )
    return True


@customs_required
@require_POST
def invite_organizations(request):
    """Invite the organisations selected on the registry list to an upcoming meeting: the first
    post (from the list) shows them and asks for the meeting; the second invites them through
    the invitation service, with the same conflict-of-interest check as the invitations page."""
    organizations = bulk.selection(request)
    if not organizations:
        messages.error(request, _("Select at least one organisation."))
        return redirect(bulk.back_url(request))
    form = forms.InviteOrganizationsForm(request.POST if "meeting" in request.POST else None)
    conflict_warnings, override_form = [], None
    if form.is_bound and form.is_valid():
        meeting = form.cleaned_data["meeting"]
        pairs = _conflict_pairs(meeting, {"organizations": organizations})
        conflict_warnings = _unique(w for pair in pairs for w in conflicts.warnings(*pair))
        override_form = conflicts.override_form(request, conflict_warnings)
        if not conflict_warnings or (override_form.is_bound and override_form.is_valid()):
            if _send_invitations(
                request,
                meeting,
                pairs=pairs if conflict_warnings else (),
                override_form=override_form,
                organizations=organizations,
            ):
                return redirect("meetings:invitations", pk=meeting.pk)
    return render(
        request,
        "meetings/invite_organizations.html",
        {
            "organizations": organizations,
            "form": form,
            "back": bulk.back_url(request),
            "conflict_warnings": conflict_warnings,
            "override_form": override_form,
        },
    )


def _unique(items):
    return list(dict.fromkeys(items))


def _conflict_pairs(meeting, data):
    """(officers, organisations) to ask meetings.conflicts about, for invitations about to be
    made: the officers being invited with every organisation the meeting has or is getting,
    and the officers already invited with the organisations being invited."""
    new_officers = {user.pk for user in data.get("users") or () if user.is_customs}
    new_orgs = {org.pk for org in data.get("organizations") or ()}
    new_orgs |= {c.organization_id for c in data.get("contacts") or () if c.organization_id}
    had_orgs = set(meeting.invited_orgs.values_list("organization_id", flat=True))
    had_orgs |= set(
        meeting.invitations.exclude(organization=None).values_list("organization_id", flat=True)
    )
    had_officers = set(
        meeting.invitations.filter(user__kind="customs").values_list("user_id", flat=True)
    )
    return [
        (sorted(new_officers), sorted(had_orgs | new_orgs)),
        (sorted(had_officers - new_officers), sorted(new_orgs)),
    ]


@signed_in_required
@require_POST
def rsvp(request, pk):
    """A signed-in invitee answers from the meeting's page."""
    meeting = get_object_or_404(visible(request.user), pk=pk)
    invitation = invitation_for(request.user, meeting)
    if invitation is None:
        raise Http404
    return _answer(
        request, invitation, redirect_to=request.POST.get("next") or meeting.get_absolute_url()
    )


def rsvp_token(request, token):
    """An invitee answers from the link in the e-mail, signed in or not. A GET only shows the
    choices (mail programs open links to check them); the answer is a POST. The link works
    only while the invitee may see the meeting (Invitation.invitee_may_see_meeting)."""
    invitation = get_object_or_404(
        Invitation.objects.select_related("meeting", "user"), token=token
    )
    if not invitation.invitee_may_see_meeting():
        raise Http404  # hidden from the invitee since: the link tells nothing
    if request.method == "POST":
        return _answer(request, invitation, redirect_to=request.path)
    meeting = invitation.meeting
    occurrence = meeting.next_occurrence() or meeting.occurrences()[0]
    page = render(
        request,
        "meetings/rsvp.html",
        {
            "invitation": invitation,
            "meeting": meeting,
            "occurrence": occurrence,
            "form": forms.RsvpForm(initial={"response": invitation.response}),
        },
    )
    return not_stored(page)  # the token is the key: no cache keeps what it opens


def _answer(request, invitation, *, redirect_to):
    form = forms.RsvpForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a reply."))
        return redirect(redirect_to)
    try:
        meeting_invitations.respond(
            invitation, response=form.cleaned_data["response"], acting_user=request.user
        )
    except meeting_invitations.MeetingError as exc:
        show_error(request, exc)
    else:
        messages.success(request, _("Thank you: your reply is recorded."))
    if not url_has_allowed_host_and_scheme(
        redirect_to, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        redirect_to = invitation.meeting.get_absolute_url()
    return redirect(redirect_to)


@private_sector_required
def propose_item(request, pk):
    meeting = get_object_or_404(visible(request.user), pk=pk)
    if invitation_for(request.user, meeting) is None:
        raise Http404
    form = forms.AgendaProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            proposals.propose_agenda_item(meeting, acting_user=request.user, **form.cleaned_data)
        except proposals.MeetingError as exc:
            show_error(request, exc)
        else:
            messages.success(request, _("Your proposal is sent to the organiser."))
        return redirect(meeting)
    return render(request, "meetings/propose_item.html", {"form": form, "meeting": meeting})


@customs_required
@require_POST
def decide_item(request, pk):
    proposal = get_object_or_404(AgendaProposal, pk=pk)
    decision = request.POST.get("decision")
    # Only the two buttons send a decision; anything else (a forged post) declines nothing.
    if decision not in ("accept", "decline"):
        raise Http404
    proposals.decide_agenda_item(proposal, acting_user=request.user, accept=decision == "accept")
    return redirect(proposal.meeting)
