"""The groups that give customs staff their roles, and the permissions each one holds.

Migrations call `sync_group_permissions` so that a fresh database has the groups ready;
an app that adds models lists its permissions here and adds a migration that calls it again.
"""

CUSTOMS_OFFICERS = "Customs officers"
ACTION_PLAN_EDITORS = "Action-plan editors"
CHECKIN_STAFF = "Check-in staff"
# The integrity unit handles complaints; nobody else, administrators included, sees a case.
# Its heads are members too, and are told when a case is late.
INTEGRITY_UNIT = "Integrity unit"
INTEGRITY_HEADS = "Integrity unit heads"
# Officers who approve, or order the return of, gifts and hospitality above the threshold.
GIFT_SUPERVISORS = "Gift supervisors"

# Officers keep the stakeholder registry and mapping (in the portal; in the admin when staff).
STAKEHOLDER_PERMISSIONS = [
    ("stakeholders", f"{action}_{model}")
    for model in ("organization", "contact", "assessment")
    for action in ("view", "add", "change")
]
MEETINGS_PERMISSIONS = [
    ("meetings", f"{action}_{model}")
    for model in ("meeting", "invitation", "commitment", "dialoguebody", "meetingrequest")
    for action in ("view", "add", "change")
]

GROUP_PERMISSIONS = {
    CUSTOMS_OFFICERS: [
        ("accounts", "view_user"),
        *STAKEHOLDER_PERMISSIONS,
        # Forums (the admin's writes go through forums.services).
        ("forums", "view_forum"),
        ("forums", "add_forum"),
        ("forums", "change_forum"),
        ("forums", "view_session"),
        ("forums", "add_session"),
        ("forums", "change_session"),
        ("forums", "delete_session"),
        ("forums", "view_registration"),
        ("forums", "view_registrationevent"),
        ("forums", "view_forummessage"),
        *MEETINGS_PERMISSIONS,
    ],
    ACTION_PLAN_EDITORS: [
        ("accounts", "view_user"),
        *STAKEHOLDER_PERMISSIONS,
    ],
    CHECKIN_STAFF: [],
    INTEGRITY_UNIT: [],
    INTEGRITY_HEADS: [],
    GIFT_SUPERVISORS: [],
}

# Action plans: officers read them (and report progress through the portal); editors also
# change objectives, plans and actions in the administration site.
_ACTIONPLAN_MODELS = ["strategicobjective", "actionplan", "action", "progressupdate", "planversion"]
GROUP_PERMISSIONS[CUSTOMS_OFFICERS] += [("actionplans", f"view_{m}") for m in _ACTIONPLAN_MODELS]
GROUP_PERMISSIONS[ACTION_PLAN_EDITORS] += [
    ("actionplans", f"{verb}_{m}")
    for m in _ACTIONPLAN_MODELS
    for verb in ("view", "add", "change")
    if m in ("strategicobjective", "actionplan", "action") or verb == "view"
]


def sync_group_permissions(apps, schema_editor=None):
    """Create the groups and give each the permissions listed above (for migrations)."""
    from django.contrib.auth.management import create_permissions

    # Permissions are normally made after all migrations; make them now so they can be granted.
    for app_config in apps.get_app_configs():
        original = getattr(app_config, "models_module", None)
        app_config.models_module = original or True  # migration states leave it empty
        try:
            create_permissions(app_config, apps=apps, verbosity=0)
        finally:
            app_config.models_module = original

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, perms in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codename in perms:
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is not None:
                group.permissions.add(permission)
