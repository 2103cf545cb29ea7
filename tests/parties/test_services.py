"""Storing a caller as a party, and keeping contact details (VNG use case C9167)."""

import pytest
from django.core.exceptions import ValidationError

from tests.parties.builders import party_build, question_build
from voorkant.parties.models import AddressKind, DigitalAddress, IdentifierType, Party, PartyIdentifier
from voorkant.parties.services import digital_address_add, party_for_caller, party_number_next

pytestmark = pytest.mark.django_db


def test_first_contact_of_a_brp_person_creates_a_party_from_the_register():
    party = party_for_caller(bsn="999993653")
    assert (party.kind, party.first_name, party.surname, str(party.birth_date)) == (
        "persoon",
        "Suzanne",
        "Moulin",
        "1985-12-01",
    )
    assert party.initials == "S."
    identifier = PartyIdentifier.objects.get(party=party)
    assert (identifier.identifier_type, identifier.object_type, identifier.register, identifier.value) == (
        "bsn",
        "natuurlijk_persoon",
        "brp",
        "999993653",
    )
    assert len(party.number) == 10


def test_returning_caller_gets_the_same_party():
    first = party_for_caller(bsn="999993653")
    again = party_for_caller(bsn="9999 93 653")
    assert again.pk == first.pk
    assert Party.objects.count() == 1
    assert party_for_caller(party_uuid=first.uuid).pk == first.pk


def test_geheimhouding_from_the_brp_marks_the_party_confidential():
    from voorkant.registers.brp import person_register

    secret = next(p for p in person_register()._by_bsn.values() if p.geheimhouding and p.bsn != "999999245")
    party = party_for_caller(bsn=secret.bsn)
    assert party.is_confidential_address


def test_stored_party_follows_a_new_geheimhouding_in_the_brp():
    from voorkant.registers.brp import person_register

    secret = next(p for p in person_register()._by_bsn.values() if p.geheimhouding and p.bsn != "999999245")
    party = party_build(bsn=secret.bsn, is_confidential_address=False)
    party_for_caller(bsn=secret.bsn)
    party.refresh_from_db()
    assert party.is_confidential_address


@pytest.mark.parametrize(
    ("bsn", "message"), [("999993654", "11-proef"), ("123456782", "niet in de BRP"), ("", "BSN")]
)
def test_unknown_or_invalid_bsn_is_refused_in_dutch_and_stores_nothing(bsn, message):
    with pytest.raises(ValidationError) as exc:
        party_for_caller(bsn=bsn)
    assert message in exc.value.messages[0]
    assert Party.objects.count() == 0


def test_unknown_party_uuid_is_refused():
    import uuid

    with pytest.raises(ValidationError, match="bestaat niet"):
        party_for_caller(party_uuid=uuid.uuid4())


def test_party_numbers_count_up():
    assert party_number_next() == "0000000001"
    party_for_caller(bsn="999993653")
    assert party_number_next() == "0000000002"


def test_kept_phone_number_is_stored_on_the_party_normalised():
    party = party_build()
    address = digital_address_add(party=party, kind=AddressKind.PHONE, address=" 06-12 34 56 78 ", keep=True)
    assert (address.party_id, address.involvement_id) == (party.pk, None)
    assert address.address == "06-12 34 56 78"
    assert address.normalized == "+31612345678"
    again = digital_address_add(party=party, kind=AddressKind.PHONE, address="+31 6 12345678", keep=True)
    assert again.pk == address.pk


def test_number_given_for_one_contact_stays_on_the_involvement():
    party = party_build()
    question = question_build(party=party)
    involvement = question.involvements.get()
    address = digital_address_add(
        party=party,
        involvement=involvement,
        kind=AddressKind.EMAIL,
        address="S.Moulin@Voorbeeld.NL",
        keep=False,
    )
    assert address.party_id is None
    assert address.involvement_id == involvement.pk
    assert address.normalized == "s.moulin@voorbeeld.nl"


def test_default_address_becomes_the_preferred_one():
    party = party_build()
    digital_address_add(party=party, kind=AddressKind.PHONE, address="0612345678", keep=True, is_default=True)
    second = digital_address_add(
        party=party, kind=AddressKind.PHONE, address="020 1234567", keep=True, is_default=True
    )
    party.refresh_from_db()
    assert party.preferred_address_id == second.pk
    assert DigitalAddress.objects.filter(party=party, is_default=True).count() == 1


def test_bad_address_is_refused_and_nothing_saved():
    party = party_build()
    with pytest.raises(ValidationError):
        digital_address_add(party=party, kind=AddressKind.PHONE, address="bel me maar", keep=True)
    with pytest.raises(ValidationError, match="bekende klant"):
        digital_address_add(kind=AddressKind.PHONE, address="0612345678", keep=True)
    assert DigitalAddress.objects.count() == 0


def test_bsn_identifies_at_most_one_party():
    party_for_caller(bsn="999993653")
    assert PartyIdentifier.objects.filter(identifier_type=IdentifierType.BSN, value="999993653").count() == 1
