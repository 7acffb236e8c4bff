"""Surveys: one engine for every questionnaire of the portal (perception surveys, forum and
meeting feedback).

A survey has sections, a section has questions, a choice question has its choices. What a
respondent sends is a `Response` holding one `Answer` per question answered. Who has answered
is a `Participation`, kept apart from the responses:

- a named survey links a response to its respondent (`Response.respondent`);
- an anonymous survey stores no link from a response to a person, direct or indirect: the
  response has no respondent, no organisation and a random key, its answers too, and it keeps
  only the day it was sent; the participation (which stops a second answer and tells the
  reminders who has answered) has a random key and no time. Neither table's keys nor times
  say which row of the other was written with it. Both are written in one transaction (so
  that nobody answers twice), which PostgreSQL records in each row's hidden `xmin`; beat's
  `surveys.tasks.mix_anonymous_responses` rewrites the new responses and their answers in
  random order soon after, so that the rows then carry the mixing's transaction id and a
  place in the table that says nothing of who came first.

Rows here are written only by surveys/services/. Who may see or answer a survey is decided by
the querysets below and `surveys.audience`.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from stakeholders.models import Category


def localized(obj, field):
    """`obj.<field>_en` when the active language is English and it is filled in, else the
    French `obj.<field>_fr` (French is the survey's first language)."""
    if (translation.get_language() or "fr").startswith("en"):
        english = getattr(obj, f"{field}_en", "")
        if english:
            return english
    return getattr(obj, f"{field}_fr")


class SurveyQuerySet(models.QuerySet):
    def launched(self):
        return self.filter(status=Survey.Status.LAUNCHED)

    def open_at(self, moment):
        return self.launched().filter(
            Q(opens_at__isnull=True) | Q(opens_at__lte=moment),
            Q(closes_at__isnull=True) | Q(closes_at__gt=moment),
        )

    def with_published_results(self):
        return self.launched().filter(results_published_at__isnull=False)


class Survey(models.Model):
    class Audience(models.TextChoices):
        PUBLIC = "public", _("everyone, with the public link")
        REPRESENTATIVES = "representatives", _("signed-in representatives")
        ORGANIZATIONS = "organizations", _("members of chosen organisations or dialogue bodies")
        FORUM = "forum", _("attendees of a forum")
        MEETING = "meeting", _("attendees of a meeting")

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("survey status", "draft")
        LAUNCHED = "launched", pgettext_lazy("survey status", "launched")

    slug = models.SlugField(
        _("short name in the address"),
        max_length=80,
        unique=True,
        help_text=_("Lower-case letters, digits and hyphens, e.g. trust-survey-2027."),
    )
    title_fr = models.CharField(_("title (French)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    intro_fr = models.TextField(_("introduction (French)"), blank=True)
    intro_en = models.TextField(_("introduction (English)"), blank=True)
    anonymous = models.BooleanField(
        _("anonymous"),
        default=True,
        help_text=_(
            "An anonymous survey keeps no link between an answer and the person who gave it."
        ),
    )
    audience = models.CharField(
        _("audience"), max_length=20, choices=Audience.choices, default=Audience.REPRESENTATIVES
    )
    organizations = models.ManyToManyField(
        "stakeholders.Organization",
        verbose_name=_("organisations"),
        blank=True,
        related_name="+",
    )
    bodies = models.ManyToManyField(
        "meetings.DialogueBody", verbose_name=_("dialogue bodies"), blank=True, related_name="+"
    )
    forum = models.ForeignKey(
        "forums.Forum",
        verbose_name=_("forum"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="surveys",
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="surveys",
    )
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    launched_at = models.DateTimeField(_("launched"), null=True, blank=True)
    # Waves: the surveys of one series ask the same questions (same codes) at different
    # times, so that a question's score can be followed from one wave to the next.
    series = models.CharField(
        _("series"),
        max_length=100,
        blank=True,
        help_text=_("The same name for every wave of a recurring survey."),
    )
    wave = models.CharField(
        _("wave"), max_length=100, blank=True, help_text=_("e.g. Baseline 2026, Follow-up 2027.")
    )
    results_published_at = models.DateTimeField(_("results published"), null=True, blank=True)
    results_published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("results published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    results_publish_texts = models.BooleanField(
        _("publish the free-text answers"),
        default=False,
        db_default=False,
        help_text=_("The published results show the free-text answers too."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = SurveyQuerySet.as_manager()

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-opens_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__isnull=True)
                | Q(opens_at__isnull=True)
                | Q(closes_at__gt=models.F("opens_at")),
                name="survey_closes_after_it_opens",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("surveys:answer", args=[self.slug])

    @property
    def title(self):
        return localized(self, "title")

    @property
    def intro(self):
        return localized(self, "intro")

    def is_open(self, now=None):
        now = now or timezone.now()
        return (
            self.status == self.Status.LAUNCHED
            and (self.opens_at is None or self.opens_at <= now)
            and (self.closes_at is None or now < self.closes_at)
        )


class Section(models.Model):
    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="sections"
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    title_fr = models.CharField(_("title (French)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["survey", "position", "pk"]

    def __str__(self):
        return self.title

    @property
    def title(self):
        return localized(self, "title")

    @property
    def description(self):
        return localized(self, "description")


class LikertScale(models.TextChoices):
    """The five labelled points of a Likert question, 1 the lowest."""

    AGREEMENT = "agreement", _("agreement (strongly disagree … strongly agree)")
    SATISFACTION = "satisfaction", _("satisfaction (very dissatisfied … very satisfied)")
    TRUST = "trust", _("trust (no trust at all … complete trust)")
    FREQUENCY = "frequency", _("frequency (never … always)")


LIKERT_LABELS = {
    LikertScale.AGREEMENT: [
        _("Strongly disagree"),
        _("Disagree"),
        _("Neither agree nor disagree"),
        _("Agree"),
        _("Strongly agree"),
    ],
    LikertScale.SATISFACTION: [
        _("Very dissatisfied"),
        _("Dissatisfied"),
        _("Neither satisfied nor dissatisfied"),
        _("Satisfied"),
        _("Very satisfied"),
    ],
    LikertScale.TRUST: [
        _("No trust at all"),
        _("Little trust"),
        _("Some trust"),
        _("A lot of trust"),
        _("Complete trust"),
    ],
    LikertScale.FREQUENCY: [
        pgettext_lazy("frequency", "Never"),
        pgettext_lazy("frequency", "Rarely"),
        pgettext_lazy("frequency", "Sometimes"),
        pgettext_lazy("frequency", "Often"),
        pgettext_lazy("frequency", "Always"),
    ],
}


class Question(models.Model):
    class Kind(models.TextChoices):
        LIKERT = "likert", _("scale from 1 to 5")
        SINGLE = "single", _("single choice")
        MULTIPLE = "multiple", _("multiple choice")
        NUMBER = "number", _("number")
        SHORT_TEXT = "short_text", _("short text")
        LONG_TEXT = "long_text", _("long text")

    section = models.ForeignKey(
        Section, verbose_name=_("section"), on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    code = models.SlugField(
        _("code"),
        max_length=50,
        help_text=_(
            "Short and stable: the same code in every wave of a series lets its results be "
            "compared."
        ),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    text_fr = models.CharField(_("question (French)"), max_length=500)
    text_en = models.CharField(_("question (English)"), max_length=500, blank=True)
    help_fr = models.CharField(_("help (French)"), max_length=300, blank=True)
    help_en = models.CharField(_("help (English)"), max_length=300, blank=True)
    required = models.BooleanField(_("required"), default=False)
    scale = models.CharField(
        _("scale"),
        max_length=15,
        choices=LikertScale.choices,
        default=LikertScale.AGREEMENT,
        help_text=_("For a scale question: what its five points say."),
    )
    min_value = models.DecimalField(
        _("smallest number"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    max_value = models.DecimalField(
        _("largest number"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    breakdown = models.BooleanField(
        _("break the results down by this question"),
        default=False,
        help_text=_(
            "For a single-choice question about the respondent (size of their organisation, "
            "gender): the results are also shown per answer to it."
        ),
    )
    # Conditional display: shown only when the answer to `show_if` is one of `show_if_values`
    # (choice ids, or the points 1 to 5 of a scale, as strings).
    show_if = models.ForeignKey(
        "self",
        verbose_name=_("show only when the answer to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="dependents",
    )
    show_if_values = models.JSONField(_("is one of"), default=list, blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["section__position", "section", "position", "pk"]

    def __str__(self):
        return self.text

    @property
    def text(self):
        return localized(self, "text")

    @property
    def help(self):
        return localized(self, "help")

    @property
    def is_choice(self):
        return self.kind in (self.Kind.SINGLE, self.Kind.MULTIPLE)

    def likert_labels(self):
        """[(1, label), …, (5, label)] for a scale question."""
        return list(enumerate(LIKERT_LABELS[LikertScale(self.scale)], start=1))


class Choice(models.Model):
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="choices"
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    label_fr = models.CharField(_("label (French)"), max_length=200)
    label_en = models.CharField(_("label (English)"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        ordering = ["question", "position", "pk"]

    def __str__(self):
        return self.label

    @property
    def label(self):
        return localized(self, "label")


class Response(models.Model):
    """One respondent's answers. Random key; in an anonymous survey nothing names anyone."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="responses"
    )
    # Named surveys only: the answering service leaves it (and the organisation) empty in an
    # anonymous one.
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("respondent"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organization = models.ForeignKey(
        "stakeholders.Organization",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The category of the respondent's organisation when it is known (a breakdown, kept in
    # anonymous surveys too: results hide every cell of fewer than five respondents).
    category = models.CharField(_("category"), max_length=20, choices=Category.choices, blank=True)
    # The day only: a time would let an anonymous response be matched with the moment someone
    # was seen answering.
    submitted_on = models.DateField(_("sent on"))
    # Whether the row was rewritten by `answers.mix_anonymous_responses` since it was written:
    # until then PostgreSQL's own bookkeeping (the transaction id of the row, its place in
    # the table) still ties an anonymous response to its participation, written with it.
    mixed = models.BooleanField(_("mixed"), default=False, db_default=False)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["survey", "submitted_on"]
        indexes = [models.Index(fields=["survey", "submitted_on"])]

    def __str__(self):
        return f"{self.survey_id}: {self.submitted_on}"


class Answer(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(
        Response, verbose_name=_("response"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="answers"
    )
    # A scale's point (1 to 5) or a number.
    number = models.DecimalField(
        _("number"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    text = models.TextField(_("text"), blank=True)
    # The ids of the choices chosen (one for a single choice).
    choices = models.JSONField(_("choices"), default=list, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="one_answer_per_question")
        ]

    def __str__(self):
        return f"{self.question_id}"


class Participation(models.Model):
    """Who has answered a survey: stops a second answer and spares them the reminders.

    Random key and no time, so that it cannot be lined up with the responses."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="participations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    # A visitor answering a public survey without an account: the SHA-256 of a random key kept
    # in their browser's cookie.
    visitor_key = models.CharField(_("visitor key"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "user"],
                condition=Q(user__isnull=False),
                name="one_participation_per_user",
            ),
            models.UniqueConstraint(
                fields=["survey", "visitor_key"],
                condition=~Q(visitor_key=""),
                name="one_participation_per_visitor",
            ),
        ]

    def __str__(self):
        return f"{self.survey_id}"


class SurveyReminder(models.Model):
    """A reminder an officer sent to the members of a survey's audience who had not answered:
    when, by whom, to how many (`surveys.services.invitations.remind_unanswered`). Only the
    count: who was reminded is not kept here, so that an anonymous survey's page never lists
    who has answered."""

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="reminders"
    )
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recipients = models.PositiveIntegerField(_("recipients"))

    class Meta:
        verbose_name = _("reminder to answer")
        verbose_name_plural = _("reminders to answer")
        ordering = ["-sent_at", "-pk"]

    def __str__(self):
        return f"{self.survey} – {self.sent_at:%Y-%m-%d %H:%M}"


class FeedbackSurvey(models.Model):
    """The feedback survey made automatically after a forum or a meeting ended
    (`surveys.feedback`): one per forum, one per meeting."""

    survey = models.OneToOneField(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="feedback_of"
    )
    forum = models.OneToOneField(
        "forums.Forum",
        verbose_name=_("forum"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="feedback_survey",
    )
    meeting = models.OneToOneField(
        "meetings.Meeting",
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="feedback_survey",
    )

    class Meta:
        verbose_name = _("feedback survey")
        verbose_name_plural = _("feedback surveys")
        constraints = [
            models.CheckConstraint(
                condition=Q(forum__isnull=True, meeting__isnull=False)
                | Q(forum__isnull=False, meeting__isnull=True),
                name="feedback_survey_of_a_forum_or_a_meeting",
            )
        ]

    def __str__(self):
        return str(self.survey)
