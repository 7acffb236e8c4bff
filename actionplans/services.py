"""Every write of the action plans: views, the admin, tasks and the demo call these.

Invariants kept here:

- only editors change objectives, plans and actions, and approve, activate or close plans;
  a closed plan and its actions no longer change;
- every action serves one of its plan's objectives: checked when an action is saved, when a
  plan is saved (with or without its actions) and again when it is approved;
- an approved plan always has a frozen version (PlanVersion) per approval, numbered 1, 2, ...
  without gaps, made under a lock on the plan; approving nothing new is refused;
- progress is reported only by the action's responsible officer or an editor, never on a
  cancelled action or a closed plan; evidence is checked by content before anything is kept;
  the action's status follows its latest progress (in progress, done at 100%);
- a commitment made at a meeting is carried out by at most one action (action_from_commitment
  locks the commitment, then checks; the one-to-one column backs it up);
- the weekly digest makes at most one notification per officer per ISO week.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from actionplans import evidence as evidence_rules
from actionplans import webhooks
from actionplans.commitments import ACTION_STATUS_OF
from actionplans.models import (
    UNALIGNED,
    Action,
    ActionPlan,
    Evidence,
    PlanVersion,
    ProgressUpdate,
)
from actionplans.versions import commitments, plans_for_snapshot, snapshot
from meetings.models import Commitment
from portal import permissions
from portal.notifications import queue as notifications

DIGEST_KIND = "actionplans.digest"


def _require_editor(user):
    if not permissions.is_editor(user):
        raise PermissionDenied


def _save_form(form, acting_user):
    """Save a validated ModelForm, recording `acting_user` in the change history."""
    instance = form.save(commit=False)
    instance._history_user = acting_user
    instance.save()
    form.save_m2m()
    return instance


def _title_of(text):
    """A one-line title from a commitment's text (its first line, shortened)."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return first if len(first) <= 250 else first[:249].rstrip() + "…"


# --- Strategy and plans -----------------------------------------------------------------


@transaction.atomic
def save_objective(form, *, acting_user):
    """Create or change a strategic objective from a validated ObjectiveForm."""
    _require_editor(acting_user)
    return _save_form(form, acting_user)


def _misalignment(actions):
    """Messages naming the actions whose objective their plan does not serve, per objective."""
    by_objective = {}
    for action in actions:
        by_objective.setdefault(action.objective, []).append(action.code)
    return [
        ValidationError(
            ngettext(
                "Action %(codes)s serves “%(objective)s”, which the plan no longer serves: "
                "give it another of the plan's objectives first, or keep this one.",
                "Actions %(codes)s serve “%(objective)s”, which the plan no longer serves: "
                "give them another of the plan's objectives first, or keep this one.",
                len(codes),
            ),
            params={"codes": ", ".join(codes), "objective": objective},
        )
        for objective, codes in sorted(by_objective.items(), key=lambda item: item[0].code)
    ]


def _lock_editable(plan_ids):
    """Lock the plans (against approving or closing meanwhile); refuse if one is closed."""
    plans = list(ActionPlan.objects.select_for_update().filter(pk__in=plan_ids).order_by("pk"))
    if any(not plan.is_editable for plan in plans):
        raise ValidationError(_("A closed plan can no longer be changed."))
    return plans


def _save_actions(formset, plan, acting_user):
    """Save the new, changed and deleted rows of a validated formset of the plan's actions."""
    for action in formset.save(commit=False):  # rows left as they were are not saved again
        action.plan = plan
        action._history_user = acting_user
        action.save()
    formset.save_m2m()
    for action in formset.deleted_objects:
        action._history_user = acting_user
        action.delete()


@transaction.atomic
def save_plan(form, *, acting_user, actions=None):
    """Create or change a plan from a validated PlanForm and, when given, a validated formset
    of its actions (the plan page's or the administration site's), in one transaction.

    A closed plan stays closed. Every action still serves one of the plan's objectives
    afterwards: dropping an objective that actions serve is refused, naming them.
    """
    _require_editor(acting_user)
    if form.instance.pk:
        _lock_editable([form.instance.pk])
    plan = _save_form(form, acting_user)
    if actions is not None:
        _save_actions(actions, plan, acting_user)
    problems = _misalignment(plan.misaligned_actions().select_related("objective"))
    if problems:
        raise ValidationError({"objectives": problems})
    return plan


