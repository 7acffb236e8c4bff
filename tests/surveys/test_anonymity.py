"""An anonymous survey's answers lead back to nobody: no row of the database reachable from an
anonymous Response or Answer holds its respondent's account, e-mail, name, session or
organisation; nothing anywhere names those rows but themselves; their keys and times say
nothing; answering writes nothing else (no notification changed, no history row). A named
survey, answered alongside, shows that the same walk does find its respondents.

The officers' results and exports pages are surveys-results' (not on this branch): their
check belongs with them.
"""

import uuid

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import connection, models
from simple_history.models import registered_models

from portal.notifications.models import Notification
from surveys.models import Answer, Participation, Response, Survey
from surveys.services import answers, invitations
from surveys.services._common import Refused
from tests.factories import OfficerFactory, OrganizationFactory, representative_of
from tests.surveys.factories_send import answers_for, survey

pytestmark = pytest.mark.django_db

User = get_user_model()
TEXT = (models.CharField, models.TextField, models.JSONField, models.UUIDField)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def every_model():
    return apps.get_models(include_auto_created=True)


def table_counts():
    with connection.cursor() as cursor:
        counts = {}
        for model in every_model():
            table = model._meta.db_table
            cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 (model tables)
            counts[table] = cursor.fetchone()[0]
    return counts


def tables_mentioning(strings):
    """The tables (with a count) that hold any of `strings` in any text, JSON or UUID column,
    a foreign key to a UUID included."""
    patterns = [f"%{s}%" for s in strings]
    found = {}
    with connection.cursor() as cursor:
        for model in every_model():
            for field in model._meta.concrete_fields:
                target = field.target_field if field.is_relation else field
                if not isinstance(target, TEXT):
                    continue
                table, column = model._meta.db_table, field.column
                cursor.execute(
                    f'SELECT count(*) FROM "{table}" WHERE "{column}"::text ILIKE ANY(%s)',  # noqa: S608
                    [patterns],
                )
                count = cursor.fetchone()[0]
                if count:
                    found[f"{table}.{column}"] = count
    return found


def reachable(start):
    """Every row reachable from `start` (model instances) by following foreign keys outwards,
    and any row that points at a row already reached when that row is a response or an
    answer (what is attached to it)."""
    seen, todo = {}, list(start)
    while todo:
        obj = todo.pop()
        key = (obj._meta.label, obj.pk)
        if key in seen:
            continue
        seen[key] = obj
        for field in obj._meta.concrete_fields:
            if field.is_relation and getattr(obj, field.attname) is not None:
                todo.append(getattr(obj, field.name))
        if isinstance(obj, Response | Answer):
            for model in every_model():
                for field in model._meta.concrete_fields:
                    if field.is_relation and field.related_model is type(obj):
                        todo.extend(model._default_manager.filter(**{field.attname: obj.pk}))
    return list(seen.values())


def traces(rows, people):
    """What in `rows` names one of `people`: a foreign key to their account or organisation,
    or their e-mail, name or session key in a text or JSON column."""
    user_ids = {p.pk for p in people}
    org_ids = {o for p in people for o in p.org_ids}
    words = {w.lower() for p in people for w in (p.email, p.full_name, p.session_key)}
    found = []
    for obj in rows:
        if isinstance(obj, User) and obj.pk in user_ids:
            found.append((obj._meta.label, "the account itself"))
        for field in obj._meta.concrete_fields:
            value = getattr(obj, field.attname)
            if value in (None, ""):
                continue
            if field.is_relation and field.related_model is User and value in user_ids:
                found.append((obj._meta.label, field.name))
            elif (
                field.is_relation
                and field.related_model._meta.label == "stakeholders.Organization"
                and value in org_ids
            ):
                found.append((obj._meta.label, field.name))
            elif isinstance(field, TEXT) and any(w in str(value).lower() for w in words):
                found.append((obj._meta.label, field.name))
    return found


@pytest.fixture
def answered(client):
    """Five people of one organisation, each signed in (a session each): three answer an
    anonymous survey, two a named one. Their sessions, invitations and a reminder exist
    before anyone answers."""
    organization = OrganizationFactory()
    people = []
    for index in range(5):
        person = representative_of(
            organization, email=f"repondant{index}@ccim.ml", full_name=f"Répondant Numéro{index}"
        )
        client.force_login(person)
        person.session_key = client.session.session_key
        person.org_ids = [organization.pk]
        people.append(person)
    anonymous, named = survey(anonymous=True), survey(anonymous=False)
    for made in (anonymous, named):
        made.organizations.add(organization)
        invitations.invite_audience(made, acting_user=None)
    invitations.remind_unanswered(anonymous, acting_user=OfficerFactory())
    counts, notifications = table_counts(), list(Notification.objects.order_by("pk").values())
    for index, person in enumerate(people[:3]):
        answers.submit_response(
            anonymous, acting_user=person, answers=answers_for(anonymous, trust=index + 2)
        )
    for person in people[3:]:
        answers.submit_response(named, acting_user=person, answers=answers_for(named))
    return {
        "anonymous": anonymous,
        "named": named,
        "people": people,
        "counts": counts,
        "notifications": notifications,
    }


def test_no_row_reachable_from_an_anonymous_answer_names_its_respondent(answered):
    anonymous, people = answered["anonymous"], answered["people"]
    responses = list(Response.objects.filter(survey=anonymous))
    assert len(responses) == 3
    start = responses + list(Answer.objects.filter(response__survey=anonymous))

    rows = reachable(start)

    assert {obj._meta.label for obj in rows} >= {"surveys.Response", "surveys.Answer"}
    assert not any(isinstance(obj, Participation | User | Session) for obj in rows)
    assert traces(rows, people) == []


