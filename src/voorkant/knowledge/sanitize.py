"""The one place HTML enters the kennisbank: everything is cleaned with nh3 (the Ammonia sanitiser).

Only simple structure and links survive; scripts, event handlers, styles and inline frames are removed, so
nothing a source or an editor typed can run in an agent's browser.
"""

from __future__ import annotations

import nh3

ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "a", "h2", "h3", "h4",
    "blockquote", "table", "thead", "tbody", "tr", "th", "td", "abbr", "code",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}, "td": {"colspan"}}


def sanitize_html(value: str | None) -> str:
    """Clean HTML to the allowed subset; links get rel="noopener noreferrer" and only safe schemes."""
    if not value:
        return ""
    cleaned = nh3.clean(
        value,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return cleaned.strip()
