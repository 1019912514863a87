"""django-allauth adapters: sign-up is closed; members are added by their secretary."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter


class PortalAccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        # Members are added by their branch secretary; the public needs no account.
        return False


class PortalMFAAdapter(DefaultMFAAdapter):
    """Names the portal in authenticator apps."""
