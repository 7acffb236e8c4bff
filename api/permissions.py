"""Who may reach an API view, read from portal.permissions (the one place roles are read).

A visitor asking for a personal resource gets 401 with `WWW-Authenticate: Bearer`; a signed-in
person (by token or session) who may not reach it gets 404, as the pages answer, so that the
answer tells nothing about what exists. Which rows a person then sees is the views' querysets'
business (`visible_to`).
"""

from rest_framework import exceptions, permissions

from portal import permissions as roles


class SignedIn(permissions.BasePermission):
    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            raise exceptions.NotAuthenticated
        return True


class Officers(SignedIn):
    """Customs officers (portal.permissions.is_customs); 404 to anyone else signed in."""

    def has_permission(self, request, view):
        super().has_permission(request, view)
        if not roles.is_customs(request.user):
            raise exceptions.NotFound
        return True
