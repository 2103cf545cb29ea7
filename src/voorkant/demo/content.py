"""Fictitious but realistic demo content: the organisation's shape, products, subjects, notes and mixes.

Everything here is invented for the demo. Names of employees are common Dutch first names and surnames
combined at random; notes never contain personal data.
"""

from __future__ import annotations

from dataclasses import dataclass

from voorkant.organisation.roles import Role

DEMO_PASSWORD = "voorkant-demo"  # noqa: S105 - the documented demo password, refused outside DEBUG/DEMO_MODE
EMAIL_DOMAIN = "voorbeeld.invalid"
KCC_DOMAIN = "dienstverlening"
KCC_TEAM = "KCC"

# code, name, teams (the first team of the KCC domain is the KCC the demo accounts work in)
DOMAINS: list[tuple[str, str, list[str]]] = [
    (KCC_DOMAIN, "Dienstverlening", [KCC_TEAM, "Publieksbalie"]),
    ("burgerzaken", "Burgerzaken", ["Reisdocumenten en rijbewijzen", "Burgerlijke stand en BRP"]),
    ("sociaal-domein", "Sociaal Domein", ["Werk en Inkomen", "Schuldhulpverlening", "Wmo en Jeugd"]),
    ("openbare-ruimte", "Openbare Ruimte", ["Afval en Reiniging", "Beheer Openbare Ruimte"]),
    ("belastingen", "Belastingen", ["Heffen en Invorderen", "WOZ"]),
    ("vergunningen", "Vergunningen", ["Omgevingsvergunningen", "Parkeren en APV"]),
]
FRONT_OFFICE_TEAMS = {KCC_TEAM, "Publieksbalie"}
BACKOFFICE_TEAM = "Werk en Inkomen"  # the team of the demo's back-office account

# Demo product → the back-office team its follow-ups go to by default (the others go to their domain).
FOLLOWUP_TEAMS = {
    "Paspoort": "Reisdocumenten en rijbewijzen",
    "Identiteitskaart": "Reisdocumenten en rijbewijzen",
    "Rijbewijs": "Reisdocumenten en rijbewijzen",
    "Verhuizing doorgeven": "Burgerlijke stand en BRP",
    "Bijstand": BACKOFFICE_TEAM,
    "Schuldhulpverlening": "Schuldhulpverlening",
    "Wmo-voorziening": "Wmo en Jeugd",
    "Afvalinzameling": "Afval en Reiniging",
    "Parkeervergunning": "Parkeren en APV",
    "Omgevingsvergunning": "Omgevingsvergunningen",
    "Gemeentelijke belastingen / WOZ": "WOZ",
    "Melding openbare ruimte": "Beheer Openbare Ruimte",
}


@dataclass(frozen=True)
class DemoAccount:
    username: str
    roles: tuple[Role, ...]
    first_name: str
    last_name: str
    job_title: str
    team: str | None = None  # team name it belongs to
    leads: bool = False
    is_staff: bool = False


DEMO_ACCOUNTS: list[DemoAccount] = [
    DemoAccount("kcc", (Role.AGENT,), "Kim", "Visser", "KCC-medewerker", team=KCC_TEAM),
    DemoAccount(
        "teamleider",
        (Role.AGENT, Role.COORDINATOR),
        "Tamara",
        "Bakker",
        "Teamleider KCC",
        team=KCC_TEAM,
        leads=True,
    ),
    DemoAccount(
        "backoffice", (Role.BACKOFFICE,), "Bas", "Jansen", "Consulent Werk en Inkomen", team=BACKOFFICE_TEAM
    ),
    DemoAccount("manager", (Role.MANAGER,), "Monique", "Smit", "Manager Dienstverlening"),
    DemoAccount("beheerder", (Role.ADMINISTRATOR,), "Ben", "Mulder", "Functioneel beheerder", is_staff=True),
    DemoAccount("redacteur", (Role.EDITOR,), "Roos", "de Boer", "Redacteur kennisbank"),
    DemoAccount("privacy", (Role.PRIVACY_OFFICER,), "Priya", "Bos", "Privacy officer"),
]
EXTRA_KCC_AGENTS = 22
MEMBERS_PER_BACKOFFICE_TEAM = (2, 5)

