"""Every write to the registry and the mapping goes through these functions.

Views, the admin, the import, sign-up and the demo data call them; each runs in one transaction
and stamps the acting user on the change history (so the history says who did it even outside a
request).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import permissions
from stakeholders.models import (
    CONTACT_FIELDS,
    ORGANIZATION_FIELDS,
    PROFILE_FIELDS,
    Assessment,
    Contact,
    Organization,
    OrganizationImport,
    normalize_name,
)

# Changing these makes a verified organisation unverified again when a representative does it:
# they are what an officer checked.
IDENTITY_FIELDS = ("name", "registry_number")

# The fields _assign sets, from the lists next to the models. The sectors are not among them:
# a many-to-many relation is set once the row is saved, from its own argument.
_ORGANIZATION_ATTRIBUTES = frozenset(ORGANIZATION_FIELDS) - {"sectors"}
_PROFILE_ATTRIBUTES = frozenset(PROFILE_FIELDS) - {"sectors"}
_CONTACT_ATTRIBUTES = frozenset(CONTACT_FIELDS)


def _stamp(instance, acting_user):
    # simple-history takes the author of the historical record from here when it is set.
    instance._history_user = acting_user if acting_user and acting_user.is_authenticated else None
    return instance


def _assign(instance, fields, allowed):
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"Unexpected fields: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(instance, name, value)


def _must_be_officer(user):
    if not permissions.is_customs(user):
        raise PermissionDenied


def _may_edit(organization, user):
    if not Organization.objects.editable_by(user).filter(pk=organization.pk).exists():
        raise PermissionDenied


# --- Organisations ----------------------------------------------------------------------


@transaction.atomic
def create_organization(*, acting_user, sectors=(), **fields):
    """Add an organisation to the registry (officers). It starts unverified unless the officer
    verifies it."""
    _must_be_officer(acting_user)
    organization = Organization()
    _assign(organization, fields, _ORGANIZATION_ATTRIBUTES)
    _stamp(organization, acting_user)
    organization.save()
    if sectors:
        organization.sectors.set(sectors)
    return organization


@transaction.atomic
def update_organization(organization, *, acting_user, sectors=None, **fields):
    """Change an organisation. Officers may change everything; a representative only their own
    organisation's public profile, and a change to its name or registry number puts it back to
    unverified until an officer checks it again."""
    _may_edit(organization, acting_user)
    # Compare with what is stored, not with the object given (a ModelForm has already put the
    # new values on it), and lock the row while deciding.
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    officer = permissions.is_customs(acting_user)
    before = {name: getattr(organization, name) for name in IDENTITY_FIELDS}
    _assign(organization, fields, _ORGANIZATION_ATTRIBUTES if officer else _PROFILE_ATTRIBUTES)
    identity_changed = any(getattr(organization, n) != before[n] for n in IDENTITY_FIELDS)
    if identity_changed and not officer and organization.verified:
        organization.verified = False
        organization.verified_by = None
        organization.verified_at = None
    _stamp(organization, acting_user)
    organization.save()
    if sectors is not None and set(sectors) != set(organization.sectors.all()):
        organization.sectors.set(sectors)
    return organization


@transaction.atomic
def set_verified(organization, *, verified, acting_user):
    """An officer confirms (or withdraws) that an organisation is what it says it is."""
    _must_be_officer(acting_user)
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    if organization.verified == verified:
        return organization
    organization.verified = verified
    organization.verified_by = acting_user if verified else None
    organization.verified_at = timezone.now() if verified else None
    _stamp(organization, acting_user)
    organization.save(update_fields=["verified", "verified_by", "verified_at", "updated_at"])
    if verified:
        # Its proposer becomes its first administrator (membership imports this module).
        from stakeholders import membership

        membership.approve_proposer(organization, acting_user=acting_user)
    return organization


def find_by_name(name, queryset=None):
    """The organisation whose normalised name is `name`'s, if any (one query)."""
    wanted = normalize_name(name)
    if not wanted:
        return None
    queryset = Organization.objects.all() if queryset is None else queryset
    for pk, existing in queryset.order_by("pk").values_list("pk", "name"):
        if normalize_name(existing) == wanted:
            return Organization.objects.get(pk=pk)
    return None


# --- Contacts ---------------------------------------------------------------------------


