import re
import unicodedata

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from portal import permissions


class Category(models.TextChoices):
    CHAMBER = "chamber", _("Chamber of commerce")
    EMPLOYERS = "employers", _("Employers' federation")
    ASSOCIATION = "association", _("Trade or sector association")
    BROKER = "broker", _("Customs broker / freight forwarder")
    TRADER = "trader", _("Importer / exporter")
    TRANSPORT = "transport", _("Transporter / logistics")
    BANK = "bank", _("Bank / insurer")
    AGENCY = "agency", _("Government agency")
    DONOR = "donor", _("International partner / donor")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    ACADEMIA = "academia", _("Academia")
    OTHER = "other", _("Other")


# The organisations that are not the private sector: the state's own agencies and the
# international partners. Every other category is a private-sector partner.
NOT_PRIVATE_SECTOR = (Category.AGENCY, Category.DONOR)


class Region(models.TextChoices):
    """Mali's regions and the District of Bamako (2023 administrative map)."""

    BAMAKO = "bamako", _("District of Bamako")
    KAYES = "kayes", "Kayes"
    KOULIKORO = "koulikoro", "Koulikoro"
    SIKASSO = "sikasso", "Sikasso"
    SEGOU = "segou", "Ségou"
    MOPTI = "mopti", "Mopti"
    TOMBOUCTOU = "tombouctou", "Tombouctou"
    GAO = "gao", "Gao"
    KIDAL = "kidal", "Kidal"
    TAOUDENIT = "taoudenit", "Taoudénit"
    MENAKA = "menaka", "Ménaka"
    NIORO = "nioro", "Nioro"
    KITA = "kita", "Kita"
    DIOILA = "dioila", "Dioïla"
    NARA = "nara", "Nara"
    BOUGOUNI = "bougouni", "Bougouni"
    KOUTIALA = "koutiala", "Koutiala"
    SAN = "san", "San"
    DOUENTZA = "douentza", "Douentza"
    BANDIAGARA = "bandiagara", "Bandiagara"


