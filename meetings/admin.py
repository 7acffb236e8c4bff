from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from meetings.models import (
    Commitment,
    DialogueBody,
    Invitation,
    Meeting,
    MeetingRequest,
    OccurrenceException,
)
from meetings.services import bodies
from portal.admin import ReadOnlyAdmin

# Meetings are changed through the portal's pages (services keep reminders and SEQUENCE
# right); the admin is for looking things up.


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ["title", "start", "kind", "visibility", "status", "recurrence"]
    list_filter = ["status", "kind", "visibility", "body"]
    search_fields = ["title"]
    date_hierarchy = "start"


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ["name", "email", "meeting", "response", "attended"]
    # The token answers the invitation in its invitee's name: it is kept out of the history,
    # and out of the admin's pages for the same reason.
    exclude = ["token"]
    list_filter = ["response"]
    search_fields = ["name", "email", "meeting__title"]


@admin.register(OccurrenceException)
class OccurrenceExceptionAdmin(ReadOnlyAdmin):
    list_display = ["meeting", "original_start", "cancelled", "new_start"]


@admin.register(Commitment)
class CommitmentAdmin(ReadOnlyAdmin):
    list_display = ["description", "organization", "due_date", "status", "meeting"]
    list_filter = ["status"]


@admin.register(MeetingRequest)
class MeetingRequestAdmin(ReadOnlyAdmin):
    list_display = ["subject", "requested_by", "organization", "status", "created_at"]
    list_filter = ["status"]


@admin.register(DialogueBody)
class DialogueBodyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "acronym"]
    filter_horizontal = ["members"]

    def save_model(self, request, obj, form, change):
        # Through the service, as the portal's own page does: it passes a change of members on
        # to the consultations the body is invited to. The form has set the other fields on
        # `obj` (unsaved when it is a new body).
        bodies.save_body(obj, acting_user=request.user, members=form.cleaned_data["members"])

    def save_related(self, request, form, formsets, change):
        # The members were saved with the body (save_model); only inlines are left.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)
