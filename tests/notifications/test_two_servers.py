"""Two separate server processes on one database: a notification published through one reaches a page served
by the other, because the live region's state lives in the database and not in a process."""

import http.client
import re
from urllib.parse import urlencode

from django.conf import settings
from django.test import Client

from tests.processes import free_port, process_env, start_gunicorn, stop


def request(port, method, path, cookies, body=None, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    all_headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()), **(headers or {})}
    if body is not None:
        all_headers["Content-Type"] = "application/x-www-form-urlencoded"
        all_headers["Referer"] = f"http://127.0.0.1:{port}/"
    connection.request(method, path, body=body, headers=all_headers)
    response = connection.getresponse()
    return response.status, dict(response.getheaders()), response.read().decode()


def session_cookie(user) -> dict[str, str]:
    client = Client()
    client.force_login(user)
    return {settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value}


def test_a_broadcast_posted_on_one_server_appears_on_a_page_of_the_other(transactional_db, make_persona):
    coordinator, agent = make_persona("teamleider"), make_persona("kcc")
    env = process_env()
    port_a, port_b = free_port(), free_port()
    server_a = start_gunicorn(env, port_a)
    server_b = start_gunicorn(env, port_b)
    try:
        agent_cookies = session_cookie(agent)
        status, headers, page = request(port_b, "GET", "/meldingen/", agent_cookies)
        assert status == 200 and 'data-live-url="/meldingen/live/"' in page
        status, headers, _ = request(port_b, "GET", "/meldingen/live/", agent_cookies)
        etag = headers["ETag"]
        status, _, _ = request(
            port_b, "GET", "/meldingen/live/", agent_cookies, headers={"If-None-Match": etag}
        )
        assert status == 304

        cookies = session_cookie(coordinator)
        status, headers, form = request(port_a, "GET", "/meldingen/mededeling/", cookies)
        cookies["csrftoken"] = re.search(r"csrftoken=([^;]+)", headers["Set-Cookie"]).group(1)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
        body = urlencode(
            {"csrfmiddlewaretoken": token, "text": "Storing telefonie: werk met terugbelverzoeken"}
        )
        status, _, _ = request(port_a, "POST", "/meldingen/mededeling/", cookies, body=body)
        assert status == 302

        status, headers, fragment = request(
            port_b, "GET", "/meldingen/live/", agent_cookies, headers={"If-None-Match": etag}
        )
        assert status == 200
        assert headers["ETag"] != etag
        assert "Storing telefonie: werk met terugbelverzoeken" in fragment
    finally:
        stop(server_a)
        stop(server_b)
