"""Validation and normalisation of the identifiers and contact details a caller gives.

Everything here raises django's ValidationError with a Dutch message, so forms show it at the field and
services refuse bad input on every path (UI, API, imports).
"""

from __future__ import annotations

import re

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from voorkant.registers.brp import validate_bsn

__all__ = [
    "bsn_mask",
    "email_normalize",
    "looks_like_phone",
    "phone_normalize",
    "validate_branch_number",
    "validate_bsn",
    "validate_kvk",
]

# The standard's digitaleadressen.adres is at most 80 characters.
ADDRESS_MAX_LENGTH = 80


def validate_kvk(value: str) -> str:
    """A KvK number: exactly 8 digits (KvK numbers carry no check digit)."""
    compact = re.sub(r"[\s.]", "", value or "")
    if not re.fullmatch(r"\d{8}", compact):
        raise ValidationError("Een KvK-nummer bestaat uit 8 cijfers.", code="kvk_invalid")
    return compact


def validate_branch_number(value: str) -> str:
    """A vestigingsnummer: exactly 12 digits."""
    compact = re.sub(r"[\s.]", "", value or "")
    if not re.fullmatch(r"\d{12}", compact):
        raise ValidationError("Een vestigingsnummer bestaat uit 12 cijfers.", code="vestigingsnummer_invalid")
    return compact


def bsn_mask(bsn: str) -> str:
    """Show only the last three digits; enough to compare with what the caller reads out."""
    if not bsn:
        return ""
    return "•" * (len(bsn) - 3) + bsn[-3:]


_PHONE_CHARACTERS = re.compile(r"^[\d\s+\-().\/]+$")


def looks_like_phone(value: str) -> bool:
    """Digits with the punctuation people type in phone numbers, and enough digits to be one."""
    text = (value or "").strip()
    digits = re.sub(r"\D", "", text)
    return bool(_PHONE_CHARACTERS.match(text)) and 5 <= len(digits) <= 15


def phone_normalize(value: str, *, region: str | None = None) -> str:
    """E.164 form of a phone number however it was typed ('06-12 34 56 78', '0031 6 ...', '(020) 123 4567').

    Raises ValidationError when it cannot be a phone number at all. Numbers the library cannot place with
    certainty but that are possible (short numbers) still normalise, so the same typing finds the same number.
    """
    text = (value or "").strip()
    if not text:
        raise ValidationError("Vul een telefoonnummer in.", code="phone_required")
    if len(text) > ADDRESS_MAX_LENGTH:
        raise ValidationError("Een telefoonnummer is hoogstens 80 tekens.", code="phone_too_long")
    if not _PHONE_CHARACTERS.match(text):
        raise ValidationError(
            "Een telefoonnummer bevat alleen cijfers, spaties, streepjes, haakjes en een +.",
            code="phone_invalid",
        )
    # "+31 (0)6 ..." is common on business cards; after a country code the (0) trunk prefix must go.
    text = re.sub(r"^(\+|00)(\d{1,3})\s*\(0\)", r"\1\2", text)
    try:
        number = phonenumbers.parse(text, region or settings.DEFAULT_PHONE_REGION)
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(
            "Dit telefoonnummer herkennen we niet. Typ het met netnummer, bijvoorbeeld 06 12345678.",
            code="phone_invalid",
        ) from exc
    if not phonenumbers.is_possible_number(number):
        raise ValidationError(
            "Dit telefoonnummer heeft te veel of te weinig cijfers. Controleer het nummer.",
            code="phone_invalid",
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_display(e164: str) -> str:
    """A normalised number in the national way of writing it, for reading back to the caller."""
    try:
        number = phonenumbers.parse(e164, settings.DEFAULT_PHONE_REGION)
    except phonenumbers.NumberParseException:
        return e164
    region = phonenumbers.region_code_for_number(number)
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if region == settings.DEFAULT_PHONE_REGION
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, style)


def email_normalize(value: str) -> str:
    """An e-mail address trimmed and in lower case, as searches compare it."""
    text = (value or "").strip()
    if not text:
        raise ValidationError("Vul een e-mailadres in.", code="email_required")
    if len(text) > ADDRESS_MAX_LENGTH:
        raise ValidationError("Een e-mailadres is hoogstens 80 tekens.", code="email_too_long")
    try:
        validate_email(text)
    except ValidationError as exc:
        raise ValidationError(
            "Dit is geen geldig e-mailadres. Een e-mailadres ziet eruit als naam@voorbeeld.nl.",
            code="email_invalid",
        ) from exc
    return text.lower()
