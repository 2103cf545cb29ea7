from tests.klantinteracties.conftest import BASE, KLANTCONTACT


def test_klantcontact_create_list_retrieve(writer):
    r = writer.post(BASE + "klantcontacten", KLANTCONTACT, format="json")
    assert r.status_code == 201, r.content
    uuid = r.json()["uuid"]
    r = writer.get(BASE + "klantcontacten")
    assert r.status_code == 200, r.content
    print(r.json())
    assert r.json()["count"] == 1
    r = writer.get(BASE + f"klantcontacten/{uuid}?expand=hadBetrokkenen,leiddeTotInterneTaken")
    assert r.status_code == 200, r.content
    assert r["API-version"] == "0.9.0"
    for segment in [
        "actoren",
        "actorklantcontacten",
        "betrokkenen",
        "bijlagen",
        "categorie-relaties",
        "categorieen",
        "digitaleadressen",
        "internetaken",
        "onderwerpobjecten",
        "partij-identificatoren",
        "partijen",
        "rekeningnummers",
        "vertegenwoordigingen",
    ]:
        r = writer.get(BASE + segment)
        assert r.status_code == 200, (segment, r.content)
