"""Kennisbank screens and API: permissions (hand-written matrix), the KCC note, the workspace contract."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from voorkant.knowledge.models import FeedbackStatus, KnowledgeFeedback, KnowledgeItem, NewsReadReceipt

pytestmark = pytest.mark.django_db

SECRET = "Interne-KCC-werkwijze"


@pytest.fixture
def item(make_item):
    return make_item(
        "Paspoort aanvragen",
        kind="artikel",
        body="<p>U vraagt een paspoort aan bij de balie.</p>",
        sections={"kosten": "<p>€ 80</p>"},
        kcc_note=f"<p>{SECRET}</p>",
        source_id="P1",
        source_url="https://www.voorbeeld.nl/paspoort",
    )


# URL name × persona → expected status. Written by hand from the issue, not derived from the views.
MATRIX = {
    "search": {
        "kcc": 200,
        "teamleider": 200,
        "redacteur": 200,
        "backoffice": 403,
        "manager": 403,
        "zonderrol": 403,
    },
    "detail": {"kcc": 200, "redacteur": 200, "backoffice": 403, "privacy": 403, "zonderrol": 403},
    "api": {"kcc": 200, "redacteur": 200, "backoffice": 403, "zonderrol": 403},
    "editor_list": {"redacteur": 200, "kcc": 403, "teamleider": 403, "beheerder": 403},
    "edit": {"redacteur": 200, "kcc": 403, "manager": 403},
    "create": {"redacteur": 200, "kcc": 403},
    "feedback_list": {"redacteur": 200, "kcc": 403},
    # One list for kennisbank and product search: the product catalogue's administrator keeps it too.
    "synonyms": {"redacteur": 200, "kcc": 403, "beheerder": 200, "teamleider": 403, "manager": 403},
    "news_important": {"kcc": 200, "redacteur": 200, "backoffice": 403, "manager": 403, "zonderrol": 403},
}


def _url(name, item):
    if name == "search":
        return reverse("knowledge:search") + "?q=paspoort"
    if name == "api":
        return reverse("knowledge-api-search") + "?q=paspoort"
    if name in ("detail", "edit"):
        return reverse(f"knowledge:{name}", args=[item.uuid])
    return reverse(f"knowledge:{name}")


@pytest.mark.parametrize(
    ("name", "persona", "expected"),
    [(name, persona, status) for name, row in MATRIX.items() for persona, status in row.items()],
)
def test_permission_matrix(client_as, item, name, persona, expected):
    response = client_as(persona).get(_url(name, item))
    assert response.status_code == expected


def test_anonymous_is_sent_to_login(client, item):
    response = client.get(reverse("knowledge:search") + "?q=paspoort")
    assert response.status_code == 302 and "/inloggen/" in response["Location"]


def test_kcc_note_shows_on_the_staff_detail_page_only(client_as, item):
    client = client_as("kcc")
    assert SECRET in client.get(reverse("knowledge:detail", args=[item.uuid])).content.decode()
    assert SECRET not in client.get(reverse("knowledge:search") + "?q=paspoort").content.decode()
    api = client.get(reverse("knowledge-api-search") + "?q=paspoort+werkwijze")
    assert SECRET not in api.content.decode()


def test_api_returns_ranked_items_with_source(client_as, item, make_item):
    make_item("Rijbewijs", body="<p>Over het paspoort niets.</p>")
    data = client_as("kcc").get(reverse("knowledge-api-search") + "?q=paspoort&limit=1").json()
    assert data["count"] == 1
    assert data["results"][0] == {
        "id": str(item.uuid),
        "soort": "artikel",
        "titel": "Paspoort aanvragen",
        "bron_id": "P1",
        "url": "https://www.voorbeeld.nl/paspoort",
        "score": data["results"][0]["score"],
    }


def test_api_rejects_a_missing_query(client_as):
    assert client_as("kcc").get(reverse("knowledge-api-search")).status_code == 400


def test_htmx_request_gets_the_results_partial(client_as, item):
    response = client_as("kcc").get(reverse("knowledge:search") + "?q=pasport", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html
    assert "<mark>paspoort</mark>" in html


def test_link_parameter_renders_the_use_as_answer_button(client_as, item):
    url = (
        reverse("knowledge:search")
        + "?q=paspoort&link=/werkplek/gesprek/1/vraag/&target=closest .vk-question"
    )
    html = client_as("kcc").get(url, HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-post="/werkplek/gesprek/1/vraag/"' in html
    assert f'hx-vals=\'{{"knowledge_item": "{item.uuid}"}}\'' in html
    assert 'hx-target="closest .vk-question"' in html
    assert 'hx-swap="outerHTML"' in html
    assert "Gebruik als antwoord" in html


@pytest.mark.parametrize(
    "link", ["https://evil.example/werkplek/", "//evil.example/werkplek/", "/admin/", "/werkplek//x"]
)
def test_link_parameter_outside_the_workspace_is_ignored(client_as, item, link):
    html = client_as("kcc").get(reverse("knowledge:search"), {"q": "paspoort", "link": link}).content.decode()
    assert "Gebruik als antwoord" not in html


def test_default_target_is_the_question_list(client_as, item):
    html = (
        client_as("kcc")
        .get(reverse("knowledge:search"), {"q": "paspoort", "link": "/werkplek/x/", "target": "<script>"})
        .content.decode()
    )
    assert 'hx-target="#vk-questions"' in html


def test_search_results_take_the_same_queries_for_1_and_25_items(client_as, make_item, query_counter):
    client = client_as("kcc")
    make_item("Afval 0", body="<p>afval</p>")
    url = reverse("knowledge:search") + "?q=afval"
    client.get(url)  # warm the index
    one = query_counter(lambda: client.get(url))
    for n in range(1, 25):
        make_item(f"Afval {n}", body="<p>afval</p>")
    client.get(url)
    assert query_counter(lambda: client.get(url)) == one


def test_editor_creates_an_item_with_sanitised_html_and_a_version(client_as, organisation):
    client = client_as("redacteur")
    response = client.post(
        reverse("knowledge:create"),
        {
            "kind": "artikel",
            "title": "Hondenbelasting",
            "body": "<p>Per hond</p><script>alert(1)</script>",
            "owner_domain": organisation["kcc_domain"].pk,
            "review_date": "2030-01-01",
            "is_published": "on",
            "importance": "normaal",
            "section_kosten": "<p>€ 120 per jaar</p>",
            "change_note": "Eerste versie",
        },
    )
    assert response.status_code == 302
    item = KnowledgeItem.objects.get(title="Hondenbelasting")
    assert "script" not in item.body
    assert item.sections == {"kosten": "<p>€ 120 per jaar</p>"}
    assert item.versions.get().change_note == "Eerste versie"
    found = client.get(reverse("knowledge:search"), {"q": "hondenbelasting"}).content.decode()
    assert "Hondenbelasting" in found


def test_editor_form_keeps_input_and_says_what_is_missing(client_as):
    response = client_as("redacteur").post(
        reverse("knowledge:create"), {"kind": "link", "title": "Afspraak", "importance": "normaal"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Vul het adres van de link in." in html
    assert 'value="Afspraak"' in html
    assert not KnowledgeItem.objects.exists()


def test_stale_item_is_flagged_on_detail_and_in_the_editor_list(client_as, make_item):
    stale = make_item("Oud", review_date=timezone.localdate() - datetime.timedelta(days=1))
    fresh = make_item("Vers", review_date=timezone.localdate() + datetime.timedelta(days=30))
    assert stale.is_stale and not fresh.is_stale
    client = client_as("redacteur")
    assert "Verouderd" in client.get(reverse("knowledge:detail", args=[stale.uuid])).content.decode()
    listing = client.get(reverse("knowledge:editor_list"), {"verouderd": "1"}).content.decode()
    assert "Oud" in listing and "Vers" not in listing


def test_marking_reviewed_clears_the_stale_flag(client_as, make_item):
    stale = make_item("Oud", review_date=timezone.localdate() - datetime.timedelta(days=1))
    client_as("redacteur").post(reverse("knowledge:reviewed", args=[stale.uuid]))
    stale.refresh_from_db()
    assert not stale.is_stale


def test_agent_feedback_reaches_the_editors_list_and_is_resolved(client_as, item):
    client_as("kcc").post(
        reverse("knowledge:feedback", args=[item.uuid]), {"quote": "€ 80", "comment": "Het is nu € 85."}
    )
    feedback = KnowledgeFeedback.objects.get()
    editor = client_as("redacteur")
    assert "Het is nu € 85." in editor.get(reverse("knowledge:feedback_list")).content.decode()
    editor.post(reverse("knowledge:feedback_list"), {"feedback": feedback.uuid, "status": "afgehandeld"})
    feedback.refresh_from_db()
    assert feedback.status == FeedbackStatus.DONE


def test_feedback_without_comment_shows_a_message_and_saves_nothing(client_as, item):
    response = client_as("kcc").post(reverse("knowledge:feedback", args=[item.uuid]), {"quote": "x"})
    assert response.status_code == 400
    assert "Beschrijf wat er niet klopt." in response.content.decode()
    assert not KnowledgeFeedback.objects.exists()


def test_opening_news_records_one_read_receipt(client_as, make_item):
    news = make_item("Balie dicht", kind="nieuws", importance="belangrijk")
    client = client_as("kcc")
    user = client_as("kcc")  # same client, same persona
    assert "(ongelezen)" in client.get(reverse("knowledge:news")).content.decode()
    client.get(reverse("knowledge:detail", args=[news.uuid]))
    client.get(reverse("knowledge:detail", args=[news.uuid]))
    assert NewsReadReceipt.objects.filter(item=news).count() == 1
    assert "(ongelezen)" not in user.get(reverse("knowledge:news")).content.decode()


def test_synonym_editor_saves_a_group_that_search_uses_at_once(client_as, make_item):
    make_item("Identiteitskaart aanvragen")
    client = client_as("redacteur")
    client.post(reverse("knowledge:synonyms"), {"terms": "idkaart\nidentiteitskaart", "note": "spreektaal"})
    html = client.get(reverse("knowledge:search"), {"q": "idkaart"}).content.decode()
    assert "Identiteitskaart aanvragen" in html


def test_synonym_editor_wants_two_words(client_as):
    response = client_as("redacteur").post(reverse("knowledge:synonyms"), {"terms": "alleen"})
    assert "Geef minstens twee woorden." in response.content.decode()


def test_api_accepts_a_knowledge_token_and_refuses_other_scopes(client, item):
    from voorkant.apitokens.services import api_token_create

    url = reverse("knowledge-api-search") + "?q=paspoort"
    good = api_token_create(name="website", scopes=["knowledge:read"]).key
    response = client.get(url, HTTP_AUTHORIZATION=f"Token {good}")
    assert response.status_code == 200 and response.json()["results"][0]["id"] == str(item.uuid)
    assert SECRET not in response.content.decode()
    other = api_token_create(name="bi", scopes=["management_information:read"]).key
    refused = client.get(url, HTTP_AUTHORIZATION=f"Token {other}")
    assert refused.status_code == 403 and refused["Content-Type"] == "application/problem+json"
    assert client.get(url).status_code == 401


def test_the_werkplek_start_page_shows_important_unread_news_until_opened(client_as, make_item, organisation):
    news = make_item(
        "Balie morgen dicht", kind="nieuws", importance="belangrijk", target_teams=[organisation["kcc_team"]]
    )
    make_item("Nieuwe koffieautomaat", kind="nieuws", importance="normaal")
    client = client_as("kcc")
    start = client.get(reverse("contacts:workspace")).content.decode()
    assert f'hx-get="{reverse("knowledge:news_important")}"' in start
    fragment = client.get(reverse("knowledge:news_important")).content.decode()
    assert "Belangrijk nieuws (1 ongelezen)" in fragment
    assert "Balie morgen dicht" in fragment and "koffieautomaat" not in fragment
    client.get(reverse("knowledge:detail", args=[news.uuid]))
    assert client.get(reverse("knowledge:news_important")).content.decode().strip() == ""


def _news(make_item, organisation, n):
    return make_item(
        f"Nieuws {n}", kind="nieuws", importance="belangrijk", target_teams=[organisation["kcc_team"]]
    )


def _feedback(make_item, make_persona, organisation, n):
    from voorkant.knowledge.services import feedback_submit

    item = make_item(f"Item {n}", body="<p>tekst</p>", review_date=datetime.date(2000, 1, 1))
    feedback_submit(item=item, user=make_persona("kcc"), quote="tekst", comment="klopt niet")


# URL name, persona, builder of one row: the list pages' query counts are locked (1 row vs 25 rows).
LISTS = [
    ("news", "kcc", _news),
    ("news_important", "kcc", _news),
    ("editor_list", "redacteur", _feedback),
    ("feedback_list", "redacteur", _feedback),
]


@pytest.mark.parametrize(("name", "persona", "build"), LISTS, ids=[row[0] for row in LISTS])
def test_list_pages_take_the_same_queries_for_1_and_25_rows(
    client_as, make_item, make_persona, organisation, query_counter, name, persona, build
):
    def add(n):
        if build is _news:
            build(make_item, organisation, n)
        else:
            build(make_item, make_persona, organisation, n)

    client = client_as(persona)
    url = reverse(f"knowledge:{name}")
    add(0)
    client.get(url)
    one = query_counter(lambda: client.get(url))
    for n in range(1, 25):
        add(n)
    client.get(url)
    assert query_counter(lambda: client.get(url)) == one
    assert ("Nieuws 24" if build is _news else "Item 24") in client.get(url).content.decode()
