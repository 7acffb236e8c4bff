"""Actions whose indicator is measured by a survey question (Action.indicator_question): the
question's mean in each wave of its survey series (surveys.results.wave_scores_of), for the
plan's dashboard and the action's page.

Read on every view, outside the dashboard's kept drawing (actionplans/views/dashboard.py): a
new response moves a mean at any time, and three queries cost less than keeping the drawing's
stamp in step with the surveys."""

from surveys.results import wave_scores_of


def survey_trends(actions):
    """[(action, [Wave, ...])] for those of `actions` (a queryset) whose indicator is a survey
    question, in code order. Three queries."""
    linked = list(
        actions.filter(indicator_question__isnull=False)
        .select_related("indicator_question__section__survey")
        .order_by("code")
    )
    waves = wave_scores_of([action.indicator_question for action in linked])
    return [(action, waves.get(action.indicator_question_id, [])) for action in linked]
