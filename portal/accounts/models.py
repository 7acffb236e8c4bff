import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def time_zone_choices():
    return [(name, name) for name in sorted(zoneinfo.available_timezones()) if "/" in name]


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True, kind=User.Kind.CUSTOMS)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


class Unit(models.Model):
    """A unit of the Customs administration (a directorate, a regional office, a border post),
    kept by the administrators. The integrity registers name a contact's or a gift's unit, not
    the officer."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    # A mailbox the unit reads: the Reply-To of the meeting e-mails its officers organise.
    email = models.EmailField(
        _("e-mail address"),
        blank=True,
        db_default="",
        help_text=_("Answers to the e-mails of meetings its officers organise come here."),
    )

    class Meta:
        verbose_name = _("Customs unit")
        verbose_name_plural = _("Customs units")
        ordering = ["name"]

    def __str__(self):
        return self.name


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with an e-mail address.

    `kind` says which side of the dialogue they are on. Only administrators make customs
    accounts; sign-up always yields a private-sector one.
    """

    class Kind(models.TextChoices):
        CUSTOMS = "customs", _("Customs")
        PRIVATE = "private", _("Private sector")

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PRIVATE)
    language = models.CharField(
        _("preferred language"), max_length=10, choices=settings.LANGUAGES, default="fr"
    )
    time_zone = models.CharField(
        _("time zone"), max_length=64, choices=time_zone_choices, default=settings.TIME_ZONE
    )
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    # A customs officer's place in the administration, as the public registers show it.
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("Customs unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="officers",
    )
    position = models.CharField(
        _("position"), max_length=150, blank=True, help_text=_("For example: head of office.")
    )
    is_staff = models.BooleanField(
        _("administrator"),
        default=False,
        help_text=_("Can sign in to the administration site."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name", "email"]

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def is_customs(self):
        return self.kind == self.Kind.CUSTOMS

    @property
    def is_private_sector(self):
        return self.kind == self.Kind.PRIVATE


class TokenQuerySet(models.QuerySet):
    def alive(self, now=None):
        """Tokens that still open the API: not revoked, not expired, of an active account."""
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__gt=now, user__is_active=True)


class PersonalAccessToken(models.Model):
    """A key to the API (api/authentication.py) that a person makes on their account page.

    Only the SHA-256 of the key is kept (`digest`): the key itself is shown once, when it is
    made, and never again. It acts for its owner, within its scope (read, or read and write),
    until it expires, is revoked, or its owner is deactivated. portal/accounts/tokens.py makes,
    checks and revokes them.
    """

    class Scope(models.TextChoices):
        READ = "read", _("read only")
        WRITE = "write", _("read and write")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="access_tokens",
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("What the token is for, to tell it apart later.")
    )
    digest = models.CharField(max_length=64, unique=True, editable=False)
    # The key's first characters, to recognise it (e.g. in a program's settings).
    prefix = models.CharField(_("begins with"), max_length=12, editable=False)
    scope = models.CharField(_("scope"), max_length=5, choices=Scope.choices, default=Scope.READ)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = TokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("personal access token")
        verbose_name_plural = _("personal access tokens")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def writes(self):
        return self.scope == self.Scope.WRITE

    def is_alive(self, now=None):
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now and self.user.is_active