@transaction.atomic
def save_action(form, *, acting_user):
    """Create or change an action from a validated ActionForm bound to its plan.

    Refused when its plan (or, moved in the administration site, the plan it leaves) is
    closed, or no longer serves the action's objective: the form's validation
    (Action.clean) checked it, and an editor may have changed the plan meanwhile.
    """
    _require_editor(acting_user)
    action = form.instance
    plan_ids = {action.plan_id}
    previous = None
    if action.pk:
        plan_ids |= set(Action.objects.filter(pk=action.pk).values_list("plan_id", flat=True))
        previous = Action.objects.filter(pk=action.pk).values_list("status", flat=True).first()
    _lock_editable(plan_ids)
    if action.objective_id and not action.plan.objectives.filter(pk=action.objective_id).exists():
        raise ValidationError({"objective": UNALIGNED})
    saved = _save_form(form, acting_user)
    if previous is not None:
        webhooks.status_changed(saved, previous)
    return saved


@transaction.atomic
def action_from_commitment(
    commitment,
    *,
    plan,
    objective,
    code,
    acting_user,
    title=None,
    responsible=None,
    start_date=None,
    due_date=None,
    visibility=Action.Visibility.INTERNAL,
):
    """Make the action that carries out a commitment made at a meeting, linked to it.

    Prefilled from the commitment: its text (title and description), due date, organisation
    (as partner) and responsible officer (when a portal user of Customs, else `acting_user`);
    the arguments given override. Refused when the commitment already has an action, was
    dropped, or the plan is closed; the action must serve one of the plan's objectives.
    """
    _require_editor(acting_user)
    locked = Commitment.objects.select_for_update(of=("self",)).get(pk=commitment.pk)
    if Action.objects.filter(commitment=locked).exists():
        raise ValidationError(_("This commitment is already carried out by an action."))
    if locked.status == Commitment.Status.DROPPED:
        raise ValidationError(_("This commitment was dropped: there is nothing to carry out."))
    plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    if not plan.is_editable:
        raise ValidationError(_("A closed plan can no longer be changed."))
    if responsible is None:
        candidate = locked.responsible_user
        responsible = (
            candidate
            if candidate is not None and candidate.is_active and permissions.is_customs(candidate)
            else acting_user
        )
    today = timezone.localdate()
    due_date = due_date or locked.due_date or plan.period_end
    start_date = start_date or min(max(today, plan.period_start), due_date)
    action = Action(
        plan=plan,
        commitment=locked,
        code=code.strip(),
        title=(title or "").strip() or _title_of(locked.description),
        description=locked.description,
        objective=objective,
        responsible=responsible,
        responsible_unit=plan.owning_unit,
        start_date=start_date,
        due_date=due_date,
        status=ACTION_STATUS_OF[locked.status],
        visibility=visibility,
    )
    action.full_clean()
    action._history_user = acting_user
    action.save()
    if locked.organization_id:
        action.partners.add(locked.organization_id)
    return action


def approve_plan(plan, *, acting_user, note="", now=None):
    """Approve the plan as it stands and freeze a copy of it as its next version.

    A draft plan becomes approved; an approved or active plan keeps its status (a revision).
    Refused for a closed plan, a plan without objectives or actions, a plan with an action
    whose objective the plan does not serve, and when nothing in the commitments changed since
    the latest version.
    """
    _require_editor(acting_user)
    now = now or timezone.now()
    with transaction.atomic():
        locked = ActionPlan.objects.select_for_update().get(pk=plan.pk)
        if locked.status == ActionPlan.Status.CLOSED:
            raise ValidationError(_("A closed plan cannot be approved."))
        current = plans_for_snapshot().get(pk=plan.pk)
        if not current.objectives.all():
            raise ValidationError(_("Choose the strategic objectives the plan serves first."))
        if not current.actions.all():
            raise ValidationError(_("Add at least one action before approving the plan."))
        served = set(current.objectives.all())
        problems = _misalignment(a for a in current.actions.all() if a.objective not in served)
        if problems:
            raise ValidationError(problems)
        latest = locked.versions.order_by("-number").first()
        if latest is not None and commitments(snapshot(current)) == commitments(latest.snapshot):
            raise ValidationError(
                _("Nothing has changed since version %(number)s was approved."),
                params={"number": latest.number},
            )
        if locked.status == ActionPlan.Status.DRAFT:
            locked.status = ActionPlan.Status.APPROVED
        locked.approved_by = acting_user
        locked.approved_at = now
        locked._history_user = acting_user
        locked.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
        current.status = locked.status
        version = PlanVersion.objects.create(
            plan=locked,
            number=(latest.number if latest else 0) + 1,
            approved_by=acting_user,
            approved_at=now,
            note=note,
            snapshot=snapshot(current),
        )
    return version


