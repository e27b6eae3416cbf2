from django.contrib.auth.backends import ModelBackend

from .roles import ROLE_PERMISSIONS


class RoleBackend(ModelBackend):
    """Password login as usual; permissions from the user's role.

    Superusers still have every permission (ModelBackend's rule); per-user
    and group permissions are not used.
    """

    def get_user_permissions(self, user_obj, obj=None):
        return set()

    def get_group_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        return set(ROLE_PERMISSIONS.get(getattr(user_obj, "role", ""), set()))
