"""Self-refreshing regions: answer a poll with 304 when nothing changed, so idle pages cost one small query.

    def my_live_view(request):
        return live_response(request, etag=version, render=lambda: render(request, "x.html", ctx))

The version string must change whenever the fragment would; compute it from the database (a max id, a
count, an updated_at), so every web worker on every server agrees.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control


def live_response(request, *, etag: str, render: Callable[[], HttpResponse]) -> HttpResponse:
    quoted = f'"{etag}"'
    if quoted in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponseNotModified()
    else:
        response = render()
    response["ETag"] = quoted
    # Private and revalidated every time: the fragment is per user and must never be served stale.
    patch_cache_control(response, private=True, no_cache=True)
    response["Vary"] = "Cookie"
    return response