def test_the_same_walk_finds_the_respondents_of_a_named_survey(answered):
    named, people = answered["named"], answered["people"]
    start = list(Response.objects.filter(survey=named))

    found = traces(reachable(start), people[3:])

    assert ("surveys.Response", "respondent") in found
    assert ("surveys.Response", "organization") in found


def test_nothing_but_the_anonymous_rows_themselves_names_them(answered):
    """No table (notifications, logs, history, sessions...) holds the key of an anonymous
    response or answer, except the responses and answers."""
    anonymous = answered["anonymous"]
    keys = [
        str(pk) for pk in Response.objects.filter(survey=anonymous).values_list("pk", flat=True)
    ]
    keys += [
        str(pk)
        for pk in Answer.objects.filter(response__survey=anonymous).values_list("pk", flat=True)
    ]

    found = tables_mentioning(keys)

    assert set(found) == {"surveys_response.id", "surveys_answer.id", "surveys_answer.response_id"}
    # Nor any session's data (stored encoded: decoded here).
    for session in Session.objects.all():
        decoded = str(session.get_decoded())
        assert not any(key in decoded for key in keys)


def test_keys_are_random_and_nothing_keeps_the_time(answered):
    anonymous = answered["anonymous"]
    for model in (Response, Answer, Participation):
        assert isinstance(model._meta.pk, models.UUIDField)
        assert model._meta.pk.default is uuid.uuid4
        # No time anywhere; the response keeps the day only.
        times = [f.name for f in model._meta.concrete_fields if isinstance(f, models.DateTimeField)]
        assert times == [], model
    dates = [f.name for f in Participation._meta.concrete_fields if isinstance(f, models.DateField)]
    assert dates == []
    assert [f.name for f in Answer._meta.concrete_fields if isinstance(f, models.DateField)] == []
    for response in Response.objects.filter(survey=anonymous):
        assert uuid.UUID(str(response.pk)).version == 4
        assert (response.respondent_id, response.organization_id) == (None, None)
    assert all(
        uuid.UUID(str(pk)).version == 4
        for pk in Participation.objects.filter(survey=anonymous).values_list("pk", flat=True)
    )


def test_answering_writes_the_answers_and_the_participation_and_nothing_else(answered):
    """No notification changed (a cancellation's time would line up with the response), no
    history row, no log or other table touched."""
    before, after = answered["counts"], table_counts()

    changed = {table for table in after if after[table] != before[table]}

    assert changed == {"surveys_response", "surveys_answer", "surveys_participation"}
    assert list(Notification.objects.order_by("pk").values()) == answered["notifications"]
    assert not any(model._meta.app_label == "surveys" for model in registered_models.values())


def test_a_second_answer_is_refused(answered):
    anonymous, person = answered["anonymous"], answered["people"][0]

    with pytest.raises(Refused) as refusal:
        answers.submit_response(anonymous, acting_user=person, answers=answers_for(anonymous))

    assert refusal.value.code == "duplicate"
    assert Response.objects.filter(survey=anonymous).count() == 3
    assert Survey.objects.get(pk=anonymous.pk).participations.count() == 3


def _system_columns(table, survey_id):
    """[(id, xmin, ctid)] of a survey's rows in `table`, in the table's physical order."""
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT id::text, xmin::text, ctid::text FROM "{table}" '  # noqa: S608 (our tables)
            "WHERE survey_id = %s ORDER BY ctid",
            [survey_id],
        )
        return cursor.fetchall()


@pytest.mark.django_db(transaction=True)
def test_mixing_leaves_no_transaction_id_or_table_order_shared_with_the_participations():
    organization = OrganizationFactory()
    made = survey(anonymous=True)
    made.organizations.add(organization)
    for index in range(12):
        person = representative_of(organization, email=f"melange{index}@ccim.ml")
        answers.submit_response(
            made, acting_user=person, answers=answers_for(made, trust=1 + index % 5)
        )
    responses = _system_columns("surveys_response", made.pk)
    participations = _system_columns("surveys_participation", made.pk)
    # Written together, a response and its participation share their transaction's id (what
    # the mixing is for: the check below can fail).
    assert {xmin for _id, xmin, _ctid in responses} == {xmin for _id, xmin, _ctid in participations}
    assert Response.objects.filter(survey=made, mixed=False).count() == 12

    assert answers.mix_anonymous_responses() == 12

    mixed = _system_columns("surveys_response", made.pk)
    participation_xmins = {xmin for _id, xmin, _ctid in participations}
    assert not {xmin for _id, xmin, _ctid in mixed} & participation_xmins
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT a.xmin::text FROM surveys_answer a JOIN surveys_response r "
            "ON r.id = a.response_id WHERE r.survey_id = %s",
            [made.pk],
        )
        assert not {row[0] for row in cursor.fetchall()} & participation_xmins
    # Their order in the table is no longer the order of answering (one chance in 12! of
    # coming out the same).
    assert [row[0] for row in mixed] != [row[0] for row in responses]
    assert not Response.objects.filter(survey=made, mixed=False).exists()
    assert answers.mix_anonymous_responses() == 0


def test_a_named_survey_s_responses_need_no_mixing(answered):
    assert not Response.objects.filter(survey=answered["named"], mixed=False).exists()
    assert Response.objects.filter(survey=answered["anonymous"], mixed=False).count() == 3
