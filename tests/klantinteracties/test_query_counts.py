"""Every list endpoint makes the same number of queries for 1 and for 25 rows, with and without expand."""

from __future__ import annotations

import pytest

from tests.klantinteracties.conftest import BASE, KLANTCONTACT


def valid_bsn(seed: int) -> str:
    """A nine-digit number that passes the elfproef, different per seed."""
    digits = [int(c) for c in f"{100000 + seed:08d}"]
    total = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True))
    for last in range(10):
        if (total - last) % 11 == 0:
            return "".join(map(str, digits)) + str(last)
    return valid_bsn(seed + 50_000)


def ref(obj):
    return {"uuid": str(obj.uuid)}


def body_for(segment: str, index: int, make_question, make_party, actor) -> dict:
    if segment == "klantcontacten":
        return KLANTCONTACT
    if segment == "partijen":
        return {"soortPartij": "persoon", "indicatieActief": True}
    if segment == "betrokkenen":
        return {
            "hadKlantcontact": ref(make_question()),
            "wasPartij": ref(make_party()),
            "rol": "klant",
            "initiator": True,
        }
    if segment == "partij-identificatoren":
        return {
            "identificeerdePartij": ref(make_party()),
            "partijIdentificator": {
                "codeObjecttype": "natuurlijk_persoon",
                "codeSoortObjectId": "bsn",
                "objectId": valid_bsn(index),
                "codeRegister": "brp",
            },
        }
    if segment == "digitaleadressen":
        return {
            "verstrektDoorPartij": ref(make_party()),
            "adres": f"p{index}@voorbeeld.nl",
            "soortDigitaalAdres": "email",
        }
    if segment == "vertegenwoordigingen":
        return {"vertegenwoordigendePartij": ref(make_party()), "vertegenwoordigdePartij": ref(make_party())}
    if segment == "rekeningnummers":
        return {"partij": ref(make_party()), "iban": "NL91ABNA0417164300"}
    if segment == "categorieen":
        return {"naam": f"Categorie {index}"}
    if segment == "categorie-relaties":
        return {"partij": ref(make_party())}
    if segment == "onderwerpobjecten":
        return {"klantcontact": ref(make_question()), "wasKlantcontact": ref(make_question())}
    if segment == "bijlagen":
        return {"wasBijlageVanKlantcontact": ref(make_question())}
    if segment == "actorklantcontacten":
        return {"actor": ref(actor), "klantcontact": ref(make_question())}
    if segment == "internetaken":
        return {
            "aanleidinggevendKlantcontact": ref(make_question()),
            "gevraagdeHandeling": "Bellen",
            "toegewezenAanActoren": [ref(actor)],
            "status": "te_verwerken",
        }
    raise AssertionError(segment)


LISTS = [
    ("klantcontacten", ""),
    ("partijen", ""),
    ("partijen", "?expand=betrokkenen,betrokkenen.hadKlantcontact,categorieRelaties,digitaleAdressen"),
    ("betrokkenen", ""),
    ("betrokkenen", "?expand=digitaleAdressen"),
    ("partij-identificatoren", ""),
    ("digitaleadressen", ""),
    ("digitaleadressen", "?expand=verstrektDoorBetrokkene.hadKlantcontact.leiddeTotInterneTaken"),
    ("vertegenwoordigingen", ""),
    ("rekeningnummers", ""),
    ("categorieen", ""),
    ("categorie-relaties", ""),
    ("onderwerpobjecten", ""),
    ("bijlagen", ""),
    ("actorklantcontacten", ""),
    ("internetaken", ""),
]


@pytest.mark.parametrize(("segment", "query"), LISTS)
def test_list_queries_do_not_grow_with_rows(writer, make_question, make_party, query_counter, segment, query):
    from voorkant.organisation.services import system_actor

    actor = system_actor(code="wmo", name="Wmo")

    def add(start: int, n: int) -> None:
        for index in range(start, start + n):
            response = writer.post(
                BASE + segment, body_for(segment, index, make_question, make_party, actor), format="json"
            )
            assert response.status_code == 201, response.content

    add(0, 1)
    writer.get(BASE + segment + query)
    one = query_counter(lambda: writer.get(BASE + segment + query))
    add(1, 24)
    listed = writer.get(BASE + segment + query).json()
    assert listed["count"] >= 25
    twenty_five = query_counter(lambda: writer.get(BASE + segment + query))
    assert one == twenty_five