def _apply_consent(contact, consent, was_consenting):
    contact.consent = consent
    if consent and not (was_consenting and contact.consent_date):
        contact.consent_date = timezone.now()
    elif not consent:
        # Withdrawn: the contact leaves mailings (Contact.objects.reachable()); the history
        # keeps when consent had been given.
        contact.consent_date = None


@transaction.atomic
def withdraw_consent(*, email, acting_user=None):
    """The person at `email` leaves the mailings to contacts (announcements, consultations):
    every contact with that address stops consenting. Called by the one-click unsubscribe
    link of those e-mails, by someone who need not be signed in (`acting_user` None)."""
    contacts = Contact.objects.select_for_update().filter(email__iexact=email, consent=True)
    for contact in contacts:
        _apply_consent(contact, False, was_consenting=True)
        _stamp(contact, acting_user)
        contact.save()


@transaction.atomic
def add_contact(organization, *, acting_user, user=None, **fields):
    _may_edit(organization, acting_user)
    contact = Contact(organization=organization, user=user)
    consent = fields.pop("consent", False)
    _assign(contact, fields, _CONTACT_ATTRIBUTES)
    _apply_consent(contact, consent, was_consenting=False)
    _stamp(contact, acting_user)
    contact.save()
    return contact


@transaction.atomic
def update_contact(contact, *, acting_user, **fields):
    _may_edit(contact.organization, acting_user)
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    was_consenting = contact.consent
    consent = fields.pop("consent", contact.consent)
    _assign(contact, fields, _CONTACT_ATTRIBUTES)
    _apply_consent(contact, consent, was_consenting)
    _stamp(contact, acting_user)
    contact.save()
    return contact


@transaction.atomic
def remove_contact(contact, *, acting_user):
    """Remove a contact from its organisation. A contact tied to a member's portal account
    stays: the member leaves through the members' page (stakeholders.membership.remove)."""
    _may_edit(contact.organization, acting_user)
    if contact.user_id:
        raise ValidationError(
            _("This contact is a member's account: remove the member on the members' page.")
        )
    _stamp(contact, acting_user)
    contact.delete()


# --- Assessments ------------------------------------------------------------------------


@transaction.atomic
def record_assessment(organization, *, acting_user, assessed_at=None, **fields):
    """Record Customs' current judgement of an organisation. Earlier assessments are kept as
    its history; the latest one counts."""
    _must_be_officer(acting_user)
    assessment = Assessment(
        organization=organization,
        assessed_by=acting_user,
        assessed_at=assessed_at or timezone.now(),
        **fields,
    )
    assessment.full_clean()
    return save_assessment(assessment, acting_user=acting_user)


@transaction.atomic
def save_assessment(assessment, *, acting_user):
    """Save a new or corrected assessment (the admin corrects them) and keep the pointer to the
    latest assessment of its organisation, and of the one it was on if the correction moved it
    (an assessment dated earlier than another is no longer the latest)."""
    _must_be_officer(acting_user)
    before = (
        Assessment.objects.filter(pk=assessment.pk).values_list("organization_id", flat=True)
        if assessment.pk
        else []
    )
    organizations = _lock_organizations({assessment.organization_id, *before})
    _stamp(assessment, acting_user)
    assessment.save()
    organizations.refresh_latest_assessment()
    return assessment


@transaction.atomic
def delete_assessment(assessment, *, acting_user):
    """Delete a mistaken assessment; its organisation's previous one (if any) counts again."""
    _must_be_officer(acting_user)
    organizations = _lock_organizations({assessment.organization_id})
    _stamp(assessment, acting_user)
    assessment.delete()
    organizations.refresh_latest_assessment()


def _lock_organizations(ids):
    """Lock the organisations whose latest assessment is about to change, so that two
    assessments written at once for one organisation cannot leave it pointing at the earlier
    one (each refresh then sees the other's committed row)."""
    organizations = Organization.objects.filter(pk__in=ids)
    list(organizations.select_for_update().order_by("pk").values_list("pk", flat=True))
    return organizations


# --- Import -----------------------------------------------------------------------------


@transaction.atomic
def stage_import(*, file_name, content, acting_user):
    """Keep an uploaded spreadsheet for its preview. Writes nothing to the registry.

    Raises ValidationError when the file cannot be read as CSV or XLSX or lacks a name column.
    """
    from stakeholders import imports

    _must_be_officer(acting_user)
    file_format = imports.detect_format(content)
    imports.read_rows(file_format, content)  # refuses unreadable files before keeping them
    return OrganizationImport.objects.create(
        file_name=file_name[:255],
        file_format=file_format,
        content=content,
        uploaded_by=acting_user,
    )


