"""The population-register adapter and its local register of RvIG test persons."""

import datetime
import gzip
import json

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from voorkant.registers import brp
from voorkant.registers.brp import LocalTestPersonRegister, PersonRegister, person_register


@pytest.fixture(scope="module")
def register():
    return LocalTestPersonRegister()


def test_local_register_serves_every_rvig_test_person(register):
    with gzip.open(brp.DATA_FILE, "rt", encoding="utf-8-sig") as handle:
        assert len(register) == len(json.load(handle)) == 1176
    assert isinstance(register, PersonRegister)


def test_source_and_licence_ship_with_the_data():
    source = (brp.DATA_FILE.parent / "SOURCE.md").read_text()
    assert "EUPL-1.2" in source and "RvIG" in source and "a19a3debcdae1f17c47da84d15c1d46a927e1f93" in source
    assert (brp.DATA_FILE.parent / "LICENCE-upstream.md").exists()


def test_lookup_by_bsn_returns_the_identifying_fields(register):
    person = register.get("999993653")
    assert person.voornamen == "Suzanne"
    assert person.geslachtsnaam == "Moulin"
    assert person.geboortedatum == datetime.date(1985, 12, 1)
    assert person.adres.postcode and person.adres.huisnummer
    assert not person.overleden and not person.geheimhouding
    with pytest.raises(AttributeError):
        person.bsn = "999990627"  # frozen


def test_lookup_accepts_a_bsn_typed_with_spaces(register):
    assert register.get("9999 93 653").bsn == "999993653"


def test_lookup_of_valid_but_unknown_bsn_returns_none(register):
    assert register.get("123456782") is None


@pytest.mark.parametrize("value", ["999993654", "12345678", "abcdefghi", ""])
def test_lookup_with_bad_bsn_raises_dutch_validation_error(register, value):
    with pytest.raises(ValidationError) as exc:
        register.get(value)
    assert "BSN" in exc.value.messages[0]


def test_search_by_surname_and_birth_date_ignores_case(register):
    found = register.search_by_name(geslachtsnaam="mOuLiN", geboortedatum=datetime.date(1985, 12, 1))
    assert [p.bsn for p in found] == ["999993653"]


def test_search_by_surname_ignores_voorvoegsel_differences(register):
    person = next(p for p in register._by_bsn.values() if p.voorvoegsel == "van der" and p.geboortedatum)
    date = person.geboortedatum
    with_prefix = register.search_by_name(geslachtsnaam=f"Van der {person.geslachtsnaam}", geboortedatum=date)
    without = register.search_by_name(geslachtsnaam=person.geslachtsnaam.upper(), geboortedatum=date)
    assert person in with_prefix
    assert person in without


def test_search_by_surname_with_wrong_birth_date_finds_nobody(register):
    assert register.search_by_name(geslachtsnaam="Moulin", geboortedatum=datetime.date(1985, 12, 2)) == []


def test_search_by_postcode_and_house_number(register):
    person = register.get("999993653")
    postcode = person.adres.postcode.lower()
    found = register.search_by_address(
        postcode=f"{postcode[:4]} {postcode[4:]}", huisnummer=person.adres.huisnummer
    )
    assert person in found


def test_search_by_address_with_bad_postcode_raises_dutch_error(register):
    with pytest.raises(ValidationError) as exc:
        register.search_by_address(postcode="12AB34", huisnummer=1)
    assert "postcode" in exc.value.messages[0]


def test_search_by_address_with_bad_house_number_raises_dutch_error(register):
    with pytest.raises(ValidationError) as exc:
        register.search_by_address(postcode="2596AA", huisnummer="twaalf")
    assert "huisnummer" in exc.value.messages[0]


def test_flags_geheimhouding_overlijden_and_opschorting_come_through(register):
    people = list(register._by_bsn.values())
    secret = next(p for p in people if p.geheimhouding)
    dead = next(p for p in people if p.overleden and p.overlijdensdatum)
    suspended = next(p for p in people if p.opschorting == "emigratie")
    assert any("Geheimhouding" in w for w in secret.warnings)
    assert dead.warnings[0].startswith("Overleden op")
    assert any("emigratie" in w for w in suspended.warnings)


def test_partial_birth_dates_are_unknown_not_wrong():
    assert brp._parse_date("19750000") is None
    assert brp._parse_date("19750407") == datetime.date(1975, 4, 7)


def test_configured_adapter_is_loaded_once_per_process():
    first = person_register()
    assert first is person_register()
    assert isinstance(first, LocalTestPersonRegister)


class _EmptyRegister:
    def get(self, bsn):
        return None

    def search_by_name(self, *, geslachtsnaam, geboortedatum):
        return []

    def search_by_address(self, *, postcode, huisnummer, huisletter="", toevoeging=""):
        return []


def test_adapter_is_chosen_by_the_brp_adapter_setting():
    with override_settings(BRP_ADAPTER="tests.registers.test_brp._EmptyRegister"):
        assert isinstance(person_register(), _EmptyRegister)
    assert isinstance(person_register(), LocalTestPersonRegister)
