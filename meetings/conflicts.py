"""Conflicts of interest declared by officers, for the meetings' forms.

Officers declare their conflicts of interest in the integrity app, which stands above
meetings; it registers the one module that knows them here, in its `AppConfig.ready()`. An
officer's form (inviting people and organisations to a meeting, naming a dialogue body's
Customs co-chair) asks `warnings` whether what it is about to do puts an officer together with
an organisation they declared a conflict with; if the officer goes ahead, with a reason,
`record` keeps who did and why. Without the integrity app, there is nothing to warn about.
"""

_provider = None

INVITATION = "invitation"
CHAIR = "chair"


def register(provider):
    """Make `provider` (a module or object with the functions below) the conflicts' source."""
    global _provider
    _provider = provider


def warnings(officers, organizations):
    """Human-readable warnings, one per active conflict between `officers` and
    `organizations`; empty when there is none."""
    if _provider is None:
        return []
    return list(_provider.warnings(officers, organizations))


def override_form(request, warnings):
    """The form asking the reason to go ahead despite `warnings` (None when there are none),
    bound when the request sent a reason. Shown with the warnings on the form that raised
    them (templates/meetings/_conflict_warning.html); the action goes through only when it is
    None or valid."""
    if not warnings:
        return None
    from meetings.forms import ConflictOverrideForm

    return ConflictOverrideForm(request.POST if "conflict_reason" in request.POST else None)


def record(officers, organizations, *, context, reason, acting_user, target="", meeting=None):
    """Keep that `acting_user` went ahead, for `reason`, despite those conflicts."""
    if _provider is None:
        return []
    return _provider.record(
        officers,
        organizations,
        context=context,
        reason=reason,
        acting_user=acting_user,
        target=target,
        meeting=meeting,
    )