@transaction.atomic
def run_import(batch, *, acting_user):
    """Write every valid row of a staged import, in one transaction, and keep the rejected ones
    (with why) on the import for its report. Re-importing the same rows creates no duplicates:
    rows match existing organisations by registry number, else by normalised name.
    """
    from stakeholders import imports

    _must_be_officer(acting_user)
    batch = OrganizationImport.objects.select_for_update().get(pk=batch.pk)
    if batch.is_imported:
        raise ValidationError(_("This file has already been imported."))
    checked = imports.check(batch)
    seen = {}  # the file's organisations (row.org_key) -> the one written for them
    outcome = {}
    contacts = 0
    for row in checked.rows:
        if row.errors:
            continue
        try:
            # A row that passed the check can still fail here (someone changed the registry
            # since the preview): it is then rejected like the others, never half-written.
            with transaction.atomic():
                organization, was_created = _write_row(row, seen, acting_user)
                if row.contact:
                    _write_contact(organization, row.contact, acting_user)
        except (ValidationError, IntegrityError) as exc:
            row.errors.extend(_messages(exc))
            continue
        seen[row.org_key] = organization.pk
        outcome.setdefault(row.org_key, "created" if was_created else "updated")
        if row.contact:
            contacts += 1
    created = sum(1 for value in outcome.values() if value == "created")
    updated = len(outcome) - created
    batch.imported_at = timezone.now()
    batch.imported_by = acting_user
    batch.created_count = created
    batch.updated_count = updated
    batch.contacts_count = contacts
    batch.rejected = [row.as_report() for row in checked.rows if row.errors]
    batch.save()
    return batch


def _messages(exc):
    if isinstance(exc, ValidationError):
        if hasattr(exc, "error_dict"):
            return [
                f"{field}: {m}" if field != "__all__" else str(m)
                for field, errors in exc.message_dict.items()
                for m in errors
            ]
        return list(exc.messages)
    return [_("The row conflicts with an organisation already in the registry.")]


def _write_row(row, seen, acting_user):
    """Create or update the row's organisation; rows of one file naming the same organisation
    (several contacts of one organisation) update the one they created."""
    pk = seen.get(row.org_key) or row.match_pk
    fields = dict(row.organization)
    sectors = fields.pop("sectors", None)
    if pk is None:
        organization = Organization()
        _assign(organization, fields, _ORGANIZATION_ATTRIBUTES)
        _stamp(organization, acting_user)
        organization.full_clean()
        organization.save()
        if sectors:
            organization.sectors.set(sectors)
        return organization, True
    organization = Organization.objects.get(pk=pk)
    # Only the cells that are filled change the organisation: an empty cell keeps what is known.
    changes = {k: v for k, v in fields.items() if v not in ("", None)}
    changed = {k: v for k, v in changes.items() if getattr(organization, k) != v}
    if changed:
        _assign(organization, changed, _ORGANIZATION_ATTRIBUTES)
        _stamp(organization, acting_user)
        organization.full_clean()
        organization.save()
    if sectors and set(sectors) != set(organization.sectors.all()):
        _stamp(organization, acting_user)
        organization.sectors.set(sectors)
    return organization, False


def _write_contact(organization, fields, acting_user):
    contact = _matching_contact(organization, fields)
    if contact is None:
        contact = Contact(organization=organization)
        was_consenting = False
    else:
        was_consenting = contact.consent
    consent = fields.get("consent")
    values = {k: v for k, v in fields.items() if k != "consent" and v not in ("", None)}
    _assign(contact, values, _CONTACT_ATTRIBUTES)
    if consent is not None:
        _apply_consent(contact, consent, was_consenting)
    _stamp(contact, acting_user)
    contact.full_clean()
    contact.save()
    return contact


def _matching_contact(organization, fields):
    candidates = list(organization.contacts.all())
    email = (fields.get("email") or "").lower()
    if email:
        for contact in candidates:
            if contact.email.lower() == email:
                return contact
    wanted = normalize_name(fields.get("name", ""))
    for contact in candidates:
        if normalize_name(contact.name) == wanted:
            return contact
    return None
