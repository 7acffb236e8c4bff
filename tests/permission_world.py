"""The world the permission matrix walks: one real object of every kind a URL names.

Two organisations (A and B) with one representative each, the four customs roles, and for
each app the objects whose pages the matrix visits, made through the services where the
services exist, as people would make them. Objects of organisation A are what the matrix uses
to show that B's representative gets 404 for them.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.contrib.sites.models import Site
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from actionplans import services as actionplans
from actionplans.models import ActionPlan, IntegrityFactor
from consultations import services as consultations
from consultations.models import Comment, Consultation
from forums import services as forums
from forums.models import Feedback, Forum, ForumMessage
from portal.meetings import services as meetings
from portal.meetings.models import Commitment, Meeting, MeetingRequest
from portal.notifications.models import Heartbeat
from stakeholders import services as stakeholders
from tests.actionplans.factories import ActionFactory, ObjectiveFactory, PlanFactory
from tests.consultations import factories as consultation_factories
from tests.factories import (
    CheckinStaffFactory,
    EditorFactory,
    OfficerFactory,
    SuperuserFactory,
)
from tests.forums.factories import ForumFactory, SessionFactory
from tests.meetings.factories import BodyFactory, ContactFactory, representative_of
from tests.stakeholders.factories import AssessmentFactory, OrganizationFactory

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
CSV = "nom,catégorie\nSociété importée,trader\n".encode()


@dataclass
class World:
    users: dict = field(default_factory=dict)
    objects: dict = field(default_factory=dict)

    def __getattr__(self, name):
        try:
            return self.objects[name]
        except KeyError:
            raise AttributeError(name) from None


def _hour(days, hour=10):
    moment = timezone.localtime(timezone.now() + timedelta(days=days))
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


def build():
    w = World()
    o = w.objects

    officer = OfficerFactory(email="officer@douane.gouv.ml")
    editor = EditorFactory(email="editor@douane.gouv.ml")
    checkin = CheckinStaffFactory(email="checkin@douane.gouv.ml")
    superuser = SuperuserFactory(email="admin@douane.gouv.ml")

    # --- Stakeholders -----------------------------------------------------------------
    o["org_a"] = org_a = OrganizationFactory(name="Organisation A")
    o["org_b"] = org_b = OrganizationFactory(name="Organisation B")
    rep_a = representative_of(org_a, email="rep-a@entreprise-a.ml")
    rep_b = representative_of(org_b, email="rep-b@entreprise-b.ml")
    o["contact_a"] = ContactFactory(organization=org_a, name="Awa Traoré")
    o["assessment_a"] = AssessmentFactory(organization=org_a)
    o["import_batch"] = stakeholders.stage_import(
        file_name="organisations.csv", content=CSV, acting_user=officer
    )

    w.users = {
        "visitor": None,
        "rep_a": rep_a,
        "rep_b": rep_b,
        "officer": officer,
        "editor": editor,
        "checkin": checkin,
        "superuser": superuser,
    }

    # --- Forums -------------------------------------------------------------------------
    o["forum"] = forum = ForumFactory(slug="forum-public")
    o["session"] = SessionFactory(forum=forum)
    o["invited_forum"] = invited = ForumFactory(
        slug="forum-invited", visibility=Forum.Visibility.INVITED
    )
    invited.invited_organizations.add(org_a)
    o["draft_forum"] = ForumFactory(slug="forum-draft", status=Forum.Status.DRAFT)
    o["registration_a"] = registration = forums.register(forum, user=rep_a)
    ended = ForumFactory(
        slug="forum-ended",
        start=timezone.now() - timedelta(days=3),
        end=timezone.now() - timedelta(days=3) + timedelta(hours=8),
        registration_opens_at=timezone.now() - timedelta(days=30),
        registration_closes_at=timezone.now() - timedelta(days=4),
        status=Forum.Status.HELD,
    )
    o["ended_forum"] = ended
    attended = ended.registrations.create(
        user=rep_a, organization=org_a, status="attended", arrival=1, code="ATTEND01"
    )
    Feedback.objects.create(registration=attended, rating=4, suggestions="Plus de temps.")
    ForumMessage.objects.create(
        forum=forum, subject="Rappel", body="À bientôt.", statuses=["confirmed"], sent_by=officer
    )

    # --- Meetings -----------------------------------------------------------------------
    o["body"] = BodyFactory()

    def meeting(title, visibility, days, **extra):
        return meetings.create_meeting(
            acting_user=officer,
            title=title,
            kind=Meeting.Kind.BILATERAL,
            start=_hour(days),
            end=_hour(days, 12),
            venue="DGD Bamako",
            visibility=visibility,
            **extra,
        )

    o["public_meeting"] = held = meeting("Réunion publique", Meeting.Visibility.PUBLIC, -2)
    meetings.record_minutes(held, acting_user=officer, minutes="Compte rendu public.")
    o["partners_meeting"] = meeting("Réunion partenaires", Meeting.Visibility.PARTNERS, 5)
    o["invitees_meeting"] = invitees = meeting(
        "Réunion sur invitation", Meeting.Visibility.INVITEES, 6, users=[rep_a]
    )
    o["internal_meeting"] = meeting("Réunion interne", Meeting.Visibility.INTERNAL, 7)
    o["invitation_a"] = invitees.invitations.get(user=rep_a)
    o["proposal_a"] = meetings.propose_agenda_item(
        invitees, acting_user=rep_a, title="Délais de dédouanement"
    )
    o["series"] = series = meeting(
        "Comité hebdomadaire",
        Meeting.Visibility.PARTNERS,
        3,
        recurrence=Meeting.Recurrence.WEEKLY,
        recurrence_count=6,
    )
    occurrences = series.occurrences()
    o["stamp"] = occurrences[1].stamp
    meetings.cancel_occurrence(series, occurrences[2].original_start, acting_user=officer)
    o["commitment_a"] = meetings.add_commitment(
        held, acting_user=officer, description="Publier les délais.", organization=org_a
    )
    o["request_a"] = meetings.request_meeting(
        acting_user=rep_a,
        subject="Contentieux tarifaire",
        first_choice=_hour(10),
    )
    o["feed_a"] = meetings.feed_for(rep_a)

    # --- Consultations -------------------------------------------------------------------
    o["consultation"] = consultation = consultation_factories.opened(
        officer, document=SimpleUploadedFile("projet.pdf", PDF)
    )
    o["private_comment_a"] = consultations.submit_comment(
        consultation,
        author=rep_a,
        body="Remarque réservée à la Douane.",
        publication=Comment.Publication.PRIVATE,
        attachments=[SimpleUploadedFile("note.pdf", PDF)],
    )
    o["public_comment_a"] = consultations.submit_comment(
        consultation,
        author=rep_a,
        body="Remarque publique.",
        publication=Comment.Publication.NAMED,
    )
    o["attachment_a"] = o["private_comment_a"].attachments.get()
    o["invited_consultation"] = invited_consultation = consultation_factories.opened(
        officer, audience=Consultation.Audience.INVITED, invited_organizations=[org_a]
    )
    o["draft_consultation"] = consultation_factories.draft(officer)
    o["invited_consultation"] = invited_consultation

    # --- Action plans -------------------------------------------------------------------
    o["objective"] = objective = ObjectiveFactory()
    o["plan"] = plan = PlanFactory(objectives=[objective], status=ActionPlan.Status.DRAFT)
    o["action"] = action = ActionFactory(plan=plan, responsible=officer, partners=[org_a])
    actionplans.approve_plan(plan, acting_user=editor)
    actionplans.activate_plan(plan, acting_user=editor)
    plan.refresh_from_db()
    o["update"] = update = actionplans.record_progress(
        action,
        acting_user=officer,
        date=timezone.localdate(),
        percent=40,
        narrative="Textes rédigés.",
        files=[SimpleUploadedFile("rapport.pdf", PDF)],
    )
    o["evidence"] = update.evidence.get()
    o["draft_plan"] = PlanFactory(status=ActionPlan.Status.DRAFT)

    # --- What only the admin lists --------------------------------------------------------
    Heartbeat.objects.get_or_create(name="dispatcher", defaults={"last_seen": timezone.now()})
    o["site"] = Site.objects.get_current()
    o["group"] = Group.objects.order_by("pk").first()
    o["email_address"] = EmailAddress.objects.get(user=rep_a)
    o["authenticator"] = Authenticator.objects.filter(user=officer).first()
    o["integrity_factor"] = IntegrityFactor.objects.order_by("pk").first()
    assert Commitment.objects.exists() and MeetingRequest.objects.exists()
    return w