def choice_label(choices, value):
    """What get_FOO_display gives for `value` of a field with `choices` (a TextChoices or
    IntegerChoices), translated; the value itself when it is not one of them. Much cheaper on
    pages listing many rows: Django's get_FOO_display hashes every (lazy, translated) label of
    the field to find one, which costs a translation lookup per choice."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


class Sector(models.Model):
    """An economic sector an organisation works in (an organisation may have several)."""

    class Code(models.TextChoices):
        AGRICULTURE = "agriculture", _("Agriculture and livestock")
        MINING = "mining", _("Mining and gold")
        COTTON = "cotton", _("Cotton and textiles")
        FOOD = "food", _("Food and beverages")
        ENERGY = "energy", _("Energy and petroleum products")
        CONSTRUCTION = "construction", _("Construction and materials")
        MANUFACTURING = "manufacturing", _("Manufacturing")
        PHARMA = "pharma", _("Pharmaceuticals and health")
        VEHICLES = "vehicles", _("Vehicles and spare parts")
        ELECTRONICS = "electronics", _("Electronics and telecoms")
        TRADE = "trade", _("General trade")
        LOGISTICS = "logistics", _("Transport and logistics")
        FINANCE = "finance", _("Finance and insurance")
        SERVICES = "services", _("Services")
        PUBLIC = "public", _("Public administration")

    code = models.CharField(_("code"), max_length=30, choices=Code.choices, unique=True)

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        ordering = ["code"]

    def __str__(self):
        return choice_label(self.Code, self.code)


def with_sector_names(organizations):
    """`organizations` as a list, each with `sector_names`: its sectors' names joined by
    commas, in the sectors' order. One query of (organisation, code) pairs: a list of many
    organisations gets neither Sector rows nor a related manager per organisation, which
    prefetch_related("sectors") would make."""
    organizations = list(organizations)
    names = {organization.pk: [] for organization in organizations}
    pairs = (
        Organization.sectors.through.objects.filter(organization_id__in=names)
        .order_by("sector__code")
        .values_list("organization_id", "sector__code")
    )
    for pk, code in pairs:
        names[pk].append(choice_label(Sector.Code, code))
    for organization in organizations:
        organization.sector_names = ", ".join(names[organization.pk])
    return organizations


def normalize_name(name):
    """The form of a name used to recognise an organisation: no accents, case, punctuation or
    extra spaces ("Chambre de Commerce et d'Industrie du Mali" = "CHAMBRE DE COMMERCE ET
    D INDUSTRIE DU MALI")."""
    decomposed = unicodedata.normalize("NFKD", name or "")
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[\W_]+", " ", stripped.casefold()).split())


class OrganizationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Officers see the whole registry; everyone else sees verified, active organisations
        (and a representative also sees their own, verified or not)."""
        if permissions.is_customs(user):
            return self
        public = models.Q(verified=True, status=Organization.Status.ACTIVE)
        if user is not None and user.is_authenticated:
            return self.filter(public | models.Q(pk__in=represented_ids(user)))
        return self.filter(public)

    def private_sector(self):
        """Private-sector organisations: any category but those in NOT_PRIVATE_SECTOR."""
        return self.exclude(category__in=NOT_PRIVATE_SECTOR)

    def directory(self):
        """The public directory: verified, active organisations, whoever asks."""
        return self.filter(verified=True, status=Organization.Status.ACTIVE)

    def represented_by(self, user):
        """The organisation `user` acts for: the one of their approved membership (a pending
        request counts for nothing). A queryset of at most one row."""
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(pk__in=represented_ids(user))

    def administered_by(self, user):
        """Organisations whose members `user` may manage: any for officers, else those where
        `user` is an approved administrator."""
        if permissions.is_customs(user):
            return self
        if user is None or not permissions.is_private_sector(user):
            return self.none()
        return self.filter(
            pk__in=Membership.objects.approved()
            .filter(user=user, role=Membership.Role.ADMINISTRATOR)
            .values("organization_id")
        )

    def editable_by(self, user):
        """Officers edit any organisation; a representative edits only their own."""
        if permissions.is_customs(user):
            return self
        if user is not None and permissions.is_private_sector(user):
            return self.represented_by(user)
        return self.none()

    def with_latest_assessment(self):
        """Annotate each organisation with its latest assessment's fields: one join on the
        stored pointer (Organization.latest_assessment), whatever the size of the registry."""
        return self.annotate(
            latest_influence=F("latest_assessment__influence"),
            latest_interest=F("latest_assessment__interest"),
            latest_attitude=F("latest_assessment__attitude"),
            latest_current_engagement=F("latest_assessment__current_engagement"),
            latest_desired_engagement=F("latest_assessment__desired_engagement"),
            latest_assessed_at=F("latest_assessment__assessed_at"),
        )

    def refresh_latest_assessment(self):
        """Point each of these organisations at its latest assessment (the latest assessed_at,
        then the highest id), or at none: the one rule of "latest", which the assessment
        services apply after every write. One UPDATE; returns the number of rows."""
        latest = Assessment.objects.filter(organization=OuterRef("pk")).order_by(
            "-assessed_at", "-pk"
        )
        return self.update(latest_assessment=Subquery(latest.values("pk")[:1]))

    def in_quadrant(self, quadrant):
        """Organisations whose latest assessment falls in `quadrant` ("unassessed" for those
        without one). Needs with_latest_assessment(); the rule is quadrant_condition's."""
        return self.filter(quadrant_condition(quadrant))

    def engagement_gaps(self):
        """Organisations engaged less than Customs wants, highest influence first, then the
        widest gap. Needs with_latest_assessment()."""
        return (
            self.filter(latest_current_engagement__lt=F("latest_desired_engagement"))
            .annotate(gap=F("latest_desired_engagement") - F("latest_current_engagement"))
            .order_by("-latest_influence", "-gap", "name")
        )


class Organization(models.Model):
    """A private-sector partner (or an agency or donor) in Customs' registry."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        INACTIVE = "inactive", _("inactive")

    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    sectors = models.ManyToManyField(Sector, verbose_name=_("sectors"), blank=True)
    region = models.CharField(
        _("region of Mali"),
        max_length=20,
        choices=Region.choices,
        blank=True,
        help_text=_("Leave empty for organisations based outside Mali."),
    )
    country = CountryField(_("country"), default="ML")
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    registry_number = models.CharField(
        _("tax or registry number"),
        max_length=60,
        blank=True,
        help_text=_("NIF or RCCM number; unique when given."),
    )
    verified = models.BooleanField(_("verified"), default=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("verified on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    description = models.TextField(_("public description"), blank=True)
    internal_notes = models.TextField(
        _("internal notes"), blank=True, help_text=_("Visible to Customs only.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Derived, never edited: kept by the assessment services (refresh_latest_assessment) so
    # that lists, the map and the filters join one row instead of searching each
    # organisation's assessments.
    latest_assessment = models.ForeignKey(
        "Assessment",
        verbose_name=_("latest assessment"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords(
        excluded_fields=["updated_at", "latest_assessment"], m2m_fields=[sectors]
    )
    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["registry_number"],
                condition=~models.Q(registry_number=""),
                name="organization_registry_number_unique",
                violation_error_message=_(
                    "An organisation with this registry number already exists."
                ),
            ),
        ]
        indexes = [
            models.Index(Lower("name"), name="organization_lower_name_idx"),
            # The registry's order: a page of the list reads 25 rows, not a sort of them all.
            models.Index(fields=["name"], name="organization_name_idx"),
        ]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def save(self, *args, **kwargs):
        # The pointer to the latest assessment is written only by refresh_latest_assessment:
        # an instance read before an assessment was recorded must not put back what it read.
        if not self._state.adding and kwargs.get("update_fields") is None:
            skipped = self.get_deferred_fields() | {"latest_assessment"}
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.attname not in skipped and f.name not in skipped
            ]
        super().save(*args, **kwargs)

    def clean(self):
        if self.region and self.country and self.country != "ML":
            raise ValidationError(
                {"region": _("A region of Mali applies only to organisations based in Mali.")}
            )

    # The displays of its choice fields, for the lists of many organisations (choice_label).
    def get_category_display(self):
        return choice_label(Category, self.category)

    def get_region_display(self):
        return choice_label(Region, self.region)

    def get_status_display(self):
        return choice_label(self.Status, self.status)

    @property
    def latest_quadrant(self):
        """The quadrant of the latest assessment, on rows from with_latest_assessment()."""
        return quadrant_of(
            getattr(self, "latest_influence", None), getattr(self, "latest_interest", None)
        )

    @property
    def latest_quadrant_label(self):
        quadrant = self.latest_quadrant
        return Assessment.Quadrant(quadrant).label if quadrant else ""

    @property
    def current_engagement_label(self):
        value = getattr(self, "latest_current_engagement", None)
        return Assessment.Engagement(value).label if value else ""

    @property
    def desired_engagement_label(self):
        value = getattr(self, "latest_desired_engagement", None)
        return Assessment.Engagement(value).label if value else ""

    @property
    def location(self):
        """Where it is: the region for a Malian organisation, else the country."""
        if self.region:
            return self.get_region_display()
        if self.country and self.country != "ML":
            return self.country.name
        return ""


# What people edit on an organisation, in the forms' order. The forms, the import and the
# services all take these lists: a new field is added here, and its column in spreadsheet.py.
ORGANIZATION_FIELDS = (
    "name",
    "acronym",
    "category",
    "sectors",
    "region",
    "country",
    "address",
    "phone",
    "email",
    "website",
    "registry_number",
    "status",
    "description",
    "internal_notes",
)
# What a representative may change on their organisation: its public profile.
PROFILE_FIELDS = tuple(f for f in ORGANIZATION_FIELDS if f not in ("status", "internal_notes"))


class ContactQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Officers see every contact; a representative sees their own organisation's."""
        if permissions.is_customs(user):
            return self
        if user is not None and permissions.is_private_sector(user):
            return self.filter(organization__in=Organization.objects.represented_by(user))
        return self.none()

    def editable_by(self, user):
        """Whoever may edit an organisation may edit its contacts."""
        if permissions.is_customs(user):
            return self
        return self.filter(organization__in=Organization.objects.editable_by(user))

    def reachable(self):
        """Contacts who may receive mailings: they consent and have an address."""
        return self.filter(consent=True).exclude(email="")

    def mailing_list(self):
        """Who a mailing to these contacts writes to: the reachable ones, one per address
        (whatever its case; the first recorded wins), with their accounts. A list."""
        unique = {}
        for contact in self.reachable().select_related("user").order_by("pk"):
            unique.setdefault(contact.email.lower(), contact)
        return list(unique.values())


class Contact(models.Model):
    """A person of an organisation. A representative's portal account is tied to one."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="contacts",
    )
    name = models.CharField(_("name"), max_length=150)
    position = models.CharField(_("position"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(
        _("preferred language"), max_length=10, choices=settings.LANGUAGES, default="fr"
    )
    consent = models.BooleanField(_("consents to be contacted"), default=False)
    consent_date = models.DateTimeField(_("consent given on"), null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("portal account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contact",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()
    objects = ContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def mail_language(self):
        """The language to write to this contact in: their account's, when they have one."""
        return self.user.language if self.user_id else self.language


# What people edit on a contact (consent dates itself: stakeholders.services).
CONTACT_FIELDS = ("name", "position", "email", "phone", "language", "consent")


def represented_ids(user):
    """The ids of the organisation `user` acts for (an approved membership), as a subquery:
    the one definition of "the representative's organisation" that every other app's
    visibility rules use (`organization__in=represented_ids(user)`)."""
    return Membership.objects.approved().filter(user=user).values("organization_id")


class MembershipQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Membership.Status.APPROVED)

    def pending(self):
        return self.filter(status=Membership.Status.PENDING)

    def active(self):
        """Pending or approved: what an account may hold only one of."""
        return self.filter(status__in=Membership.ACTIVE)

    def administrators(self):
        return self.approved().filter(role=Membership.Role.ADMINISTRATOR)

    def with_address_confirmed(self):
        """Annotate `address_confirmed`: whether the account proved its address (allauth)."""
        return self.annotate(
            address_confirmed=Exists(
                EmailAddress.objects.filter(
                    user=OuterRef("user"), email__iexact=OuterRef("user__email"), verified=True
                )
            )
        )

    def manageable_by(self, user):
        """The memberships `user` may decide on or manage: every one for officers; those of
        the organisations `user` administers otherwise."""
        if permissions.is_customs(user):
            return self
        return self.filter(organization__in=Organization.objects.administered_by(user))


