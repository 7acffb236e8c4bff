"""The world the permission matrix walks: one real object of every kind a URL names.

Two organisations (A and B) with one representative each (A's is its administrator; A also
has a plain member and a pending request from someone not approved), the four customs roles,
and for each app the objects whose pages the matrix visits, made through the services where
the services exist, as people would make them. Objects of organisation A are what the matrix uses
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

from actionplans import contests
from actionplans import services as actionplans
from actionplans.models import Action, ActionPlan, IntegrityFactor
from announcements import services as announcements
from consultations.models import Comment, Consultation
from consultations.services import comments
from forums.models import Forum, ForumMessage
from forums.services import seats
from integrity.models import ContactEntry, WithholdingReason
from integrity.services import complaints
from integrity.services import register as contact_register
from meetings.models import Commitment, Meeting, MeetingRequest
from meetings.services import feeds, minutes, proposals, requests, scheduling
from portal.accounts import tokens
from portal.accounts.models import Unit
from portal.notifications.models import Heartbeat
from portal.webhooks.models import Delivery, Endpoint, Event
from stakeholders import services as stakeholders
from stakeholders.models import Membership
from surveys import feedback as survey_feedback
from surveys.models import Survey
from tests.actionplans.factories import ActionFactory, ObjectiveFactory, PlanFactory
from tests.consultations import factories as consultation_factories
from tests.factories import (
    CheckinStaffFactory,
    ContactFactory,
    EditorFactory,
    GiftSupervisorFactory,
    IntegrityOfficerFactory,
    OfficerFactory,
    OrganizationFactory,
    RepresentativeFactory,
    SuperuserFactory,
    member_of,
    pending_member_of,
    representative_of,
)
from tests.forums.factories import ForumFactory, SessionFactory
from tests.meetings.factories import BodyFactory
from tests.stakeholders.factories import AssessmentFactory
from tests.surveys.factories import QuestionFactory, SectionFactory, SurveyFactory

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
# Words that only some roles may ever read in a page; the matrix looks for them in every
# answer. The organisations' internal notes and assessments come from the factories.
SECRET_INTERNAL_NOTES = "NOTE-INTERNE-CONFIDENTIELLE"
SECRET_ASSESSMENT = "PREOCCUPATION-SECRETE"
SECRET_INVITED_FORUM = "Forum sur invitation FQ3W"
SECRET_DRAFT_FORUM = "Forum en préparation FB2M"
SECRET_INVITEES_MEETING = "Réunion sur invitation RI4K"
SECRET_INTERNAL_MEETING = "Réunion interne RX7Q"
SECRET_PRIVATE_COMMENT = "Remarque réservée à la Douane CP8Z"
SECRET_INVITED_CONSULTATION = "Projet soumis aux invités CI5T"
SECRET_DRAFT_CONSULTATION = "Projet en préparation CB9P"
SECRET_HELD_INTERNAL = "Réunion interne tenue RH6D"
SECRET_INTERNAL_MINUTES = "Compte rendu interne MN2S"
SECRET_INTERNAL_COMMITMENT = "Engagement interne EG1V"
SECRET_HELD_INVITEES = "Réunion restreinte tenue RT3H"
SECRET_INVITEES_MINUTES = "Compte rendu restreint MR5J"
SECRET_INTERNAL_ACTION = "Action interne AI7L"
SECRET_PARTNERS_MINUTES = "Compte rendu aux invités MP2C"
SECRET_PARTNERS_COMMITMENT = "Engagement envers les invités EP6F"
SECRET_ATTACHMENT_NAME = "piece-privee-PJ4X.pdf"
# A draft of minutes awaiting the private-sector co-chair (A's representative): officers and
# the co-chair read it, nobody else, though the meeting is seen by every signed-in person.
SECRET_COSIGN_DRAFT = "Projet de compte rendu à valider CS4V"
SECRET_ANNOUNCEMENT = "Annonce aux partenaires AN4Q"
# An organisation proposed at sign-up, which Customs has not verified: only officers see it
# named, though it is invited to a public meeting (and present), a partner of a public forum
# and a member of a dialogue body.
SECRET_PROPOSED_ORGANIZATION = "Organisation proposée OP8N"
SECRET_COMPLAINT = "Plainte confidentielle PC3W"
SECRET_COMPLAINT_FILE = "preuve-plainte-PF5K.pdf"
SECRET_COMPLAINT_NOTE = "Note de la cellule NC8T"
# The register of contacts: a draft and a withheld entry, and why it is withheld.
SECRET_REGISTER_DRAFT = "Contact à compléter RD4K"
SECRET_REGISTER_WITHHELD = "Contact retenu RW7B"
SECRET_WITHHOLDING_NOTE = "Note de retenue RN2M"
# Gifts and conflicts of interest: a declaration's description (the declarant and gift
# supervisors only; the public register shows no description), a declared conflict's nature
# (its officer), the reason given to override its warning (the integrity unit).
SECRET_GIFT_DESCRIPTION = "Montre en or offerte GD3W"
SECRET_CONFLICT = "Lien familial avec le gérant CF7K"
SECRET_OVERRIDE_REASON = "Raison de passer outre OV5R"
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
    integrity = IntegrityOfficerFactory(email="integrite@douane.gouv.ml")
    w.objects["unit"] = Unit.objects.create(name="Bureau des douanes de Bamako-Route")
    officer.unit, officer.position = w.objects["unit"], "Chef de bureau"
    officer.save(update_fields=["unit", "position"])

    # --- Stakeholders -----------------------------------------------------------------
    o["org_a"] = org_a = OrganizationFactory(name="Organisation A")
    o["org_b"] = org_b = OrganizationFactory(name="Organisation B")
    rep_a = representative_of(org_a, email="rep-a@entreprise-a.ml")  # A's administrator
    rep_b = representative_of(org_b, email="rep-b@entreprise-b.ml")
    o["membership_a"] = Membership.objects.get(user=rep_a)
    member = RepresentativeFactory(email="membre@entreprise-a.ml")
    member_of(org_a, member, role=Membership.Role.MEMBER)
    o["member_a"] = Membership.objects.get(user=member)
    # Asked to join A, not approved: a private person, who sees nothing of A.
    pending_a = RepresentativeFactory(email="demande@entreprise-a.ml")
    o["pending_membership_a"] = pending_member_of(org_a, pending_a, position="Directeur")
    o["contact_a"] = ContactFactory(organization=org_a, name="Awa Traoré")
    o["assessment_a"] = AssessmentFactory(organization=org_a)
    o["proposed_org"] = proposed = OrganizationFactory(
        name=SECRET_PROPOSED_ORGANIZATION, verified=False
    )
    o["import_batch"] = stakeholders.stage_import(
        file_name="organisations.csv", content=CSV, acting_user=officer
    )

    w.users = {
        "visitor": None,
        "rep_a": rep_a,
        "rep_b": rep_b,
        "pending_a": pending_a,
        "officer": officer,
        "editor": editor,
        "checkin": checkin,
        "superuser": superuser,
        "integrity": integrity,
    }

    # --- Forums -------------------------------------------------------------------------
    o["forum"] = forum = ForumFactory(slug="forum-public")
    forum.partner_organizations.add(proposed)
    o["session"] = SessionFactory(forum=forum)
    o["invited_forum"] = invited = ForumFactory(
        slug="forum-invited", title=SECRET_INVITED_FORUM, visibility=Forum.Visibility.INVITED
    )
    invited.invited_organizations.add(org_a)
    o["draft_forum"] = ForumFactory(
        slug="forum-draft", title=SECRET_DRAFT_FORUM, status=Forum.Status.DRAFT
    )
    o["registration_a"] = seats.register(forum, user=rep_a)
    ended = ForumFactory(
        slug="forum-ended",
        start=timezone.now() - timedelta(days=3),
        end=timezone.now() - timedelta(days=3) + timedelta(hours=8),
        registration_opens_at=timezone.now() - timedelta(days=30),
        registration_closes_at=timezone.now() - timedelta(days=4),
        status=Forum.Status.HELD,
    )
    o["ended_forum"] = ended
    ended.registrations.create(
        user=rep_a, organization=org_a, status="attended", arrival=1, code="ATTEND01"
    )
    # Its feedback survey (surveys.feedback), for its attendees: A's representative.
    o["ended_forum_survey"] = survey_feedback.forum_survey(ended)
    ForumMessage.objects.create(
        forum=forum, subject="Rappel", body="À bientôt.", statuses=["confirmed"], sent_by=officer
    )

    # --- Surveys ------------------------------------------------------------------------
    o["survey"] = SurveyFactory(slug="enquete-publique", audience=Survey.Audience.PUBLIC)
    o["survey_section"] = SectionFactory(survey=o["survey"])
    o["survey_question"] = QuestionFactory(section=o["survey_section"])
    o["survey_a"] = SurveyFactory(slug="enquete-a", audience=Survey.Audience.ORGANIZATIONS)
    o["survey_a"].organizations.add(org_a)
    QuestionFactory(section=SectionFactory(survey=o["survey_a"]))
    o["draft_survey"] = SurveyFactory(
        slug="enquete-brouillon", status=Survey.Status.DRAFT, launched_at=None
    )
    QuestionFactory(section=SectionFactory(survey=o["draft_survey"]))

    # --- Meetings -----------------------------------------------------------------------
    o["body"] = BodyFactory()
    o["body"].members.add(proposed)

    def meeting(title, visibility, days, **extra):
        return scheduling.create_meeting(
            acting_user=officer,
            title=title,
            kind=Meeting.Kind.BILATERAL,
            start=_hour(days),
            end=_hour(days, 12),
            venue="DGD Bamako",
            visibility=visibility,
            **extra,
        )

    o["public_meeting"] = held = meeting(
        "Réunion publique", Meeting.Visibility.PUBLIC, -2, organizations=[proposed]
    )
    minutes.record_minutes(
        held, acting_user=officer, minutes="Compte rendu public.", present_organizations=[proposed]
    )
    o["partners_meeting"] = meeting("Réunion partenaires", Meeting.Visibility.PARTNERS, 5)
    o["invitees_meeting"] = invitees = meeting(
        SECRET_INVITEES_MEETING, Meeting.Visibility.INVITEES, 6, users=[rep_a]
    )
    o["internal_meeting"] = meeting(
        SECRET_INTERNAL_MEETING, Meeting.Visibility.INTERNAL, 7, body=o["body"]
    )
    # Held meetings whose minutes and commitments only some may read, in the same body (its
    # page lists its meetings) and the same weeks (the calendar, the register of contacts).
    held_internal = meeting(SECRET_HELD_INTERNAL, Meeting.Visibility.INTERNAL, -3, body=o["body"])
    minutes.record_minutes(held_internal, acting_user=officer, minutes=SECRET_INTERNAL_MINUTES)
    minutes.add_commitment(
        held_internal, acting_user=officer, description=SECRET_INTERNAL_COMMITMENT
    )
    held_invitees = meeting(
        SECRET_HELD_INVITEES, Meeting.Visibility.INVITEES, -4, users=[rep_a], body=o["body"]
    )
    minutes.record_minutes(held_invitees, acting_user=officer, minutes=SECRET_INVITEES_MINUTES)
    o["held_invitees_meeting"] = held_invitees
    o["held_internal_meeting"] = held_internal
    # A partners meeting: every signed-in person sees it, only its invitees read its minutes.
    held_partners = meeting(
        "Réunion partenaires tenue", Meeting.Visibility.PARTNERS, -5, organizations=[org_a]
    )
    minutes.record_minutes(held_partners, acting_user=officer, minutes=SECRET_PARTNERS_MINUTES)
    minutes.add_commitment(
        held_partners, acting_user=officer, description=SECRET_PARTNERS_COMMITMENT
    )
    o["held_partners_meeting"] = held_partners
    o["invitation_a"] = invitees.invitations.get(user=rep_a)
    o["proposal_a"] = proposals.propose_agenda_item(
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
    scheduling.cancel_occurrence(series, occurrences[2].original_start, acting_user=officer)
    o["commitment_a"] = minutes.add_commitment(
        held, acting_user=officer, description="Publier les délais.", organization=org_a
    )
    o["request_a"] = requests.request_meeting(
        acting_user=rep_a,
        subject="Contentieux tarifaire",
        first_choice=_hour(10),
    )
    o["feed_a"] = feeds.feed_for(rep_a)
    # A body A's representative co-chairs for the private sector, and a held meeting of it
    # whose minutes await their validation (nobody of the private sector invited, so the
    # register of contacts gets no entry from it).
    o["cochaired_body"] = BodyFactory(
        name="Comité co-présidé", customs_chair=officer, private_chair=rep_a.contact
    )
    o["cosign_meeting"] = cosigned = meeting(
        "Réunion au compte rendu co-signé",
        Meeting.Visibility.PARTNERS,
        -6,
        body=o["cochaired_body"],
    )
    minutes.record_minutes(cosigned, acting_user=officer, minutes=SECRET_COSIGN_DRAFT, cosign=True)

    # --- Consultations -------------------------------------------------------------------
    o["consultation"] = consultation = consultation_factories.opened(
        officer, document=SimpleUploadedFile("projet.pdf", PDF)
    )
    o["private_comment_a"] = comments.submit_comment(
        consultation,
        author=rep_a,
        body=SECRET_PRIVATE_COMMENT,
        publication=Comment.Publication.PRIVATE,
        attachments=[SimpleUploadedFile(SECRET_ATTACHMENT_NAME, PDF)],
    )
    o["public_comment_a"] = comments.submit_comment(
        consultation,
        author=rep_a,
        body="Remarque publique.",
        publication=Comment.Publication.NAMED,
    )
    o["attachment_a"] = o["private_comment_a"].attachments.get()
    o["invited_consultation"] = invited_consultation = consultation_factories.opened(
        officer,
        title=SECRET_INVITED_CONSULTATION,
        audience=Consultation.Audience.INVITED,
        invited_organizations=[org_a],
    )
    o["draft_consultation"] = consultation_factories.draft(officer, title=SECRET_DRAFT_CONSULTATION)
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
    # A's representative contests the action without being named; its attachment is seen by
    # Customs and by A only (an attachment could name it).
    o["contestation"] = contests.contest(
        action,
        acting_user=rep_a,
        organization=org_a,
        subject="progress",
        statement="Les délais ne sont pas affichés à Kati.",
        anonymous=True,
        attachment=SimpleUploadedFile("constat.pdf", PDF),
    )
    o["internal_action"] = ActionFactory(
        plan=plan, title=SECRET_INTERNAL_ACTION, visibility=Action.Visibility.INTERNAL
    )
    o["draft_plan"] = PlanFactory(status=ActionPlan.Status.DRAFT)

    # --- Announcements -------------------------------------------------------------------
    o["announcement"] = announcements.send_announcement(
        acting_user=officer,
        subject=SECRET_ANNOUNCEMENT,
        body="Texte.",
        filters={"q": "Organisation A"},
    )

    # --- Integrity complaints -----------------------------------------------------------
    o["complaint"], _code = complaints.submit_complaint(
        acting_user=None,
        category="payment",
        occurred_on=timezone.localdate(),
        place="Bureau de Kati",
        description=SECRET_COMPLAINT,
        anonymous=True,
        files=[SimpleUploadedFile(SECRET_COMPLAINT_FILE, PDF)],
    )
    o["complaint_attachment"] = o["complaint"].attachments.get()
    complaints.add_note(o["complaint"], acting_user=integrity, body=SECRET_COMPLAINT_NOTE)
    o["named_complaint"], _code = complaints.submit_complaint(
        acting_user=rep_a,
        category="delay",
        occurred_on=timezone.localdate(),
        place="Bamako",
        description="Attente au bureau.",
        anonymous=False,
    )

    # --- The register of contacts ---------------------------------------------------------
    # The held meetings above with the private sector have their entries (the public meeting,
    # where the proposed organisation was present; the invitees-only one): published late, as
    # they are, so the public register shows them without their titles.
    contact_register.publish_overdue(today=timezone.localdate() + timedelta(days=60))
    o["register_entry"] = ContactEntry.objects.get(meeting=held_invitees)
    unit = o["unit"]
    o["register_draft"] = contact_register.log_contact(
        acting_user=officer,
        kind=ContactEntry.Kind.VISIT,
        contact_date=timezone.localdate(),
        organizations=[org_a],
        unit=unit,
        subject=SECRET_REGISTER_DRAFT,
    )
    o["withholding_reason"] = reason = WithholdingReason.objects.create(
        title="Secret de l’enquête", legal_basis="Code des douanes"
    )
    o["register_withheld"] = contact_register.withhold(
        contact_register.log_contact(
            acting_user=officer,
            kind=ContactEntry.Kind.CALL,
            contact_date=timezone.localdate(),
            organizations=[org_a],
            unit=unit,
            subject=SECRET_REGISTER_WITHHELD,
        ),
        acting_user=officer,
        reason=reason,
        note=SECRET_WITHHOLDING_NOTE,
    )

    # --- Integrity: gifts and conflicts of interest --------------------------------------
    from integrity import conflicts as integrity_conflicts
    from integrity.services import conflicts as conflict_services
    from integrity.services import gifts as gift_services

    version = gift_services.declare(
        acting_user=officer,
        kind="gift",
        description=SECRET_GIFT_DESCRIPTION,
        organization=org_a,
        estimated_value=40000,
        offered_on=timezone.localdate(),
        decision="accepted",
    )
    o["gift_declaration"] = version.declaration
    gift_services.review(
        version, decision="approved", note="Vu.", acting_user=GiftSupervisorFactory()
    )
    o["conflict"] = conflict = conflict_services.declare_conflict(
        acting_user=officer, organization=org_a, description=SECRET_CONFLICT
    )
    integrity_conflicts.record_overrides(
        [conflict], context="invitation", reason=SECRET_OVERRIDE_REASON, acting_user=editor
    )

    # --- Outgoing webhooks (Customs' administrators) ----------------------------------------
    o["webhook_endpoint"] = endpoint = Endpoint.objects.create(
        name="Observatoire du commerce",
        url="https://observatoire.example.org/hooks",
        events=["consultation.opened"],
        created_by=superuser,
    )
    o["webhook_delivery"] = Delivery.objects.create(
        endpoint=endpoint,
        event=Event.objects.create(name="ping", occurred_at=timezone.now(), data={}),
    )

    # --- API tokens ------------------------------------------------------------------------
    # A's representative's; its key is shown once, when it is made, and on no page after.
    o["access_token"], o["access_token_key"] = tokens.create_token(
        acting_user=rep_a, name="Tableur de suivi", scope="read"
    )

    # --- Surveys' results (surveys-results) ---------------------------------------------
    from tests.surveys import factories_results as survey_factories

    o["results_survey"] = survey = survey_factories.survey(
        slug="perception-monde", results_published_at=timezone.now(), results_publish_texts=True
    )
    o["results_text_question"] = comment = survey_factories.question(
        survey, "commentaire", "long_text"
    )
    trust = survey_factories.question(survey, "confiance")
    survey_factories.respond_many(survey, 5, {trust: 4, comment: "Plus de guichets"})
    o["unpublished_survey"] = survey_factories.survey(slug="perception-brouillon")

    # --- What only the admin lists --------------------------------------------------------
    Heartbeat.objects.get_or_create(name="dispatcher", defaults={"last_seen": timezone.now()})
    o["site"] = Site.objects.get_current()
    o["group"] = Group.objects.order_by("pk").first()
    o["email_address"] = EmailAddress.objects.get(user=rep_a)
    o["authenticator"] = Authenticator.objects.filter(user=officer).first()
    o["integrity_factor"] = IntegrityFactor.objects.order_by("pk").first()
    assert Commitment.objects.exists() and MeetingRequest.objects.exists()
    return w
