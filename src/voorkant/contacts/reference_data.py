"""Sensible Dutch defaults for channels and outcomes; the functional administrator edits them afterwards."""

from voorkant.contacts.models import OutcomeCategory

DEFAULT_CHANNELS = [
    ("telefoon", "Telefoon"),
    ("balie", "Balie"),
    ("e-mail", "E-mail"),
    ("webformulier", "Webformulier"),
    ("chat", "Chat"),
    ("post", "Post"),
    ("whatsapp", "WhatsApp"),
    ("sociale-media", "Sociale media"),
    ("huisbezoek", "Huisbezoek"),
]

DEFAULT_OUTCOMES = [
    ("zelfstandig-afgehandeld", "Zelfstandig afgehandeld", OutcomeCategory.RESOLVED),
    ("doorverbonden", "Doorverbonden", OutcomeCategory.TRANSFERRED),
    ("vervolgactie", "Vervolgactie (terugbelverzoek of taak)", OutcomeCategory.FOLLOW_UP),
    ("verwezen", "Verwezen naar andere instantie", OutcomeCategory.REFERRED),
    ("verbinding-verbroken", "Verbinding verbroken", OutcomeCategory.DISCONNECTED),
    ("afspraak-gemaakt", "Afspraak gemaakt", OutcomeCategory.RESOLVED),
    ("informatie-toegestuurd", "Informatie toegestuurd", OutcomeCategory.RESOLVED),
    ("geen-vraag", "Geen vraag (verkeerd verbonden)", OutcomeCategory.OTHER),
]
