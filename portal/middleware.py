"""The site's language: Simplified Chinese unless the visitor chose English with the switch.

Django's LocaleMiddleware also follows the browser's Accept-Language header, so
a phone set to English got English menus around Chinese content. The portal is
Chinese first: only the language cookie, which the switch sets, changes it.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


def chosen_language(request) -> str:
    """The language the visitor picked with the switch, else the site's own (zh-hans)."""
    code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class ChosenLanguageMiddleware(LocaleMiddleware):
    """LocaleMiddleware without the Accept-Language guess; it still sets Content-Language."""

    def process_request(self, request):
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
