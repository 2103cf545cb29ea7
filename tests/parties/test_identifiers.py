"""Validation and normalisation of BSN, KvK, vestigingsnummer, phone numbers and e-mail addresses."""

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from voorkant.parties.identifiers import (
    bsn_mask,
    email_normalize,
    looks_like_phone,
    phone_display,
    phone_normalize,
    validate_branch_number,
    validate_bsn,
    validate_kvk,
)


@pytest.mark.parametrize("value", ["999993653", "999990627", " 9999.93.653 "])
def test_bsn_passing_the_11_proef_is_accepted(value):
    assert validate_bsn(value) in {"999993653", "999990627"}


@pytest.mark.parametrize(
    ("value", "message"),
    [("999993654", "11-proef"), ("99999365", "9 cijfers"), ("9999936531", "9 cijfers"), ("abc", "9 cijfers")],
)
def test_bsn_failing_checks_gets_a_dutch_message(value, message):
    with pytest.raises(ValidationError) as exc:
        validate_bsn(value)
    assert message in exc.value.messages[0]


def test_kvk_number_is_eight_digits():
    assert validate_kvk("6963 6433") == "69636433"
    for bad in ["1234567", "123456789", "1234567a"]:
        with pytest.raises(ValidationError, match="8 cijfers"):
            validate_kvk(bad)


def test_branch_number_is_twelve_digits():
    assert validate_branch_number("000037178598") == "000037178598"
    with pytest.raises(ValidationError, match="12 cijfers"):
        validate_branch_number("12345678")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("06-12 34 56 78", "+31612345678"),
        ("+31 6 12345678", "+31612345678"),
        ("0031612345678", "+31612345678"),
        ("0031 (0)6 1234 5678", "+31612345678"),
        ("+31 (0)6-1234.5678", "+31612345678"),
        ("(020) 123 4567", "+31201234567"),
        ("020-1234567", "+31201234567"),
        ("14 020", "+3114020"),
        ("+44 20 7946 0958", "+442079460958"),
    ],
)
def test_phone_numbers_typed_any_way_normalise_to_e164(typed, expected):
    assert phone_normalize(typed) == expected


@pytest.mark.parametrize("typed", ["bel mij", "06-1234x678", "12", "", "0" * 90])
def test_impossible_phone_numbers_get_a_dutch_message(typed):
    with pytest.raises(ValidationError) as exc:
        phone_normalize(typed)
    assert "telefoonnummer" in exc.value.messages[0].lower()


def test_phone_region_comes_from_settings():
    with override_settings(DEFAULT_PHONE_REGION="BE"):
        assert phone_normalize("0470 12 34 56") == "+32470123456"


def test_phone_display_reads_back_national_numbers_nationally():
    assert phone_display("+31612345678") == "06 12345678"
    assert phone_display("+442079460958").startswith("+44")


def test_looks_like_phone_tells_numbers_from_names_and_dates():
    assert looks_like_phone("06-12 34 56 78")
    assert looks_like_phone("(020) 123 4567")
    assert not looks_like_phone("Jansen")
    assert not looks_like_phone("1234")


def test_email_is_trimmed_and_lower_cased():
    assert email_normalize("  S.Moulin@Voorbeeld.NL ") == "s.moulin@voorbeeld.nl"


@pytest.mark.parametrize("typed", ["s.moulin", "s@", "@voorbeeld.nl", "a b@voorbeeld.nl", "x" * 76 + "@v.nl"])
def test_invalid_email_gets_a_dutch_message(typed):
    with pytest.raises(ValidationError) as exc:
        email_normalize(typed)
    assert "e-mailadres" in exc.value.messages[0]


def test_bsn_mask_shows_only_the_last_three_digits():
    assert bsn_mask("999993653") == "••••••653"
    assert "9999" not in bsn_mask("999993653")
