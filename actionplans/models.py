"""Strategy, operational plans, the actions they commit to, and the progress reported on them.

Who may see what is decided here, in the `visible_to` querysets (and `reportable_by` for who
may report progress); writes go through actionplans.services.
"""

import secrets

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from actionplans.health import health_of
from portal import permissions
from stakeholders.models import Assessment, Category


class IntegrityFactor(models.Model):
    """One of the ten factors of the WCO Revised Arusha Declaration on integrity in Customs.

    A fixed list, seeded by a migration; a small table (rather than a JSON list) so that
    objectives, actions and progress can be filtered and grouped by factor in SQL.
    """

    class Code(models.TextChoices):
        LEADERSHIP = "leadership", _("Leadership and commitment")
        REGULATORY_FRAMEWORK = "regulatory_framework", _("Regulatory framework")
        TRANSPARENCY = "transparency", _("Transparency")
        AUTOMATION = "automation", _("Automation")
        REFORM = "reform", _("Reform and modernisation")
        AUDIT = "audit", _("Audit and investigation")
        CODE_OF_CONDUCT = "code_of_conduct", _("Code of conduct")
        HUMAN_RESOURCES = "human_resources", _("Human resource management")
        MORALE = "morale", _("Morale and organisational culture")
        PRIVATE_SECTOR = "private_sector", _("Relationship with the private sector")

    code = models.CharField(_("code"), max_length=30, choices=Code.choices, unique=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("integrity factor")
        verbose_name_plural = _("integrity factors")
        ordering = ["position", "code"]

    def __str__(self):
        return str(self.get_code_display())


class StrategicObjective(models.Model):
    """An objective of the administration's strategy, which plans and actions serve."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    integrity_factors = models.ManyToManyField(
        IntegrityFactor,
        verbose_name=_("integrity factors"),
        blank=True,
        related_name="objectives",
        help_text=_("The factors of the Revised Arusha Declaration this objective serves."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"], m2m_fields=[integrity_factors])

    class Meta:
        verbose_name = _("strategic objective")
        verbose_name_plural = _("strategic objectives")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="objective_period_in_order",
                violation_error_message=_("The period must end after it starts."),
            )
        ]

    def __str__(self):
        return f"{self.code} – {self.title}"


class ActionPlanQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Officers see every plan; partners and visitors only active ones."""
        if permissions.is_customs(user):
            return self
        return self.filter(status=ActionPlan.Status.ACTIVE)

    def open(self):
        """Plans that still carry commitments: approved or active."""
        return self.filter(status__in=[ActionPlan.Status.APPROVED, ActionPlan.Status.ACTIVE])


class ActionPlan(models.Model):
    """An operational plan: what Customs commits to do over a period, and who does it.

    Approving the plan (first approval or a later revision) freezes a PlanVersion of it.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        APPROVED = "approved", _("approved")
        ACTIVE = "active", _("active")
        CLOSED = "closed", _("closed")

    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    owning_unit = models.CharField(_("owning unit"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    objectives = models.ManyToManyField(
        StrategicObjective,
        verbose_name=_("objectives served"),
        related_name="plans",
        blank=True,
    )
    internal_notes = models.TextField(
        _("internal notes"), blank=True, help_text=_("Visible to Customs only.")
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"], m2m_fields=[objectives])
    objects = ActionPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        ordering = ["-period_start", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="plan_period_in_order",
                violation_error_message=_("The period must end after it starts."),
            )
        ]

    def __str__(self):
        return self.title

    @property
    def is_editable(self):
        return self.status != self.Status.CLOSED

    def serves(self, objective_id):
        """Whether the plan serves this objective: among the objectives being saved with it
        (`submitted_objectives`, set by PlanForm when valid, so that its actions are checked
        against the plan as it will be), else among those it has in the database."""
        submitted = getattr(self, "submitted_objectives", None)
        if submitted is not None:
            return objective_id in {objective.pk for objective in submitted}
        if self.pk is None:
            return False
        return self.objectives.filter(pk=objective_id).exists()

    def misaligned_actions(self):
        """The plan's actions whose objective is not one the plan serves (in the database)."""
        return self.actions.exclude(objective__in=self.objectives.all()).order_by("code")


# What an action whose objective its plan does not serve is told (Action.clean, and the
# services' re-check under the plan's lock).
UNALIGNED = _(
    "Choose one of the objectives this plan serves: every action is aligned with the strategy "
    "through its plan."
)


class ActionQuerySet(models.QuerySet):
    def public(self):
        """What partners and visitors may see: the public actions of active plans."""
        return self.filter(
            visibility=Action.Visibility.PUBLIC, plan__status=ActionPlan.Status.ACTIVE
        )

    def visible_to(self, user):
        if permissions.is_customs(user):
            return self
        return self.public()

    def reportable_by(self, user):
        """The actions `user` may report progress on: their own, or any for an editor.

        Never on a closed plan or a cancelled action.
        """
        if not permissions.is_customs(user):
            return self.none()
        rows = self.exclude(status=Action.Status.CANCELLED).exclude(
            plan__status=ActionPlan.Status.CLOSED
        )
        if permissions.is_editor(user):
            return rows
        return rows.filter(responsible=user)

    def open_commitments(self):
        """Actions still to deliver in plans that are in force (approved or active)."""
        return self.filter(
            plan__status__in=[ActionPlan.Status.APPROVED, ActionPlan.Status.ACTIVE]
        ).exclude(status__in=[Action.Status.DONE, Action.Status.CANCELLED])

    def with_progress(self):
        """Annotate each action with its latest progress update (one query, no N+1)."""
        latest = _latest_update()
        return self.annotate(
            latest_percent=Subquery(latest.values("percent")[:1]),
            latest_indicator_value=Subquery(latest.values("indicator_value")[:1]),
            latest_update_date=Subquery(latest.values("date")[:1]),
        )

    def with_narrative(self):
        """Annotate each action with what its latest progress update says (reports)."""
        return self.annotate(latest_narrative=Subquery(_latest_update().values("narrative")[:1]))


def _latest_update():
    """An action's latest progress update, as a subquery: by date, then by entry."""
    return ProgressUpdate.objects.filter(action=OuterRef("pk")).order_by(
        "-date", "-created_at", "-pk"
    )


CODE_TAKEN = "code_taken"


class Action(models.Model):
    """The unit of commitment: what will be done, by whom, by when, for which stakeholders.

    Every action serves a strategic objective of its plan (alignment is required). Its
    progress is its latest ProgressUpdate; its health is derived (actionplans.health).

    Meeting commitments: the meetings app (meetings) owns Commitment, "a commitment made
    at a meeting". An action that carries one out links to it (`commitment`, at most one action
    per commitment), so that "commitment" stays one concept across the portal. While linked,
    the commitment's status is the action's (actionplans.commitments), never stored twice.
    """

    class Priority(models.IntegerChoices):
        HIGH = 1, _("high")
        MEDIUM = 2, _("medium")
        LOW = 3, _("low")

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("not started")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", pgettext_lazy("action status", "done")
        CANCELLED = "cancelled", _("cancelled")
        POSTPONED = "postponed", _("postponed")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("public (shown to partners)")
        INTERNAL = "internal", _("internal (Customs only)")

    plan = models.ForeignKey(
        ActionPlan, verbose_name=_("action plan"), on_delete=models.CASCADE, related_name="actions"
    )
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    objective = models.ForeignKey(
        StrategicObjective,
        verbose_name=_("strategic objective"),
        on_delete=models.PROTECT,
        related_name="actions",
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible officer"),
        on_delete=models.PROTECT,
        related_name="responsible_actions",
        # Only officers and editors may report progress (ActionQuerySet.reportable_by): the
        # same rule decides who may be made responsible.
        limit_choices_to=permissions.customs_officers_q,
        error_messages={
            "invalid": _(
                "Choose a customs officer or an action-plan editor: only they can report "
                "progress on an action."
            )
        },
    )
    responsible_unit = models.CharField(_("responsible unit"), max_length=200)
    partners = models.ManyToManyField(
        "stakeholders.Organization",
        verbose_name=_("partner organisations"),
        blank=True,
        related_name="action_partnerships",
    )
    # Which parts of the stakeholder map the action addresses: lists of
    # stakeholders.models.Category and Assessment.Quadrant values.
    target_categories = models.JSONField(_("target categories"), default=list, blank=True)
    target_quadrants = models.JSONField(_("target mapping quadrants"), default=list, blank=True)
    start_date = models.DateField(_("start date"))
    due_date = models.DateField(_("due date"))
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.MEDIUM
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED
    )
    indicator_name = models.CharField(_("indicator"), max_length=200, blank=True)
    indicator_unit = models.CharField(_("indicator unit"), max_length=50, blank=True)
    indicator_baseline = models.DecimalField(
        _("indicator baseline"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    indicator_target = models.DecimalField(
        _("indicator target"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    # Followed across the waves of a survey series (surveys.results.wave_scores): the plan's
    # dashboard and the action's page show its mean per wave.
    indicator_question = models.ForeignKey(
        "surveys.Question",
        verbose_name=_("indicator measured by the survey question"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"kind__in": ["likert", "number"]},
        help_text=_(
            "A scale or number question of a survey: its mean in each wave of the survey's "
            "series is shown as this indicator's trend."
        ),
    )
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.INTERNAL
    )
    internal_notes = models.TextField(
        _("internal notes"), blank=True, help_text=_("Visible to Customs only.")
    )
    commitment = models.OneToOneField(
        "meetings.Commitment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="action",
        verbose_name=_("meeting commitment"),
        help_text=_("The commitment made at a meeting that this action carries out."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"], m2m_fields=[partners])
    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["plan", "code"]
        constraints = [
            # "a1" and "A1" are the same code to a reader.
            models.UniqueConstraint(
                "plan",
                Lower("code"),
                name="action_code_unique_in_plan",
                violation_error_code=CODE_TAKEN,
                violation_error_message=_("This plan already has an action with this code."),
            ),
            models.CheckConstraint(
                condition=Q(due_date__gte=models.F("start_date")),
                name="action_dates_in_order",
                violation_error_message=_("The due date cannot be before the start date."),
            ),
        ]

    def __str__(self):
        return f"{self.code} – {self.title}"

    def clean(self):
        errors = {}
        if self.start_date and self.due_date and self.due_date < self.start_date:
            errors["due_date"] = _("The due date cannot be before the start date.")
        plan = getattr(self, "plan", None)  # None when not chosen yet (RelatedObjectDoesNotExist)
        if plan is not None and self.objective_id and not plan.serves(self.objective_id):
            errors["objective"] = UNALIGNED
        has_indicator_detail = (
            self.indicator_unit
            or self.indicator_baseline is not None
            or self.indicator_target is not None
        )
        if has_indicator_detail and not self.indicator_name:
            errors["indicator_name"] = _(
                "Name the indicator that this unit and these values measure."
            )
        if self.indicator_name and self.indicator_target is None:
            errors["indicator_target"] = _("Give the indicator's target value.")
        bad_categories = set(self.target_categories or []) - set(Category.values)
        if bad_categories:
            errors["target_categories"] = _("Unknown stakeholder category.")
        bad_quadrants = set(self.target_quadrants or []) - set(Assessment.Quadrant.values)
        if bad_quadrants:
            errors["target_quadrants"] = _("Unknown mapping quadrant.")
        if errors:
            raise ValidationError(errors)

    def validate_constraints(self, exclude=None):
        """Django's checks of the constraints, with a repeated code reported on the code."""
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict({})
            general = errors.pop(NON_FIELD_ERRORS, [])
            for item in general:
                field = "code" if getattr(item, "code", None) == CODE_TAKEN else NON_FIELD_ERRORS
                errors.setdefault(field, []).append(item)
            raise ValidationError(errors) from None

    # --- Derived values ------------------------------------------------------------------

    def _latest(self, name):
        """A value of the latest update: annotated by with_progress(), else one query."""
        if hasattr(self, f"latest_{name}"):
            return getattr(self, f"latest_{name}")
        if not hasattr(self, "_latest_update_cache"):
            self._latest_update_cache = self.updates.order_by("-date", "-created_at", "-pk").first()
        update = self._latest_update_cache
        if update is None:
            return None
        return update.date if name == "update_date" else getattr(update, name)

    @property
    def progress(self):
        """Percent complete according to the latest progress update (0 when none)."""
        return self._latest("percent") or 0

    @property
    def last_update_date(self):
        return self._latest("update_date")

    @property
    def indicator_current(self):
        """The indicator's latest reported value, or its baseline before any report."""
        value = self._latest("indicator_value")
        return self.indicator_baseline if value is None else value

    def health_on(self, today):
        return health_of(
            status=self.status,
            percent=self.progress,
            start=self.start_date,
            due=self.due_date,
            today=today,
        )

    @property
    def health(self):
        return self.health_on(timezone.localdate())

    def get_target_categories_display(self):
        labels = dict(Category.choices)
        return [labels.get(value, value) for value in self.target_categories or []]

    def get_target_quadrants_display(self):
        labels = dict(Assessment.Quadrant.choices)
        return [labels.get(value, value) for value in self.target_quadrants or []]


# What an action commits to (what, who, for whom, when, how measured), in the order pages show
# them: its form edits these, with its internal notes and the meeting commitment it carries out
# (actionplans.forms), and an approved version keeps them, with the progress at the time
# (actionplans.versions).
ACTION_COMMITMENT_FIELDS = (
    "code",
    "title",
    "description",
    "objective",
    "responsible",
    "responsible_unit",
    "partners",
    "target_categories",
    "target_quadrants",
    "start_date",
    "due_date",
    "priority",
    "status",
    "visibility",
    "indicator_name",
    "indicator_unit",
    "indicator_baseline",
    "indicator_target",
)


class ProgressUpdate(models.Model):
    """What the responsible officer (or an editor) reports on an action at a date.

    The latest update (by date, then by entry) is the action's current progress.
    """

    action = models.ForeignKey(
        Action, verbose_name=_("action"), on_delete=models.CASCADE, related_name="updates"
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    percent = models.PositiveSmallIntegerField(_("percent complete"))
    indicator_value = models.DecimalField(
        _("indicator value"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    narrative = models.TextField(_("narrative"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["-date", "-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__lte=100), name="progress_percent_at_most_100"
            )
        ]

    def __str__(self):
        return f"{self.action.code} – {self.date:%Y-%m-%d} – {self.percent}%"


# Evidence lives in the private folder of the media storage (as consultations' uploads do):
# never served as media, only through the evidence_download view, which checks who asks.
PRIVATE_FOLDER = "private/actionplans/evidence"


def evidence_path(instance, filename):
    """A random name: nothing of the uploaded name reaches the file system."""
    return f"{PRIVATE_FOLDER}/{secrets.token_hex(16)}{instance.extension}"


class EvidenceQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Evidence is internal: officers only."""
        if permissions.is_customs(user):
            return self
        return self.none()


class Evidence(models.Model):
    """A file attached to a progress update, checked by its content (actionplans.evidence).

    Stored in the private folder of the default storage (PRIVATE_FOLDER: under MEDIA_ROOT, or
    in the bucket, portal.storage) with a random name, and served only through a view that
    checks who asks.
    """

    update = models.ForeignKey(
        ProgressUpdate,
        verbose_name=_("progress update"),
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    extension = models.CharField(_("extension"), max_length=10)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["pk"]

    def __str__(self):
        return self.original_name


class PlanVersion(models.Model):
    """A frozen copy of a plan as approved: its objectives, actions, targets and dates.

    Made by services.approve_plan and never changed afterwards, so that "what did we commit to
    in March?" has an answer. `snapshot` is built by actionplans.versions.snapshot.
    """

    plan = models.ForeignKey(
        ActionPlan, verbose_name=_("action plan"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved on"))
    note = models.TextField(_("what changed"), blank=True)
    snapshot = models.JSONField(_("frozen copy"))

    class Meta:
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        ordering = ["plan", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_number_unique")
        ]

    def __str__(self):
        return f"{self.plan} – v{self.number}"


# What a partner attaches to a contestation: in the private folder, like evidence, and served
# only through contestation_attachment, which checks who asks.
CONTESTATION_FOLDER = "private/actionplans/contestations"


def contestation_path(instance, filename):
    """A random name: nothing of the uploaded name reaches the file system."""
    return f"{CONTESTATION_FOLDER}/{secrets.token_hex(16)}{instance.attachment_extension}"


class ContestationQuerySet(models.QuerySet):
    def open(self):
        """Filed and not yet answered: what marks the action "contested"."""
        return self.filter(status=Contestation.Status.OPEN)

    def visible_to(self, user):
        """Officers see every contestation; anyone else those of the public actions (the
        board's), moderated ones included: they show the reason, never the statement."""
        if permissions.is_customs(user):
            return self
        return self.filter(action__in=Action.objects.public())

    def attachment_visible_to(self, user):
        """Whose attachment `user` may download: officers any; the representatives of the
        contesting organisation their own; anyone else those shown publicly with their
        organisation named (an attachment could name an anonymous author), unmoderated."""
        if permissions.is_customs(user):
            return self
        from stakeholders.models import represented_ids

        public = (
            self.visible_to(user)
            .filter(anonymous=False)
            .exclude(status=Contestation.Status.MODERATED)
        )
        if user is not None and user.is_authenticated:
            return self.filter(
                Q(pk__in=public.values("pk"))
                | Q(organization__in=represented_ids(user), action__in=Action.objects.public())
            )
        return public


class Contestation(models.Model):
    """A partner organisation contesting the status or progress reported on a public action.

    Filed by a representative of an organisation the action concerns (actionplans.contests
    decides which), answered by the responsible officer or an editor, who may instead remove
    it for abuse with a recorded reason. The statement and the answer are public on the board,
    the author named as their organisation or, when they chose to, not at all: `author` is kept
    for moderation and is never shown. An open (unanswered) contestation marks the action
    "contested"; an organisation has at most one open contestation per action.
    """

    class Subject(models.TextChoices):
        STATUS = "status", _("its reported status")
        PROGRESS = "progress", _("its reported progress")

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("contestation", "open")
        ANSWERED = "answered", pgettext_lazy("contestation", "answered")
        MODERATED = "moderated", pgettext_lazy("contestation", "removed by moderation")

    STATEMENT_MAX = 1000

    action = models.ForeignKey(
        Action, verbose_name=_("action"), on_delete=models.CASCADE, related_name="contestations"
    )
    organization = models.ForeignKey(
        "stakeholders.Organization",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="contestations",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    anonymous = models.BooleanField(_("anonymous"), default=False)
    subject = models.CharField(_("what is contested"), max_length=10, choices=Subject.choices)
    statement = models.TextField(_("statement"), max_length=STATEMENT_MAX)
    attachment = models.FileField(
        _("attachment"), upload_to=contestation_path, max_length=200, blank=True
    )
    attachment_name = models.CharField(_("file name"), max_length=200, blank=True)
    attachment_type = models.CharField(_("content type"), max_length=100, blank=True)
    attachment_extension = models.CharField(_("extension"), max_length=10, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered on"), null=True, blank=True)
    moderation_reason = models.TextField(_("reason for removal"), blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("removed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    moderated_at = models.DateTimeField(_("removed on"), null=True, blank=True)
    created_at = models.DateTimeField(_("filed"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = ContestationQuerySet.as_manager()

    class Meta:
        verbose_name = _("contestation")
        verbose_name_plural = _("contestations")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "action"],
                condition=Q(status="open"),
                name="one_open_contestation_per_organization",
                violation_error_message=_(
                    "Your organisation already has an open contestation of this action."
                ),
            )
        ]

    def __str__(self):
        return f"{self.action.code} – {self.get_subject_display()}"

    @property
    def is_open(self):
        return self.status == self.Status.OPEN

    @property
    def is_moderated(self):
        return self.status == self.Status.MODERATED
