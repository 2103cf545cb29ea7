"""Rows as the standard's JSON, by hand: a page of 100 must cost milliseconds, not a serializer tree.

Optional keys the standard constrains with a pattern or a format (``referentie``, ``hoofdOnderwerpType``) are
left out when empty, because an empty string would not match them; nullable ones are null.
"""

from __future__ import annotations

from voorkant.klantinteracties.api.framework import RenderContext, iso


def actor(obj, ctx: RenderContext) -> dict:
    body = {
        "uuid": str(obj.uuid),
        "url": ctx.url("actoren", obj.uuid),
        "naam": obj.name,
        "soortActor": obj.kind,
        "indicatieActief": obj.is_active,
        "actoridentificator": None,
    }
    # The standard's Actor is a oneOf whose branches overlap; the explicit nulls make the object match
    # exactly the branch of its kind (see docs/api.md, "Afwijkingen").
    if obj.kind == "organisatorische_eenheid":
        body["actorIdentificatie"] = {"omschrijving": obj.name[:200]}
    elif obj.kind == "geautomatiseerde_actor":
        body["actorIdentificatie"] = {"functie": obj.name[:40], "telefoonnummer": None}
    return body


def contactnaam(obj) -> dict:
    return {
        "voorletters": obj.initials,
        "voornaam": obj.first_name,
        "voorvoegselAchternaam": obj.surname_prefix,
        "achternaam": obj.surname,
    }


def full_name(obj) -> str:
    first = obj.first_name or obj.initials
    return " ".join(p for p in [first, obj.surname_prefix, obj.surname] if p)


def involvement(obj, ctx: RenderContext) -> dict:
    return {
        "uuid": str(obj.uuid),
        "url": ctx.url("betrokkenen", obj.uuid),
        "wasPartij": ctx.ref("partijen", obj.party),
        "hadKlantcontact": ctx.ref("klantcontacten", obj.question),
        "digitaleAdressen": [ctx.ref("digitaleadressen", a) for a in obj.digital_addresses.all()],
        "bezoekadres": None,
        "correspondentieadres": None,
        "contactnaam": contactnaam(obj),
        "volledigeNaam": full_name(obj) or obj.organisation_name,
        "rol": obj.role,
        "organisatienaam": obj.organisation_name,
        "initiator": obj.is_initiator,
    }


def identifier_group(obj) -> dict:
    return {
        "objectId": obj.object_id,
        "codeObjecttype": obj.object_type,
        "codeRegister": obj.register,
        "codeSoortObjectId": obj.id_kind,
    }


def subject_object(obj, ctx: RenderContext) -> dict:
    return {
        "uuid": str(obj.uuid),
        "url": ctx.url("onderwerpobjecten", obj.uuid),
        "klantcontact": ctx.ref("klantcontacten", obj.question),
        "wasKlantcontact": ctx.ref("klantcontacten", obj.was_question),
        "onderwerpobjectidentificator": identifier_group(obj),
    }


def attachment(obj, ctx: RenderContext) -> dict:
    return {
        "uuid": str(obj.uuid),
        "url": ctx.url("bijlagen", obj.uuid),
        "wasBijlageVanKlantcontact": ctx.ref("klantcontacten", obj.question),
        "bijlageidentificator": identifier_group(obj),
    }


def internal_task(obj, ctx: RenderContext) -> dict:
    actors = list(obj.assigned_to.all())
    return {
        "uuid": str(obj.uuid),
        "url": ctx.url("internetaken", obj.uuid),
        "nummer": obj.number,
        "referentienummer": obj.reference_number or None,
        "gevraagdeHandeling": obj.requested_action,
        "aanleidinggevendKlantcontact": ctx.ref("klantcontacten", obj.question),
        **({"toegewezenAanActor": ctx.ref("actoren", actors[0])} if actors else {}),
        "toegewezenAanActoren": [ctx.ref("actoren", a) for a in actors],
        "toelichting": obj.explanation,
        "status": obj.status,
        "toegewezenOp": iso(obj.assigned_at),
        "afgehandeldOp": iso(obj.resolved_at),
    }


def question(obj, ctx: RenderContext) -> dict:
    agent = obj.conversation.agent
    actors = ([agent] if agent is not None else []) + [
        link.actor for link in obj.actor_involvements.all() if agent is None or link.actor_id != agent.pk
    ]
    body = {
        "uuid": str(obj.uuid),
        "url": ctx.url("klantcontacten", obj.uuid),
        "gingOverOnderwerpobjecten": [ctx.ref("onderwerpobjecten", s) for s in obj.subject_objects.all()],
        "hadBetrokkenActoren": [actor(a, ctx) for a in actors],
        "omvatteBijlagen": [ctx.ref("bijlagen", a) for a in obj.attachments.all()],
        "hadBetrokkenen": [ctx.ref("betrokkenen", i) for i in obj.involvements.all()],
        "leiddeTotInterneTaken": [ctx.ref("internetaken", t) for t in obj.internal_tasks.all()],
        "nummer": obj.number,
        "referentienummer": obj.reference_number or None,
        "kanaal": obj.channel.name,
        "onderwerp": obj.subject,
        "inhoud": obj.note,
        "reactie": obj.response,
        "indicatieContactGelukt": obj.contact_succeeded,
        "verdereActieOndernomen": obj.further_action_taken,
        "taal": obj.language,
        "vertrouwelijk": obj.is_confidential,
        "plaatsgevondenOp": iso(obj.occurred_at),
        "metadata": obj.metadata or {},
    }
    if obj.main_subject_type:
        body["hoofdOnderwerpType"] = obj.main_subject_type
    return body