FIRST_NAMES = (
    "Anna",
    "Bram",
    "Chantal",
    "Daan",
    "Eva",
    "Fleur",
    "Gijs",
    "Hanneke",
    "Iris",
    "Jeroen",
    "Kevin",
    "Lotte",
    "Marieke",
    "Niels",
    "Olga",
    "Pieter",
    "Rik",
    "Sanne",
    "Thijs",
    "Ursula",
    "Vera",
    "Wouter",
    "Yara",
    "Zeynep",
    "Ahmed",
    "Fatima",
    "Mohamed",
    "Noor",
    "Sem",
    "Julia",
    "Luuk",
    "Esra",
    "Joost",
    "Ingrid",
    "Henk",
    "Mirjam",
    "Sven",
    "Latifa",
    "Dewi",
    "Ruben",
)
SURNAMES = (
    "Jong",
    "de Vries",
    "van Dijk",
    "Meijer",
    "de Graaf",
    "Hendriks",
    "Peters",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "Vermeulen",
    "van den Berg",
    "Kok",
    "Jacobs",
    "Schouten",
    "Willems",
    "Hoekstra",
    "Koster",
    "Prins",
    "Huisman",
    "Postma",
    "Kuipers",
    "van Wijk",
    "Yilmaz",
    "El Amrani",
    "Kramer",
    "Blom",
    "Wolters",
    "Sanders",
    "Verhoeven",
)


@dataclass(frozen=True)
class DemoProduct:
    name: str
    domain: str
    weight: float
    subjects: tuple[str, ...]
    notes: tuple[str, ...]


