"""The one-box caller search: what was typed decides where to look; stored parties and the BRP merge."""

import datetime

import pytest

from tests.parties.builders import party_build, question_build
from voorkant.parties.models import AddressKind
from voorkant.parties.selectors import MAX_HITS, QueryKind, caller_search
from voorkant.parties.services import digital_address_add
from voorkant.registers.brp import person_register

pytestmark = pytest.mark.django_db

MOULIN = "999993653"


@pytest.fixture
def kcc(make_persona):
    return make_persona("kcc")


def test_bsn_finds_the_brp_person_with_masked_bsn(kcc):
    result = caller_search(user=kcc, query="999993653")
    assert result.kind == QueryKind.BSN
    [hit] = result.hits
    assert (hit.display_name, hit.source, hit.bsn_masked) == ("Suzanne Moulin", "BRP", "••••••653")
    assert hit.birth_date == datetime.date(1985, 12, 1)
    assert hit.address_line
    assert hit.party_uuid is None


def test_bsn_of_a_stored_party_appears_once_from_both_sources(kcc):
    party = party_build(bsn=MOULIN)
    [hit] = caller_search(user=kcc, query="9999 93 653").hits
    assert hit.party_uuid == party.uuid
    assert hit.source == "Voorkant en BRP"
    assert hit.address_line  # the register completes the stored party


def test_bsn_failing_the_11_proef_says_so(kcc):
    result = caller_search(user=kcc, query="999993654")
    assert "11-proef" in result.error
    assert result.hits == []


@pytest.mark.parametrize("typed", ["{pc} {nr}", "{pc_lower}{nr}", "{pc4} {pc2}, {nr}"])
def test_postcode_and_house_number_find_the_residents(kcc, typed):
    person = person_register().get(MOULIN)
    postcode, number = person.adres.postcode, person.adres.huisnummer
    query = typed.format(
        pc=f"{postcode[:4]} {postcode[4:]}",
        pc_lower=postcode.lower(),
        pc4=postcode[:4],
        pc2=postcode[4:],
        nr=number,
    )
    result = caller_search(user=kcc, query=query)
    assert result.kind == QueryKind.ADDRESS, result.error
    assert MOULIN in {hit.bsn for hit in result.hits}


def test_postcode_search_merges_the_stored_party(kcc):
    person = person_register().get(MOULIN)
    party = party_build(bsn=MOULIN)
    result = caller_search(user=kcc, query=f"{person.adres.postcode} {person.adres.huisnummer}")
    mine = [hit for hit in result.hits if hit.bsn == MOULIN]
    assert len(mine) == 1
    assert mine[0].party_uuid == party.uuid


def test_crowded_address_is_bounded_and_says_there_are_more(kcc):
    result = caller_search(user=kcc, query="2272 BV 54")
    assert len(result.hits) == MAX_HITS
    assert result.truncated


@pytest.mark.parametrize(
    "typed", ["Moulin 01-12-1985", "moulin 1-12-1985", "01/12/1985 MOULIN", "Moulin 1985-12-01"]
)
def test_surname_and_birth_date_find_the_person_however_written(kcc, typed):
    result = caller_search(user=kcc, query=typed)
    assert result.kind == QueryKind.NAME_DATE
    assert [hit.bsn for hit in result.hits] == [MOULIN]


def test_surname_with_voorvoegsel_typed_or_not(kcc):
    person = next(p for p in person_register()._by_bsn.values() if p.voorvoegsel == "van" and p.geboortedatum)
    date = f"{person.geboortedatum:%d-%m-%Y}"
    for query in [f"van {person.geslachtsnaam} {date}", f"{person.geslachtsnaam} {date}"]:
        assert person.bsn in {hit.bsn for hit in caller_search(user=kcc, query=query).hits}, query


def test_surname_and_birth_date_merge_stored_party_and_brp(kcc):
    party = party_build(bsn=MOULIN)
    [hit] = caller_search(user=kcc, query="Moulin 01-12-1985").hits
    assert hit.party_uuid == party.uuid and hit.source == "Voorkant en BRP"


