"""How every Django form on the site renders: one field template, one form template.

Each field sits with its label (no ASCII colon), its help text and its error,
and the error is tied to the input for screen readers: Django marks the input
`aria-invalid` and points `aria-describedby` at `<id>_helptext` and
`<id>_error`, ids these templates always print. Radio and checkbox groups are a
<fieldset> with a <legend>, each option's label `for` its own input. Errors not
about one field, and a list of the fields to correct, go in a summary at the
top that is announced (role="alert").

The renderer reads the project's TEMPLATES (Django's TemplatesSetting), so
`templates/django/forms/widgets/select_option.html` replaces Django's empty
choice "---------" with 「请选择」 in every select, the admin's included.
"""

from django.forms.renderers import TemplatesSetting


class PortalFormRenderer(TemplatesSetting):
    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
