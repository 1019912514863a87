"""Admin menu items shown only to secretaries and committee admins, whichever app adds them."""

from wagtail.admin.menu import MenuItem

from portal.permissions import is_staff_role


class StaffRoleMenuItem(MenuItem):
    def is_shown(self, request):
        return is_staff_role(request.user)
