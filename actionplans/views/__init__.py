"""Pages of the action plans: the public commitments board, and the officers' and editors' pages.

Each view checks who may do it (portal.permissions decorators, visible_to / reportable_by
querysets: 404 for what a person may not see), validates a form and calls one service.

The pages are grouped by what they serve: the public commitments board (board.py), strategic
objectives (objectives.py), plan pages with their versions, approval, comparison and history
(plans.py), a plan's dashboard (dashboard.py), a plan's exports (reports.py), action pages and
turning a meeting's commitment into an action (actions.py), progress reports, their evidence and
an officer's own actions (progress.py). What they share is below."""

from django.shortcuts import get_object_or_404

from actionplans.models import ActionPlan


def visible_plan(request, pk):
    return get_object_or_404(ActionPlan.objects.visible_to(request.user), pk=pk)


def add_errors(form, error):
    """Put a service's ValidationError on the form's fields it names, the rest on the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)
