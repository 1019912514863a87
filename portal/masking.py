"""Masking of personal data for public pages: phones and ID numbers."""


def mask_phone(phone: str | None) -> str:
    """138****1234: keeps the carrier prefix and the last four digits."""
    digits = (phone or "").strip()
    if not digits:
        return ""
    if len(digits) <= 7:
        return "*" * len(digits)
    return f"{digits[:3]}{'*' * (len(digits) - 7)}{digits[-4:]}"


def mask_id_number(id_number: str | None) -> str:
    """110***********1234: region code and the last four characters only."""
    value = (id_number or "").strip()
    if len(value) <= 7:
        return "*" * len(value)
    return f"{value[:3]}{'*' * (len(value) - 7)}{value[-4:]}"
