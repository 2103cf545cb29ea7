"""The demo municipality's protocols, made with its KCC staff: minimal for identity documents, standard for a
move, full with a follow-up for the social domain and complaints. Used by the demo data command and tests."""

from __future__ import annotations

from voorkant.catalogue.models import FieldKind, ProtocolLevel
from voorkant.catalogue.services.protocols import FieldSpec

FOLLOW_UP_CONTACT = FieldSpec(
    key="bereikbaar",
    label="Wanneer is de klant het best bereikbaar?",
    kind=FieldKind.CHOICE,
    choices=("ochtend", "middag", "maakt niet uit"),
    why_asked="De backoffice belt terug op een moment dat de klant kan opnemen.",
)

# code, name, level, requires follow-up, fields, UPL product names the protocol applies to
DEMO_PROTOCOLS = [
    ("paspoort", "Paspoort", ProtocolLevel.MINIMAL, False, [], ["paspoort", "paspoort tweede"]),
    ("identiteitskaart", "Identiteitskaart", ProtocolLevel.MINIMAL, False, [], ["identiteitskaart"]),
    (
        "rijbewijs",
        "Rijbewijs",
        ProtocolLevel.MINIMAL,
        False,
        [],
        ["rijbewijs", "rijbewijs aanvragen", "rijbewijs verlengen"],
    ),
    (
        "verhuizing",
        "Verhuizing",
        ProtocolLevel.STANDARD,
        False,
        [
            FieldSpec(
                key="verhuisdatum",
                label="Verhuisdatum",
                kind=FieldKind.DATE,
                why_asked="Burgerzaken controleert of de aangifte binnen de wettelijke termijn valt.",
            )
        ],
        ["verhuismelding"],
    ),
    (
        "wmo",
        "Wmo-maatwerkvoorziening",
        ProtocolLevel.FULL,
        True,
        [
            FieldSpec(
                key="hulpvraag",
                label="Waar heeft de klant hulp bij nodig?",
                kind=FieldKind.LONG_TEXT,
                is_required=True,
                why_asked="De Wmo-consulent bereidt het keukentafelgesprek voor.",
            ),
            FieldSpec(
                key="sinds",
                label="Sinds wanneer speelt dit?",
                kind=FieldKind.DATE,
                why_asked="Bepaalt of een spoedprocedure nodig is.",
            ),
            FieldSpec(
                key="mantelzorger",
                label="Is er een mantelzorger?",
                kind=FieldKind.YES_NO,
                why_asked="De consulent nodigt de mantelzorger uit voor het gesprek.",
            ),
            FOLLOW_UP_CONTACT,
        ],
        ["wmo-voorziening"],
    ),
    (
        "bijstand",
        "Bijstandsuitkering",
        ProtocolLevel.FULL,
        True,
        [
            FieldSpec(
                key="situatie",
                label="Wat is de situatie van de klant?",
                kind=FieldKind.CHOICE,
                choices=("alleenstaand", "alleenstaande ouder", "gehuwd of samenwonend"),
                is_required=True,
                why_asked="De normhoogte van de uitkering hangt ervan af.",
            ),
            FOLLOW_UP_CONTACT,
        ],
        ["bijstand"],
    ),
    (
        "schuldhulp",
        "Schuldhulpverlening",
        ProtocolLevel.FULL,
        True,
        [
            FieldSpec(
                key="dreigende-ontruiming",
                label="Dreigt ontruiming of afsluiting van energie of water?",
                kind=FieldKind.YES_NO,
                is_required=True,
                why_asked="Dan moet de schuldhulpverlener binnen 3 werkdagen een eerste gesprek voeren.",
            ),
            FOLLOW_UP_CONTACT,
        ],
        ["schuldhulpverlening"],
    ),
    (
        "klacht",
        "Klacht",
        ProtocolLevel.FULL,
        True,
        [
            FieldSpec(
                key="klacht-over",
                label="Waarover gaat de klacht?",
                kind=FieldKind.LONG_TEXT,
                is_required=True,
                why_asked="De klachtbehandelaar moet weten welke gedraging de klant bedoelt.",
            ),
            FieldSpec(
                key="datum-voorval",
                label="Wanneer gebeurde het?",
                kind=FieldKind.DATE,
                why_asked="Een klacht over iets van ruim een jaar geleden hoeft niet in behandeling.",
            ),
            FOLLOW_UP_CONTACT,
        ],
        ["klacht"],
    ),
]


def install_demo_protocols() -> None:
    """Create the demo protocols (once) and attach them to the matching products by name."""
    from voorkant.catalogue.models import Product, Protocol
    from voorkant.catalogue.services.protocols import protocol_create

    for code, name, level, follow_up, fields, product_names in DEMO_PROTOCOLS:
        if Protocol.objects.filter(code=code).exists():
            continue
        version = protocol_create(
            code=code, name=name, level=level, fields=list(fields), requires_follow_up=follow_up
        )
        Product.objects.filter(name__in=product_names).update(protocol=version.protocol)
