"""Set-password links that die as soon as the account they open changes in power.

Django's reset token already dies when the password or last sign-in changes,
and allauth's adds the e-mail addresses. A secretary hands these links over
by hand, so a link must also die when the account gains a role, a group,
staff or superuser rights, or moves to another organisation: otherwise a
link issued for a plain member would open an account that has since become
more powerful than the person who asked for it.
"""

from allauth.account.forms import EmailAwarePasswordResetTokenGenerator


class AccountPowerTokenGenerator(EmailAwarePasswordResetTokenGenerator):
    def _make_hash_value(self, user, timestamp) -> str:
        base = super()._make_hash_value(user, timestamp)
        groups = ",".join(str(pk) for pk in sorted(user.groups.values_list("pk", flat=True)))
        flags = f"{int(user.is_active)}{int(user.is_staff)}{int(user.is_superuser)}"
        member = _member(user)
        placement = f"{member.role}@{member.organisation_id}" if member else "-"
        return f"{base}|{flags}|{groups}|{placement}"


def _member(user):
    from portal.models import Member

    try:
        return Member.objects.only("role", "organisation_id").get(user_id=user.pk)
    except Member.DoesNotExist:
        return None
