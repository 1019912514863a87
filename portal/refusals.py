"""A service's refusal that can name the inputs it is about, and how a form shows it.

Services refuse with a Chinese sentence (VolunteerError, AssessmentError, …).
When the sentence is about one input (an end time before the start, a photo
that is not an image) the service says which, in its own argument names, and
the page puts the reason beside that input (aria-invalid, aria-describedby),
not only in the summary at the top.
"""


class Refusal(Exception):
    """An operation that cannot be done; the message is shown to the person as it is.

    `field` names the input the refusal is about (the service's keyword argument,
    e.g. "ended_at"); `fields` maps several inputs to their own reasons (each bad
    photo of a self-assessment). Neither: the refusal is about the whole operation.
    """

    def __init__(self, message="", *, field: str | None = None, fields: dict | None = None):
        super().__init__(message)
        self.fields: dict[str, str] = {name: str(reason) for name, reason in (fields or {}).items()}
        if field is not None:
            self.fields.setdefault(field, str(message))

    @property
    def field(self) -> str | None:
        return next(iter(self.fields), None)


def add_refusal(form, error: Exception) -> None:
    """Adds a service's refusal to a Django form, on its fields when the form has them.

    A form whose fields are named differently from the service's arguments maps
    them in `refusal_fields` ({"ended_at": "end"}).
    """
    names = getattr(form, "refusal_fields", {})
    placed = False
    for name, reason in getattr(error, "fields", {}).items():
        name = names.get(name, name)
        if name in form.fields:
            form.add_error(name, reason)
            placed = True
    if not placed:
        form.add_error(None, str(error))
