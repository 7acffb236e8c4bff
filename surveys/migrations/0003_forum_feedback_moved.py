"""The forums' former feedback (forums.Feedback) moved into the survey engine: each forum with
feedback gets its feedback survey (the standard template), each feedback becomes an anonymous
response with its answers, and a participation (surveys.feedback.convert_forum_feedback).
forums 0005 then removes the Feedback table. Not reversible: the responses no longer say who
gave them."""

from types import SimpleNamespace

from django.db import migrations


def move_feedback(apps, schema_editor):
    from surveys.feedback import convert_forum_feedback

    models = SimpleNamespace(
        **{
            name: apps.get_model("surveys", name)
            for name in (
                "Survey",
                "Section",
                "Question",
                "Choice",
                "FeedbackSurvey",
                "Response",
                "Answer",
                "Participation",
            )
        },
        Session=apps.get_model("forums", "Session"),
    )
    convert_forum_feedback(models, apps.get_model("forums", "Feedback"))


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0002_invitations_feedback"),
        ("forums", "0004_registration_wants_messages"),
    ]

    operations = [migrations.RunPython(move_feedback, migrations.RunPython.noop)]