class Membership(models.Model):
    """An account's membership of an organisation: what lets a private-sector account act for
    it (see its contacts, invitations and requests, register against its seats, comment on its
    behalf, keep its profile).

    Joining starts as a request that the organisation's administrators or a customs officer
    approve or refuse; until then the account is a private person. Written only by
    stakeholders.membership; every change is kept in the history with who, when and why.
    """

    class Status(models.TextChoices):
        # A membership's own words ("une adhésion" in French), apart from other apps' statuses.
        PENDING = "pending", pgettext_lazy("membership", "awaiting approval")
        APPROVED = "approved", pgettext_lazy("membership", "approved")
        REFUSED = "refused", pgettext_lazy("membership", "refused")
        REMOVED = "removed", pgettext_lazy("membership", "ended")
        WITHDRAWN = "withdrawn", pgettext_lazy("membership", "withdrawn")

    class Role(models.TextChoices):
        MEMBER = "member", _("member")
        ADMINISTRATOR = "administrator", _("administrator")

    ACTIVE = (Status.PENDING, Status.APPROVED)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    role = models.CharField(_("role"), max_length=15, choices=Role.choices, default=Role.MEMBER)
    position = models.CharField(
        _("stated position"),
        max_length=150,
        blank=True,
        help_text=_("What the person says they do in the organisation."),
    )
    proposed_organization = models.BooleanField(
        _("proposed the organisation"),
        default=False,
        help_text=_("Becomes its first administrator when Customs verifies it."),
    )
    consent = models.BooleanField(_("consents to be contacted"), default=False)
    requested_at = models.DateTimeField(_("requested on"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("last decided on"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    history = HistoricalRecords()
    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            # An account acts for one organisation at a time (and asks to join one at a time).
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status__in=["pending", "approved"]),
                name="membership_one_active_per_account",
            ),
        ]
        indexes = [models.Index(fields=["organization", "status"], name="membership_org_status")]

    def __str__(self):
        return f"{self.user} – {self.organization}"

    @property
    def is_pending(self):
        return self.status == self.Status.PENDING

    @property
    def is_approved(self):
        return self.status == self.Status.APPROVED

    @property
    def is_administrator(self):
        return self.is_approved and self.role == self.Role.ADMINISTRATOR


