"""What the apps' admin pages share."""

from simple_history.admin import SimpleHistoryAdmin


class ReadOnlyAdmin(SimpleHistoryAdmin):
    """An admin page for looking records up, with their change history: every write goes
    through the app's services, which keep what the admin's forms would not."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