def digital_address(obj, ctx: RenderContext) -> dict:
    body = {
        "uuid": str(obj.uuid),
        "url": ctx.url("digitaleadressen", obj.uuid),
        "verstrektDoorBetrokkene": ctx.ref("betrokkenen", obj.involvement),
        "verstrektDoorPartij": ctx.ref("partijen", obj.party),
        "adres": obj.address,
        "soortDigitaalAdres": obj.kind,
        "isStandaardAdres": obj.is_default,
        "omschrijving": obj.description,
        "verificatieDatum": obj.verified_on.isoformat() if obj.verified_on else None,
    }
    if obj.reference:
        body["referentie"] = obj.reference
    return body


def party_identifier(obj, ctx: RenderContext) -> dict:
    return {
        "uuid": str(obj.uuid),
        "url": ctx.url("partij-identificatoren", obj.uuid),
        "identificeerdePartij": ctx.ref("partijen", obj.party),
        "anderePartijIdentificator": "",
        "partijIdentificator": {
            "codeObjecttype": obj.object_type,
            "codeSoortObjectId": obj.identifier_type,
            "objectId": obj.value,
            "codeRegister": obj.register,
        },
        "subIdentificatorVan": ctx.ref("partij-identificatoren", obj.sub_identifier_of),
    }


def party(obj, ctx: RenderContext) -> dict:
    body = {
        "uuid": str(obj.uuid),
        "url": ctx.url("partijen", obj.uuid),
        "nummer": obj.number,
        "interneNotitie": obj.internal_note,
        "betrokkenen": [ctx.ref("betrokkenen", i) for i in obj.involvements.all()],
        "categorieRelaties": [ctx.ref("categorie-relaties", r) for r in obj.category_relations.all()],
        "digitaleAdressen": [ctx.ref("digitaleadressen", a) for a in obj.digital_addresses.all()],
        "voorkeursDigitaalAdres": ctx.ref("digitaleadressen", obj.preferred_address),
        "vertegenwoordigden": [ctx.ref("partijen", r.represented) for r in obj.representations.all()],
        "rekeningnummers": [ctx.ref("rekeningnummers", b) for b in obj.bank_accounts.all()],
        "voorkeursRekeningnummer": None,
        "partijIdentificatoren": [party_identifier(i, ctx) for i in obj.identifiers.all()],
        "soortPartij": obj.kind,
        "indicatieGeheimhouding": obj.is_confidential_address,
        "voorkeurstaal": obj.preferred_language,
        "indicatieActief": obj.is_active,
        "bezoekadres": None,
        "correspondentieadres": None,
    }
    if obj.kind == "organisatie":
        body["partijIdentificatie"] = {"naam": obj.organisation_name}
    elif obj.kind == "contactpersoon":
        # The spec's Contactpersoon branch is a subset of its Persoon branch, so no contactpersoon can match
        # exactly one branch of the oneOf as Contactpersoon; with uuid and naam null it matches Persoon only
        # (see docs/api.md, "Afwijkingen"). werkteVoorPartij still says who the person worked for.
        body["partijIdentificatie"] = {
            "werkteVoorPartij": ctx.ref("partijen", obj.works_for),
            "contactnaam": contactnaam(obj),
            "volledigeNaam": full_name(obj),
            "naam": None,
            "uuid": None,
        }
    else:
        # naam and uuid null: not an organisation, not a contact person (the standard's oneOf overlaps).
        body["partijIdentificatie"] = {
            "contactnaam": contactnaam(obj),
            "volledigeNaam": full_name(obj),
            "naam": None,
            "uuid": None,
        }
    return body


def category_relation(obj, ctx: RenderContext) -> dict:
    category = obj.category
    return {
        "uuid": str(obj.uuid),
        "url": ctx.url("categorie-relaties", obj.uuid),
        "partij": ctx.ref("partijen", obj.party),
        "categorie": (
            {"uuid": str(category.uuid), "url": ctx.url("categorieen", category.uuid), "naam": category.name}
            if category
            else None
        ),
        "beginDatum": obj.start_date.isoformat() if obj.start_date else None,
        "eindDatum": obj.end_date.isoformat() if obj.end_date else None,
    }
