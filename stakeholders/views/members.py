"""Who acts for an organisation: its members and the requests to join it.

The members' page is for the organisation's administrators and for officers; the requests'
queue across all organisations is for officers. Anyone else asking gets 404. Each action is a
POST that calls one function of stakeholders.membership and comes back to the page it came
from.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from portal import permissions
from portal.pagination import paginate
from portal.permissions import customs_required, signed_in_required
from stakeholders import membership as services
from stakeholders.forms import ReasonForm, RoleForm
from stakeholders.models import Membership, Organization, domain_of, known_domains

PAST_SHOWN = 20


def _back(request, default):
    """Where an action returns: the page it was posted from (`next`), if it is ours."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect(default)


def _members_url(membership):
    return reverse("stakeholders:members", args=[membership.organization_id])


def _manageable(request, pk):
    return get_object_or_404(
        Membership.objects.manageable_by(request.user).select_related("user", "organization"),
        pk=pk,
    )


def _act(request, action, success, membership, **kwargs):
    """Run one membership service and say how it went; a refusal is shown, not raised."""
    try:
        action(membership, acting_user=request.user, **kwargs)
    except services.Refused as exc:
        messages.error(request, " ".join(exc.messages))
        return False
    except PermissionDenied:
        raise Http404 from None
    messages.success(request, success)
    return True


def with_hints(requests):
    """Each pending request (from with_address_confirmed()) with its e-mail domain and whether
    the organisation is known to use it: a hint for whoever decides, never a decision."""
    domains = {}
    for membership in requests:
        organization = membership.organization
        if organization.pk not in domains:
            domains[organization.pk] = known_domains(organization)
        membership.domain = domain_of(membership.user.email)
        membership.known_domains = domains[organization.pk]
        membership.domain_matches = membership.domain in membership.known_domains
    return requests


@signed_in_required
def members(request, pk):
    organization = get_object_or_404(Organization.objects.administered_by(request.user), pk=pk)
    rows = organization.memberships.select_related("user", "decided_by")
    pending = with_hints(list(rows.pending().with_address_confirmed()))
    approved = paginate(request, rows.approved().order_by("role", "user__full_name", "pk"))
    past = list(rows.exclude(status__in=Membership.ACTIVE).order_by("-decided_at")[:PAST_SHOWN])
    return render(
        request,
        "stakeholders/members.html",
        {
            "organization": organization,
            "pending": pending,
            "page": approved,
            "past": past,
            "own": rows.approved().filter(user=request.user).first(),
            "administrators": rows.administrators().count(),
            "is_customs": permissions.is_customs(request.user),
        },
    )


@customs_required
def requests(request):
    """Officers' queue: every pending request, oldest first, searchable."""
    query = request.GET.get("q", "").strip()[:100]
    rows = (
        Membership.objects.pending()
        .with_address_confirmed()
        .select_related("user", "organization")
        .order_by("requested_at", "pk")
    )
    if query:
        rows = rows.filter(
            Q(organization__name__icontains=query)
            | Q(organization__acronym__icontains=query)
            | Q(user__email__icontains=query)
            | Q(user__full_name__icontains=query)
        )
    page = paginate(request, rows)
    with_hints(page.object_list)
    return render(request, "stakeholders/membership_requests.html", {"page": page, "q": query})


def _not_post(request):
    """405 for a GET to a button's address, once the person is known to be allowed (someone
    who is not gets 404 first, whatever the method)."""
    return None if request.method == "POST" else HttpResponseNotAllowed(["POST"])


@signed_in_required
def approve(request, pk):
    membership = _manageable(request, pk)
    if refused := _not_post(request):
        return refused
    _act(
        request,
        services.approve,
        _("%(name)s now acts for %(organization)s.")
        % {"name": membership.user, "organization": membership.organization},
        membership,
    )
    return _back(request, _members_url(membership))


def _with_reason(request, pk, action, template, success):
    """A decision that needs a reason: its form on GET, the decision on a valid POST."""
    membership = _manageable(request, pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = _act(
            request, action, success % {"name": membership.user}, membership, **form.cleaned_data
        )
        if done:
            return _back(request, _members_url(membership))
    return render(
        request,
        template,
        {"form": form, "membership": membership, "next": request.GET.get("next", "")},
    )


@signed_in_required
def refuse(request, pk):
    return _with_reason(
        request,
        pk,
        services.refuse,
        "stakeholders/membership_refuse.html",
        _("The request of %(name)s is refused; they are told why."),
    )


@signed_in_required
def remove(request, pk):
    own = Membership.objects.approved().filter(pk=pk, user=request.user).first()
    if own is not None:
        return _leave(request, own)
    return _with_reason(
        request,
        pk,
        services.remove,
        "stakeholders/membership_remove.html",
        _("%(name)s no longer acts for the organisation; they are told why."),
    )


def _leave(request, membership):
    if request.method == "POST":
        if _act(request, services.remove, _("You have left the organisation."), membership):
            return redirect("stakeholders:mine")
        return redirect("stakeholders:mine")
    return render(request, "stakeholders/membership_leave.html", {"membership": membership})


@signed_in_required
def set_role(request, pk):
    membership = _manageable(request, pk)
    if refused := _not_post(request):
        return refused
    form = RoleForm(request.POST)
    if not form.is_valid():
        raise Http404
    role = form.cleaned_data["role"]
    if role == Membership.Role.ADMINISTRATOR:
        success = _("%(name)s is now an administrator of the organisation.")
    else:
        success = _("%(name)s is no longer an administrator of the organisation.")
    _act(request, services.set_role, success % {"name": membership.user}, membership, role=role)
    return _back(request, _members_url(membership))


@signed_in_required
def hand_over(request, pk):
    # Officers appoint and revoke; handing over is from an administrator to another member.
    membership = get_object_or_404(
        Membership.objects.approved()
        .filter(organization__in=Organization.objects.administered_by(request.user))
        .exclude(user=request.user)
        .select_related("user", "organization"),
        pk=pk,
    )
    if not permissions.is_private_sector(request.user):
        raise Http404
    if request.method == "POST":
        if _act(
            request,
            services.hand_over,
            _("%(name)s is now the organisation's administrator.") % {"name": membership.user},
            membership,
        ):
            return redirect("stakeholders:mine")
        return _back(request, _members_url(membership))
    return render(request, "stakeholders/membership_hand_over.html", {"membership": membership})


@signed_in_required
def withdraw(request, pk):
    membership = get_object_or_404(Membership.objects.pending(), pk=pk, user=request.user)
    if refused := _not_post(request):
        return refused
    _act(request, services.withdraw_request, _("Your request is withdrawn."), membership)
    return redirect("stakeholders:mine")