@transaction.atomic
def activate_plan(plan, *, acting_user):
    """Put an approved plan into effect: its public actions appear on the commitments board."""
    _require_editor(acting_user)
    locked = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    if locked.status != ActionPlan.Status.APPROVED:
        raise ValidationError(_("Only an approved plan can be put into effect."))
    locked.status = ActionPlan.Status.ACTIVE
    locked._history_user = acting_user
    locked.save(update_fields=["status", "updated_at"])
    return locked


@transaction.atomic
def close_plan(plan, *, acting_user):
    """Close an approved or active plan: it leaves the board and can no longer change."""
    _require_editor(acting_user)
    locked = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    if locked.status not in (ActionPlan.Status.APPROVED, ActionPlan.Status.ACTIVE):
        raise ValidationError(_("Only an approved or active plan can be closed."))
    locked.status = ActionPlan.Status.CLOSED
    locked._history_user = acting_user
    locked.save(update_fields=["status", "updated_at"])
    return locked


# --- Progress ---------------------------------------------------------------------------


def record_progress(
    action, *, acting_user, date, percent, narrative, indicator_value=None, files=()
):
    """Record a progress update on `action`, with its evidence files.

    Only the responsible officer or an editor may (Action.objects.reportable_by). Every file is
    checked by content before anything is stored. The action's status then follows its latest
    progress: done at 100%, in progress above 0%.
    """
    if not 0 <= percent <= 100:
        raise ValidationError(_("The percentage must be between 0 and 100."))
    if date > timezone.localdate():
        raise ValidationError(_("Progress cannot be reported for a future date."))
    files = list(files)
    if len(files) > evidence_rules.max_files():
        raise ValidationError(
            _("Attach at most %(count)s files to one update."),
            params={"count": evidence_rules.max_files()},
        )
    kinds = [evidence_rules.check(upload) for upload in files]
    with transaction.atomic():
        locked = (
            Action.objects.reportable_by(acting_user)
            .select_for_update(of=("self",))
            .filter(pk=action.pk)
            .first()
        )
        if locked is None:
            raise PermissionDenied
        update = ProgressUpdate(
            action=locked,
            date=date,
            percent=percent,
            indicator_value=indicator_value,
            narrative=narrative,
            author=acting_user,
        )
        update._history_user = acting_user
        update.save()
        for upload, kind in zip(files, kinds, strict=True):
            upload.seek(0)
            Evidence.objects.create(
                update=update,
                file=upload,
                original_name=upload.name[-200:],
                content_type=kind.content_type,
                extension=kind.extension,
                size=upload.size,
            )
        previous = locked.status
        _follow_progress(locked, acting_user)
        # Told after the status it leads to, so that the action's data are the new ones.
        webhooks.progress_reported(update)
        webhooks.status_changed(locked, previous)
    return update


def _follow_progress(action, acting_user):
    latest = action.updates.order_by("-date", "-created_at", "-pk").first()
    percent = latest.percent if latest else 0
    status = action.status
    if percent >= 100:
        status = Action.Status.DONE
    elif status == Action.Status.DONE or (status == Action.Status.NOT_STARTED and percent > 0):
        status = Action.Status.IN_PROGRESS
    if status != action.status:
        action.status = status
        action._history_user = acting_user
        action.save(update_fields=["status", "updated_at"])


# --- The weekly digest ------------------------------------------------------------------


def digest_key(user, today):
    iso_year, iso_week, _weekday = today.isocalendar()
    return f"{DIGEST_KIND}:{user.pk}:{iso_year}-W{iso_week}"


def send_weekly_digests(*, now=None):
    """Queue this week's digest for every officer responsible for an open action.

    One notification per officer per ISO week (its key says which week), rendered when it is
    sent (actionplans.digest), so running this again in the same week sends nothing more.
    An officer with nothing due soon, at risk or overdue then gets no e-mail.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    officers = (
        Action.objects.open_commitments()
        .filter(responsible__is_active=True)
        .values_list("responsible", flat=True)
        .distinct()
    )
    from portal.accounts.models import User

    queued = 0
    for user in User.objects.filter(pk__in=officers).order_by("pk"):
        with transaction.atomic():
            notifications.notify(
                DIGEST_KIND,
                target=user,
                recipient=user,
                email=user.email,
                due_at=now,
                key=digest_key(user, today),
            )
        queued += 1
    return queued