def test_stored_party_without_bsn_is_found_by_surname_and_birth_date(kcc):
    party = party_build(surname="Ötzi", first_name="Anna", bsn=None, birth_date=datetime.date(1990, 1, 2))
    [hit] = caller_search(user=kcc, query="otzi 02-01-1990").hits
    assert (hit.party_uuid, hit.source) == (party.uuid, "Voorkant")


def test_impossible_birth_date_gets_a_dutch_message(kcc):
    assert "geboortedatum" in caller_search(user=kcc, query="Moulin 31-02-1985").error


def test_birth_date_without_surname_asks_for_the_surname(kcc):
    assert "achternaam" in caller_search(user=kcc, query="01-12-1985").error


@pytest.mark.parametrize("typed", ["06 - 1234 5678", "0031 (0)6 12345678", "+31612345678", "06.12.34.56.78"])
def test_phone_number_typed_oddly_finds_the_party_keeping_it(kcc, typed):
    party = party_build()
    digital_address_add(party=party, kind=AddressKind.PHONE, address="06-12345678", keep=True)
    result = caller_search(user=kcc, query=typed)
    assert result.kind == QueryKind.PHONE
    assert [hit.party_uuid for hit in result.hits] == [party.uuid]


def test_phone_number_given_in_an_earlier_contact_finds_the_linked_party(kcc):
    party = party_build()
    question_build(party=party, phone="020 123 4567")
    [hit] = caller_search(user=kcc, query="(020) 1234567").hits
    assert hit.party_uuid == party.uuid


def test_unlinked_number_shows_earlier_contact_without_a_person(kcc):
    question_build(party=None, phone="0612345678")
    question_build(party=None, phone="06 12 34 56 78")
    [hit] = caller_search(user=kcc, query="+31 6 12345678").hits
    assert hit.party_uuid is None and not hit.can_choose
    assert "Eerder contact met dit nummer: 2×" in hit.note


def test_email_finds_the_party_case_insensitively(kcc):
    party = party_build()
    digital_address_add(party=party, kind=AddressKind.EMAIL, address="s.moulin@voorbeeld.nl", keep=True)
    result = caller_search(user=kcc, query="  S.Moulin@Voorbeeld.NL")
    assert result.kind == QueryKind.EMAIL
    assert [hit.party_uuid for hit in result.hits] == [party.uuid]


def test_surname_only_searches_stored_parties_and_explains_the_brp(kcc):
    party = party_build(bsn=None, surname="Vries", surname_prefix="de")
    result = caller_search(user=kcc, query="de Vries")
    assert result.kind == QueryKind.NAME
    assert [hit.party_uuid for hit in result.hits] == [party.uuid]
    assert "BRP" in result.hint


def test_empty_query_finds_nothing_and_says_nothing(kcc):
    result = caller_search(user=kcc, query="   ")
    assert (result.hits, result.error) == ([], "")


def test_user_without_klantbeeld_permission_sees_no_stored_parties(make_persona):
    party_build(bsn=MOULIN)
    manager = make_persona("manager")
    hits = caller_search(user=manager, query=MOULIN).hits
    assert all(hit.party_uuid is None for hit in hits)


def test_warnings_for_confidential_and_deceased_persons(kcc):
    people = list(person_register()._by_bsn.values())
    dead = next(p for p in people if p.overleden and p.bsn != "999999245")
    secret = next(p for p in people if p.geheimhouding and p.bsn != "999999245")
    assert caller_search(user=kcc, query=dead.bsn).hits[0].warnings[0].startswith("Overleden")
    assert any("Geheimhouding" in w for w in caller_search(user=kcc, query=secret.bsn).hits[0].warnings)


def test_stored_party_with_a_bsn_that_no_longer_validates_is_still_found(kcc):
    party = party_build(bsn="999999245")  # in the RvIG set, but failing the 11-proef
    digital_address_add(party=party, kind=AddressKind.PHONE, address="0612345678", keep=True)
    [hit] = caller_search(user=kcc, query="0612345678").hits
    assert hit.party_uuid == party.uuid and hit.source == "Voorkant"
