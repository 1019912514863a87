"""One rule for text a user types: the model field's max_length, refused in Chinese, never cut.

Services call `clean_text` with the model and field the value is stored in,
so the limit is written once (on the model) and a note that is too long is
sent back to its author instead of being silently shortened.
"""

from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext as _

# Django's own sentence, in the locale catalogue's Chinese (「不能包含空字符…」).
NUL_MESSAGE = ProhibitNullCharactersValidator.message


def text_limit(model, field: str) -> int | None:
    return model._meta.get_field(field).max_length


def too_long_message(model, field: str, limit: int | None = None) -> str:
    limit = limit or text_limit(model, field)
    label = model._meta.get_field(field).verbose_name
    return _("%(label)s不能超过 %(limit)d 个字。") % {"label": label, "limit": limit}


def clean_text(value, *, model, field: str, error=ValidationError, limit: int | None = None):
    """The stripped value, or `error` raised with a Chinese message when it is too long
    or holds a NUL byte (which no form field accepts and PostgreSQL cannot store).

    `limit` is for a TextField the product still caps (it has no max_length).
    """
    value = (value or "").strip()
    if "\x00" in value:
        message = str(NUL_MESSAGE)
        raise error({field: message} if error is ValidationError else message)
    limit = limit or text_limit(model, field)
    if limit is not None and len(value) > limit:
        message = too_long_message(model, field, limit)
        raise error({field: message} if error is ValidationError else message)
    return value