# Mailbox providers anyone can sign up with: a shared one says nothing about an employer.
PUBLIC_MAIL_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "yahoo.com",
        "yahoo.fr",
        "hotmail.com",
        "hotmail.fr",
        "outlook.com",
        "outlook.fr",
        "live.com",
        "live.fr",
        "msn.com",
        "icloud.com",
        "me.com",
        "aol.com",
        "gmx.com",
        "gmx.fr",
        "proton.me",
        "protonmail.com",
        "orange.fr",
        "orangemali.net",
        "laposte.net",
        "yandex.com",
        "mail.com",
    }
)


def domain_of(address):
    """The lower-case domain of an e-mail address or a web address ("" when there is none)."""
    address = (address or "").strip().lower()
    if "@" in address:
        return address.rsplit("@", 1)[1]
    host = address.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    return host.removeprefix("www.")


def known_domains(organization):
    """The domains Customs can tie to `organization`: its website's and e-mail's, and those of
    its approved members; shared mailbox providers left out. A hint for whoever approves a
    request, never a reason to approve one by itself."""
    addresses = [organization.website, organization.email]
    addresses += (
        Membership.objects.approved()
        .filter(organization=organization)
        .values_list("user__email", flat=True)
    )
    domains = {domain_of(address) for address in addresses}
    return sorted(d for d in domains if d and "." in d and d not in PUBLIC_MAIL_DOMAINS)


