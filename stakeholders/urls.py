from django.urls import path

from stakeholders.views import directory, members, officers, representatives, transfer

app_name = "stakeholders"

urlpatterns = [
    # Officers: the registry and the mapping.
    path("organisations/", officers.organization_list, name="list"),
    path("organisations/new/", officers.organization_create, name="create"),
    path("organisations/<int:pk>/", officers.organization_detail, name="detail"),
    path("organisations/<int:pk>/edit/", officers.organization_edit, name="edit"),
    path("organisations/<int:pk>/verify/", officers.organization_verify, name="verify"),
    path("organisations/<int:pk>/assess/", officers.assessment_create, name="assess"),
    path("map/", officers.stakeholder_map, name="map"),
    path("gaps/", officers.engagement_gaps, name="gaps"),
    path("export/", transfer.registry_export, name="export"),
    path("selection/export/", transfer.selection_export, name="selection_export"),
    path("import/", transfer.import_upload, name="import"),
    path("import/<int:pk>/", transfer.import_preview, name="import_preview"),
    path("import/<int:pk>/run/", transfer.import_run, name="import_run"),
    path("import/<int:pk>/rejected.csv", transfer.import_report, name="import_report"),
    # Representatives (and officers): an organisation's public profile and contacts.
    path("my-organisation/", representatives.my_organization, name="mine"),
    path("organisations/<int:pk>/profile/", representatives.profile_edit, name="profile"),
    path(
        "organisations/<int:pk>/contacts/new/",
        representatives.contact_create,
        name="contact_create",
    ),
    path("contacts/<int:pk>/edit/", representatives.contact_edit, name="contact_edit"),
    path("contacts/<int:pk>/remove/", representatives.contact_remove, name="contact_remove"),
    # Memberships: who acts for which organisation.
    path("organisations/<int:pk>/members/", members.members, name="members"),
    path("memberships/", members.requests, name="membership_requests"),
    path("memberships/<int:pk>/approve/", members.approve, name="membership_approve"),
    path("memberships/<int:pk>/refuse/", members.refuse, name="membership_refuse"),
    path("memberships/<int:pk>/remove/", members.remove, name="membership_remove"),
    path("memberships/<int:pk>/role/", members.set_role, name="membership_role"),
    path("memberships/<int:pk>/hand-over/", members.hand_over, name="membership_hand_over"),
    path("memberships/<int:pk>/withdraw/", members.withdraw, name="membership_withdraw"),
    # Everyone.
    path("directory/", directory.directory, name="directory"),
    path("directory/export/", directory.directory_export, name="directory_export"),
]
