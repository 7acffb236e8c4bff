"""The groups that give customs staff their roles, and the permissions each one holds.

Migrations call `sync_group_permissions` so that a fresh database has the groups ready;
an app that adds models lists its permissions here and adds a migration that calls it again.
"""

CUSTOMS_OFFICERS = "Customs officers"
ACTION_PLAN_EDITORS = "Action-plan editors"
CHECKIN_STAFF = "Check-in staff"

MEETINGS_PERMISSIONS = [
    ("meetings", f"{action}_{model}")
    for model in ("meeting", "invitation", "commitment", "dialoguebody", "meetingrequest")
    for action in ("view", "add", "change")
]

GROUP_PERMISSIONS = {
    CUSTOMS_OFFICERS: [
        ("accounts", "view_user"),
        *MEETINGS_PERMISSIONS,
    ],
    ACTION_PLAN_EDITORS: [
        ("accounts", "view_user"),
    ],
    CHECKIN_STAFF: [],
}


def sync_group_permissions(apps, schema_editor=None):
    """Create the groups and give each the permissions listed above (for migrations)."""
    from django.contrib.auth.management import create_permissions

    # Permissions are normally made after all migrations; make them now so they can be granted.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

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
