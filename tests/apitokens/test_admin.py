from datetime import timedelta

from django.utils import timezone

from voorkant.apitokens.models import ApiToken


def test_the_beheerder_creates_a_token_in_the_admin_and_sees_the_key_once(admin_client):
    expires = (timezone.now() + timedelta(days=30)).strftime("%Y-%m-%d")
    response = admin_client.post(
        "/admin/apitokens/apitoken/add/",
        {
            "name": "zaaksysteem",
            "scopes": ["klantinteracties:read"],
            "expires_at_0": expires,
            "expires_at_1": "12:00",
        },
        follow=True,
    )
    assert response.status_code == 200
    token = ApiToken.objects.get()
    shown = [str(m) for m in response.context["messages"] if "vk_" in str(m)]
    assert len(shown) == 1
    key = shown[0].split(": ")[-1]
    assert key.startswith(f"vk_{token.prefix}_")
    assert token.scopes == ["klantinteracties:read"]
    assert token.created_by.username == "admin"
    page = admin_client.get(f"/admin/apitokens/apitoken/{token.pk}/change/").content.decode()
    assert key not in page


def test_the_admin_rotates_a_token(admin_client):
    from voorkant.apitokens.services import api_token_create

    old = api_token_create(name="crm", scopes=["knowledge:read"])
    response = admin_client.post(
        "/admin/apitokens/apitoken/",
        {"action": "rotate", "_selected_action": [old.token.pk]},
        follow=True,
    )
    assert response.status_code == 200
    old.token.refresh_from_db()
    assert old.token.replaced_by is not None
    assert old.token.replaced_by.scopes == ["knowledge:read"]


def test_admin_pages_of_the_platform_render(admin_client):
    for url in [
        "/admin/workdays/openinghours/",
        "/admin/workdays/closureday/add/",
        "/admin/outbox/emailtemplate/",
        "/admin/jobs/schedule/",
        "/admin/apitokens/apitoken/add/",
    ]:
        assert admin_client.get(url).status_code == 200, url
