import pytest

from voorkant.knowledge.sanitize import sanitize_html


def test_script_and_event_handlers_are_removed():
    cleaned = sanitize_html(
        '<p onclick="steal()">Hallo<script>alert(1)</script></p><img src=x onerror=alert(1)>'
    )
    assert "script" not in cleaned
    assert "onclick" not in cleaned
    assert "onerror" not in cleaned
    assert "Hallo" in cleaned


def test_javascript_links_lose_their_href():
    cleaned = sanitize_html('<a href="javascript:alert(1)">x</a><a href="https://www.rijksoverheid.nl">y</a>')
    assert "javascript" not in cleaned
    assert 'href="https://www.rijksoverheid.nl"' in cleaned
    assert 'rel="noopener noreferrer"' in cleaned


@pytest.mark.django_db
def test_an_item_never_stores_script(make_item):
    item = make_item(
        "Afval",
        body="<p>Tekst</p><script>alert('x')</script>",
        kcc_note="<p>Let op</p><iframe src='https://x'></iframe>",
        sections={"kosten": "<p>Gratis<style>body{}</style></p>", "onbekend": "<p>weg</p>"},
    )
    item.refresh_from_db()
    assert "<script" not in item.body and "alert" not in item.body
    assert "<iframe" not in item.kcc_note
    assert item.sections == {"kosten": "<p>Gratis</p>"}
