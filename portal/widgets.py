"""Form widgets for the browser's own date and time pickers.

``<input type="date">`` only accepts ISO values (2026-11-27). Django's default
widget formats the value for the active language (2026/11/27 in zh-hans), which
the browser drops, so the field is submitted empty. These widgets always write
ISO; what the visitor sees is the browser's own localised picker.
"""

from django import forms


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")
