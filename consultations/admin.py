"""Read-only admin pages with the change history: every write goes through the modules of
consultations/services/."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from consultations.models import Attachment, Comment, Consultation, Section, Version
from portal.admin import ReadOnlyAdmin


@admin.register(Consultation)
class ConsultationAdmin(ReadOnlyAdmin):
    list_display = [
        "title",
        "status",
        "audience",
        "bodies",
        "opens_at",
        "closes_at",
        "responsible_officer",
    ]
    list_filter = ["status", "audience", "invited_bodies"]
    search_fields = ["title", "summary"]
    list_select_related = ["responsible_officer"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("invited_bodies")

    @admin.display(description=_("invited dialogue bodies"))
    def bodies(self, consultation):
        return ", ".join(str(body) for body in consultation.invited_bodies.all())


@admin.register(Version)
class VersionAdmin(ReadOnlyAdmin):
    list_display = ["consultation", "number", "published_by", "published_at"]
    list_select_related = ["consultation", "published_by"]
    exclude = ["document"]  # files are served only through the portal's checked view


@admin.register(Section)
class SectionAdmin(ReadOnlyAdmin):
    list_display = ["version", "number", "heading"]
    list_select_related = ["version__consultation"]


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    list_display = ["pk", "consultation", "author", "organization", "publication", "decision"]
    list_filter = ["decision", "publication"]
    search_fields = ["body", "reason", "author__email", "organization__name"]
    list_select_related = ["consultation", "author", "organization"]


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    list_display = ["original_name", "comment", "content_type", "size", "uploaded_at"]
    exclude = ["file"]  # files are served only through the portal's checked view