PRODUCTS: list[DemoProduct] = [
    DemoProduct(
        "Paspoort",
        "burgerzaken",
        11,
        (
            "Paspoort aanvragen: afspraak maken",
            "Paspoort verlopen, wat nu?",
            "Kosten paspoort",
            "Paspoort kwijt of gestolen",
            "Spoedaanvraag paspoort voor vakantie",
            "Paspoort ophalen: welke documenten meenemen?",
        ),
        (
            "Afspraak gemaakt via de website samen met de inwoner.",
            "Uitgelegd welke pasfoto-eisen gelden.",
            "Verwezen naar spoedprocedure, kosten genoemd.",
        ),
    ),
    DemoProduct(
        "Identiteitskaart",
        "burgerzaken",
        7,
        (
            "Identiteitskaart aanvragen voor kind",
            "Levertijd identiteitskaart",
            "Identiteitskaart kwijt: melding doen",
            "Geldigheid identiteitskaart in het buitenland",
        ),
        ("Toestemmingsformulier ouders toegelicht.", "Levertijd van vijf werkdagen genoemd."),
    ),
    DemoProduct(
        "Rijbewijs",
        "burgerzaken",
        6,
        (
            "Rijbewijs verlengen",
            "Rijbewijs omwisselen buitenlands rijbewijs",
            "Gezondheidsverklaring rijbewijs",
            "Rijbewijs ophalen",
        ),
        ("Uitgelegd dat de gezondheidsverklaring eerst bij het CBR moet.",),
    ),
    DemoProduct(
        "Verhuizing doorgeven",
        "burgerzaken",
        8,
        (
            "Verhuizing doorgeven binnen de gemeente",
            "Verhuizing doorgeven naar de gemeente",
            "Hoe lang van tevoren verhuizing melden?",
            "Status van verhuismelding",
            "Verhuizing naar het buitenland (emigratie)",
        ),
        ("Verwezen naar het online formulier met DigiD.", "Melding is verwerkt, bevestiging volgt."),
    ),
    DemoProduct(
        "Bijstand",
        "sociaal-domein",
        6,
        (
            "Bijstandsuitkering aanvragen",
            "Wanneer wordt de uitkering betaald?",
            "Wijziging doorgeven bij bijstand",
            "Inlichtingenformulier niet ontvangen",
        ),
        ("Terugbelverzoek voor de consulent aangemaakt.", "Betaaldatum genoemd."),
    ),
    DemoProduct(
        "Schuldhulpverlening",
        "sociaal-domein",
        4,
        (
            "Hulp bij geldzorgen",
            "Aanmelden schuldhulpverlening",
            "Vraag over budgetbeheer",
            "Afspraak met schuldhulpmaatje",
        ),
        ("Inwoner wil teruggebeld worden door het team.", "Uitgelegd hoe de aanmelding werkt."),
    ),
    DemoProduct(
        "Wmo-voorziening",
        "sociaal-domein",
        7,
        (
            "Huishoudelijke hulp aanvragen",
            "Scootmobiel of rolstoel via de Wmo",
            "Woningaanpassing aanvragen",
            "Eigen bijdrage Wmo",
            "Stand van zaken keukentafelgesprek",
        ),
        ("Melding Wmo doorgezet naar het sociaal team.", "Uitleg gegeven over de eigen bijdrage."),
    ),
    DemoProduct(
        "Afvalinzameling",
        "openbare-ruimte",
        12,
        (
            "Container niet geleegd",
            "Grofvuil ophalen: afspraak maken",
            "Nieuwe of extra container aanvragen",
            "Afvalkalender opvragen",
            "Container kapot",
            "Openingstijden milieustraat",
        ),
        ("Melding doorgezet naar de inzameldienst.", "Grofvuilafspraak ingepland."),
    ),
    DemoProduct(
        "Parkeervergunning",
        "vergunningen",
        6,
        (
            "Parkeervergunning aanvragen",
            "Bezoekersregeling parkeren",
            "Kenteken wijzigen op parkeervergunning",
            "Wachtlijst parkeervergunning",
        ),
        ("Kentekenwijziging direct doorgevoerd.", "Uitgelegd hoe de bezoekersapp werkt."),
    ),
    DemoProduct(
        "Omgevingsvergunning",
        "vergunningen",
        5,
        (
            "Vergunning nodig voor dakkapel?",
            "Status aanvraag omgevingsvergunning",
            "Bezwaar tegen verleende vergunning",
            "Vergunningcheck Omgevingsloket",
        ),
        ("Verwezen naar de vergunningcheck.", "Vraag doorgezet naar een vergunningverlener."),
    ),
    DemoProduct(
        "Gemeentelijke belastingen / WOZ",
        "belastingen",
        9,
        (
            "Aanslag gemeentelijke belastingen niet ontvangen",
            "Betalingsregeling belastingen",
            "Bezwaar tegen WOZ-waarde",
            "Kwijtschelding aanvragen",
            "Automatische incasso wijzigen",
        ),
        ("Uitgelegd hoe bezwaar online werkt.", "Betalingsregeling vastgelegd."),
    ),
    DemoProduct(
        "Melding openbare ruimte",
        "openbare-ruimte",
        9,
        (
            "Lantaarnpaal kapot",
            "Losliggende stoeptegel",
            "Zwerfafval in het park",
            "Overhangende takken",
            "Wateroverlast op straat",
        ),
        ("Melding aangemaakt, inwoner krijgt bericht.", "Locatie samen op de kaart bepaald."),
    ),
    DemoProduct(
        "Klacht",
        KCC_DOMAIN,
        3,
        (
            "Klacht over bejegening",
            "Klacht over lange wachttijd",
            "Klacht over afhandeling melding",
        ),
        ("Klacht geregistreerd, klachtencoördinator neemt contact op.",),
    ),
]
NO_PRODUCT_WEIGHT = 5
NO_PRODUCT_SUBJECTS = (
    "Openingstijden gemeentehuis",
    "Algemene vraag doorverbinden",
    "Vraag over verkiezingen",
    "Vraag over een brief van de gemeente",
)
GENERIC_NOTES = (
    "Vraag beantwoord met informatie van de website.",
    "Inwoner neemt zelf opnieuw contact op.",
    "Uitleg gegeven, inwoner tevreden.",
)

# Phone-heavy channel mix of a municipal KCC (code, weight).
CHANNEL_MIX = [
    ("telefoon", 64),
    ("balie", 11),
    ("e-mail", 9),
    ("webformulier", 6),
    ("chat", 4),
    ("whatsapp", 3),
    ("post", 1.5),
    ("sociale-media", 1),
    ("huisbezoek", 0.5),
]
# About 75 % resolved at first contact (the first three outcomes).
OUTCOME_MIX = [
    ("zelfstandig-afgehandeld", 62),
    ("afspraak-gemaakt", 7),
    ("informatie-toegestuurd", 6),
    ("doorverbonden", 10),
    ("vervolgactie", 8),
    ("verwezen", 4),
    ("verbinding-verbroken", 2),
    ("geen-vraag", 1),
]
QUESTIONS_PER_CONVERSATION = [(1, 72), (2, 21), (3, 7)]
ANONYMOUS_SHARE = 0.40
TRANSFER_CONNECTED_SHARE = 0.85
TRANSFER_RIGHT_PERSON_SHARE = 0.80
NOTE_SHARE = 0.5