class Assessment(models.Model):
    """Customs' judgement of an organisation at one time: the stakeholder mapping.

    Internal to Customs. The latest assessment counts; earlier ones are its history.
    """

    SCALE = [(n, str(n)) for n in range(1, 6)]

    class Attitude(models.TextChoices):
        OPPOSED = "opposed", _("opposed")
        SCEPTICAL = "sceptical", _("sceptical")
        NEUTRAL = "neutral", _("neutral")
        SUPPORTIVE = "supportive", _("supportive")
        CHAMPION = "champion", _("champion")

    class Engagement(models.IntegerChoices):
        UNAWARE = 1, _("unaware")
        RESISTANT = 2, _("resistant")
        NEUTRAL = 3, _("neutral")
        SUPPORTIVE = 4, _("supportive")
        LEADING = 5, _("leading")

    class Quadrant(models.TextChoices):
        MANAGE_CLOSELY = "manage_closely", _("Manage closely")
        KEEP_SATISFIED = "keep_satisfied", _("Keep satisfied")
        KEEP_INFORMED = "keep_informed", _("Keep informed")
        MONITOR = "monitor", _("Monitor")

    # Influence or interest of 3 (the midpoint of the 1-5 scale) and above counts as high, so
    # the midpoint falls on the "engage" side: an organisation Customs rates as average is
    # better engaged a little too closely than overlooked. Boundaries are tested.
    HIGH = 3

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="assessments",
    )
    influence = models.PositiveSmallIntegerField(_("influence"), choices=SCALE)
    interest = models.PositiveSmallIntegerField(_("interest"), choices=SCALE)
    attitude = models.CharField(_("attitude"), max_length=12, choices=Attitude.choices)
    current_engagement = models.PositiveSmallIntegerField(
        _("current engagement"), choices=Engagement.choices
    )
    desired_engagement = models.PositiveSmallIntegerField(
        _("desired engagement"), choices=Engagement.choices
    )
    key_concerns = models.TextField(_("key concerns"), blank=True)
    rationale = models.TextField(_("rationale"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assessed_at = models.DateTimeField(_("assessed on"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-assessed_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(influence__gte=1, influence__lte=5)
                & models.Q(interest__gte=1, interest__lte=5),
                name="assessment_scores_1_to_5",
            )
        ]
        # refresh_latest_assessment's subquery walks this index.
        indexes = [
            models.Index(
                fields=["organization", "-assessed_at", "-id"], name="assessment_latest_idx"
            )
        ]

    def __str__(self):
        return f"{self.organization} – {self.assessed_at:%Y-%m-%d}"

    @property
    def quadrant(self):
        return quadrant_of(self.influence, self.interest)

    @property
    def quadrant_label(self):
        return self.Quadrant(self.quadrant).label


UNASSESSED = "unassessed"


def quadrant_condition(quadrant, influence="latest_influence", interest="latest_interest"):
    """The SQL twin of quadrant_of: a Q selecting rows whose scores fall in `quadrant`.

    `influence` and `interest` name the fields or annotations that hold the scores.
    """
    high = Assessment.HIGH
    if quadrant == UNASSESSED:
        return Q(**{f"{influence}__isnull": True})
    high_influence = Q(**{f"{influence}__gte": high})
    low_influence = Q(**{f"{influence}__lt": high})
    high_interest = Q(**{f"{interest}__gte": high})
    low_interest = Q(**{f"{interest}__lt": high})
    return {
        Assessment.Quadrant.MANAGE_CLOSELY: high_influence & high_interest,
        Assessment.Quadrant.KEEP_SATISFIED: high_influence & low_interest,
        Assessment.Quadrant.KEEP_INFORMED: low_influence & high_interest,
        Assessment.Quadrant.MONITOR: low_influence & low_interest,
    }[quadrant]


def quadrant_of(influence, interest):
    """The mapping quadrant, derived from influence and interest (never stored)."""
    if influence is None or interest is None:
        return None
    high_influence = influence >= Assessment.HIGH
    high_interest = interest >= Assessment.HIGH
    if high_influence and high_interest:
        return Assessment.Quadrant.MANAGE_CLOSELY
    if high_influence:
        return Assessment.Quadrant.KEEP_SATISFIED
    if high_interest:
        return Assessment.Quadrant.KEEP_INFORMED
    return Assessment.Quadrant.MONITOR


class OrganizationImportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Imports are Customs' registry work: officers only."""
        return self if permissions.is_customs(user) else self.none()


class OrganizationImport(models.Model):
    """An uploaded spreadsheet of organisations and contacts, checked before it is imported.

    The file is kept with the import so that the preview and the import read the same rows,
    and the rows it rejected (with why) stay downloadable afterwards: nothing is silently lost.
    """

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"

    file_name = models.CharField(_("file name"), max_length=255)
    file_format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    content = models.BinaryField(_("content"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded on"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    imported_at = models.DateTimeField(_("imported on"), null=True, blank=True)
    created_count = models.PositiveIntegerField(_("organisations created"), default=0)
    updated_count = models.PositiveIntegerField(_("existing organisations matched"), default=0)
    contacts_count = models.PositiveIntegerField(_("contacts created or updated"), default=0)
    # Every rejected row as {"row": "2", "cells": [[header, value], ...], "errors": [...]}.
    rejected = models.JSONField(_("rejected rows"), default=list, blank=True)

    objects = OrganizationImportQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation import")
        verbose_name_plural = _("organisation imports")
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self):
        return self.file_name

    @property
    def is_imported(self):
        return self.imported_at is not None
