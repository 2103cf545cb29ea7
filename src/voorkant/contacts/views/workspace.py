"""The agent's workspace: open conversations in tabs, each a server-side draft saved while typing."""

from __future__ import annotations

import functools
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import escape
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from stdnum.nl import bsn as bsn_module

from voorkant.contacts import selectors, services
from voorkant.contacts.forms import draft_data_from_post
from voorkant.contacts.models import ConversationDraft, OutcomeCategory
from voorkant.knowledge.models import KnowledgeItem
from voorkant.privacy.access import visible_parties

MAX_OPEN_DRAFTS = 10
# Listed under "?" and in docs/keyboard.md; the elements carry the same keys in data-shortcut attributes.
SHORTCUTS = [
    ("Alt+N", "Nieuw gesprek (kies het kanaal)"),
    ("Alt+1 … Alt+9", "Naar open gesprek 1 tot en met 9"),
    ("Alt+W", "Klant zoeken"),
    ("Alt+A", "Anonieme beller"),
    ("Alt+Q", "Vraag toevoegen"),
    ("Alt+O", "Onderwerp van de huidige vraag"),
    ("Alt+P", "Product van de huidige vraag"),
    ("Alt+U", "Uitkomst van de huidige vraag"),
    ("Alt+S", "Signaal: het protocol van de huidige vraag werkt niet"),
    ("Alt+K", "Kennisbank doorzoeken; Enter op een resultaat koppelt het aan de huidige vraag"),
    ("Ctrl+Enter", "Gesprek afronden en registreren"),
    ("?", "Deze lijst (niet in een invoerveld)"),
    ("Esc", "Venster sluiten"),
]
WORKSPACE_PERMISSION = "organisation.use_agent_workspace"


def agent_view(view):
    """Logged in (else to the log-in page) and allowed to use the workspace (else 403)."""
    return login_required(permission_required(WORKSPACE_PERMISSION, raise_exception=True)(view))


def with_draft(view):
    """Resolve the URL's draft among the user's own; anyone else's draft does not exist for them (404)."""

    @functools.wraps(view)
    def wrapper(request, draft_uuid, *args, **kwargs):
        try:
            draft = selectors.draft_for_user(user=request.user, draft_uuid=draft_uuid)
        except ConversationDraft.DoesNotExist:
            raise Http404("Dit gesprek bestaat niet (meer).") from None
        try:
            return view(request, draft, *args, **kwargs)
        except ConversationDraft.DoesNotExist:
            # Finished or closed while this request was on its way (an autosave racing Ctrl+Enter).
            raise Http404("Dit gesprek bestaat niet (meer).") from None

    return wrapper


def _url_or(name: str, fallback: str) -> str:
    # Search screens live in other apps; until they are there the workspace still renders their boxes.
    try:
        return reverse(name)
    except NoReverseMatch:
        return fallback


def _question_rows(draft: ConversationDraft, errors: dict, outcomes) -> list[dict]:
    categories = {outcome.code: outcome.category for outcome in outcomes}
    raw_questions = draft.data.get("questions") or []
    protocols = selectors.protocols_for_product_names(names=[q.get("product") or "" for q in raw_questions])
    rows = []
    for index, data in enumerate(raw_questions):
        field_errors = {
            key.split("-", 2)[2]: messages_
            for key, messages_ in errors.items()
            if key.startswith(f"q-{index}-")
        }
        product, version = protocols.get((data.get("product") or "").strip().lower(), (None, None))
        answers = data.get("answers") or {}
        rows.append(
            {
                "index": index,
                "number": index + 1,
                "data": data,
                "transfer": data.get("transfer") or {},
                "errors": field_errors,
                "transferred": categories.get(data.get("outcome")) == OutcomeCategory.TRANSFERRED,
                "link_url": reverse("contacts:draft_link_answer", args=[draft.uuid, index]),
                "protocol": version,
                "product": product,
                "protocol_fields": [
                    {
                        "field": f,
                        "value": answers.get(f.key, [] if f.kind == "meerkeuze" else ""),
                        "errors": field_errors.get(f"answer-{f.key}", []),
                    }
                    for f in (version.fields.all() if version else [])
                ],
            }
        )
    return rows


def _tabs(request, current: ConversationDraft | None) -> list[dict]:
    channels = {channel.code: channel.name for channel in selectors.active_channels()}
    tabs = []
    for position, draft in enumerate(selectors.open_drafts(user=request.user), start=1):
        data = draft.data
        caller = (data.get("caller") or {}).get("label") or "klant onbekend"
        first_subject = next((q.get("subject") for q in data.get("questions") or [] if q.get("subject")), "")
        tabs.append(
            {
                "position": position,
                "url": reverse("contacts:draft", args=[draft.uuid]),
                "current": current is not None and draft.pk == current.pk,
                "channel": channels.get(data.get("channel"), data.get("channel") or ""),
                "caller": caller,
                "subject": first_subject[:40],
            }
        )
    return tabs


YES_NO = [("ja", "Ja"), ("nee", "Nee")]
CONVERSATION_ERROR_ANCHORS = {"caller": "vk-caller-q", "channel": "vk-channel", "questions": "vk-questions"}
QUESTION_ERROR_ANCHORS = {"connected": "q-{i}-target_label", "caller": "vk-caller-q"}


def _error_links(errors: dict) -> list[dict]:
    """The error summary: every message, linking to its field so a keyboard user can jump there."""
    links = []
    for key, messages_ in errors.items():
        if key.startswith("q-"):
            index, name = key.split("-", 2)[1:]
            anchor = QUESTION_ERROR_ANCHORS.get(name, "q-{i}-" + name).format(i=index)
            prefix = f"Vraag {int(index) + 1}: "
        else:
            anchor, prefix = CONVERSATION_ERROR_ANCHORS.get(key, "vk-draft-form"), ""
        links.extend({"href": f"#{anchor}", "text": prefix + message} for message in messages_)
    return links


def _workspace_context(request, draft: ConversationDraft | None, errors: dict | None = None) -> dict:
    errors = errors or {}
    outcomes = list(selectors.active_outcomes())
    context = {
        "tabs": _tabs(request, draft),
        "channels": list(selectors.active_channels()),
        "outcomes": outcomes,
        "transferred_category": OutcomeCategory.TRANSFERRED.value,
        "draft": draft,
        "errors": errors,
        "error_count": sum(len(v) for v in errors.values()),
        "error_links": _error_links(errors),
        "shortcut_list": SHORTCUTS,
        "yes_no": YES_NO,
    }
    if draft is not None:
        questions = _question_rows(draft, errors, outcomes)
        template, card_context = selectors.caller_card(user=request.user, caller=draft.data.get("caller"))
        context.update(
            {
                "data": draft.data,
                "questions": questions,
                "started_at": draft.data.get("started_at"),
                "caller_template": template,
                "caller_context": card_context,
                "caller_search_url": _url_or("parties:search", "/klanten/zoeken/"),
                "knowledge_search_url": _url_or("knowledge:search", "/kennisbank/zoeken/"),
                "current_link_url": questions[-1]["link_url"] if questions else "",
                "current_question_number": len(questions),
            }
        )
    return context


@agent_view
@require_GET
def workspace(request):
    """The start: continue the most recently touched conversation, or choose a channel for a new one."""
    latest = selectors.open_drafts(user=request.user).order_by("-updated_at").first()
    if latest is not None:
        return redirect("contacts:draft", draft_uuid=latest.uuid)
    return render(request, "contacts/workspace.html", _workspace_context(request, None))


@agent_view
@require_POST
def draft_create(request):
    if selectors.open_drafts(user=request.user).count() >= MAX_OPEN_DRAFTS:
        messages.warning(request, f"Je hebt al {MAX_OPEN_DRAFTS} open gesprekken. Rond er eerst een af.")
        return redirect("contacts:workspace")
    draft = services.draft_create(user=request.user, channel_code=request.POST.get("channel"))
    return redirect("contacts:draft", draft_uuid=draft.uuid)


@agent_view
@require_http_methods(["GET", "POST"])
@with_draft
def draft(request, draft):
    """GET: the conversation's screen. POST (autosave while typing): store the form, answer a status line."""
    if request.method == "POST":
        services.draft_save(draft=draft, data=draft_data_from_post(request.POST))
        return render(request, "contacts/partials/save_status.html", {"saved_at": timezone.now()})
    return render(request, "contacts/workspace.html", _workspace_context(request, draft))


def _questions_response(
    request, draft, focus_index: int | None = None, focus_after_product: int | None = None
):
    context = _workspace_context(request, draft)
    context["focus_index"] = focus_index
    context["focus_after_product"] = focus_after_product
    return render(request, "contacts/partials/questions.html", context)


@agent_view
@require_POST
@with_draft
def draft_product_changed(request, draft, index: int):
    """A product was chosen: store the form and show that product's protocol questions for this question only
    (the rest of the screen, and the field the agent is typing in, stay as they are)."""
    services.draft_save(draft=draft, data=draft_data_from_post(request.POST))
    draft.refresh_from_db()
    rows = _question_rows(draft, {}, list(selectors.active_outcomes()))
    if index >= len(rows):
        raise Http404("Deze vraag bestaat niet (meer).")
    return render(
        request, "contacts/partials/protocol_fields.html", {"q": rows[index], "i": index, "yes_no": YES_NO}
    )


@agent_view
@require_POST
@with_draft
def draft_add_question(request, draft):
    services.draft_save(draft=draft, data=draft_data_from_post(request.POST))
    index = services.draft_add_question(draft=draft)
    return _questions_response(request, draft, focus_index=index)


@agent_view
@require_POST
@with_draft
def draft_remove_question(request, draft, index: int):
    services.draft_save(draft=draft, data=draft_data_from_post(request.POST))
    services.draft_remove_question(draft=draft, index=index)
    return _questions_response(request, draft, focus_index=max(0, index - 1))


@agent_view
@require_POST
@with_draft
def draft_caller(request, draft):
    """Store who is calling (a search result, a BSN, or anonymous) and answer the caller card."""
    post = request.POST
    error = ""
    if post.get("wissen"):
        services.draft_set_caller(draft=draft, user=request.user, caller=None)
    elif post.get("anoniem"):
        services.draft_set_caller(draft=draft, user=request.user, caller={"anonymous": True}, label="Anoniem")
    elif post.get("party_uuid"):
        try:
            party_uuid = uuid.UUID(post["party_uuid"])
        except ValueError:
            party_uuid = None
        party = visible_parties(request.user).filter(uuid=party_uuid).first() if party_uuid else None
        if party is None:
            error = "Deze klant is niet gevonden. Zoek opnieuw."
        else:
            caller = {"party_uuid": str(party.uuid)}
            label = selectors.caller_label(user=request.user, caller=caller)
            services.draft_set_caller(draft=draft, user=request.user, caller=caller, label=label)
    elif post.get("bsn"):
        bsn = "".join(ch for ch in post["bsn"] if ch.isdigit())
        if not bsn_module.is_valid(bsn):
            error = "Dit BSN klopt niet (elfproef). Controleer het nummer."
        else:
            caller = {"bsn": bsn}
            label = selectors.caller_label(user=request.user, caller=caller)
            services.draft_set_caller(draft=draft, user=request.user, caller=caller, label=label)
    else:
        error = "Kies een klant uit de zoekresultaten of kies 'Anoniem'."
    template, context = selectors.caller_card(user=request.user, caller=draft.data.get("caller"))
    html = render_to_string(
        "contacts/partials/caller.html",
        {"caller_template": template, "caller_context": context, "draft": draft, "caller_error": error},
        request=request,
    )
    if not error:
        # Out of band: clear the search results and name the caller on the conversation's tab.
        label = escape((draft.data.get("caller") or {}).get("label") or "klant onbekend")
        html += '<div id="vk-caller-results" hx-swap-oob="innerHTML"></div>'
        html += f'<span id="vk-tab-caller" hx-swap-oob="innerHTML">{label}</span>'
    response = HttpResponse(html, status=422 if error else 200)
    # Search results come from another screen; whatever they target, the card lands in the WHO column.
    response["HX-Retarget"] = "#vk-caller"
    response["HX-Reswap"] = "outerHTML"
    if not error:
        response["HX-Trigger"] = "vk-caller-set"
    return response


@agent_view
@require_POST
@with_draft
def draft_link_answer(request, draft, index: int):
    """Link the kennisbank item that answered question ``index``; an empty value removes the link."""
    questions = draft.data.get("questions") or []
    if not 0 <= index < len(questions):
        raise Http404("Deze vraag bestaat niet.")
    item_uuid = request.POST.get("knowledge_item") or ""
    item = None
    if item_uuid:
        try:
            item = KnowledgeItem.objects.filter(uuid=uuid.UUID(item_uuid), is_published=True).first()
        except ValueError:
            item = None
        if item is None:
            raise Http404("Dit kennisitem bestaat niet.")
    services.draft_link_answer(draft=draft, index=index, knowledge_item=item)
    row = _question_rows(draft, {}, selectors.active_outcomes())[index]
    response = render(request, "contacts/partials/answer.html", {"q": row, "draft": draft})
    response["HX-Retarget"] = f"#vk-q-{index}-answer"
    response["HX-Reswap"] = "outerHTML"
    return response


@agent_view
@require_POST
@with_draft
def draft_finish(request, draft):
    """Register the conversation (Ctrl+Enter). On errors the screen comes back with messages at the fields."""
    typed = draft_data_from_post(request.POST)
    try:
        # The form as typed goes straight in; it is stored in the draft only when something needs fixing.
        data = services.draft_merge(draft=draft, data=typed)
        conversation = services.draft_finish(draft=draft, user=request.user, data=data)
    except ConversationDraft.DoesNotExist:
        # Finished a moment ago by a second press of Ctrl+Enter or in another browser tab.
        messages.info(request, "Dit gesprek is al geregistreerd of gesloten.")
        return redirect("contacts:workspace")
    except ValidationError as exc:
        try:
            services.draft_save(draft=draft, data=typed)
        except ConversationDraft.DoesNotExist:
            return redirect("contacts:workspace")
        context = _workspace_context(request, draft, errors=exc.message_dict)
        return render(request, "contacts/workspace.html", context, status=422)
    numbers = [question.number for question in conversation.registered_questions]
    if len(numbers) == 1:
        text = f"Gesprek geregistreerd: 1 vraag (nummer {numbers[0]})."
    else:
        text = f"Gesprek geregistreerd: {len(numbers)} vragen (nummers {', '.join(numbers)})."
    messages.success(request, text)
    # A question with a follow-up outcome or a transfer that did not connect goes straight on to the
    # follow-up form, so the agent can tell the caller what happens next and by when.
    from voorkant.followups.selectors import next_question_to_follow_up

    following = next_question_to_follow_up(conversation=conversation)
    if following is not None:
        return redirect("followups:new", uuid=following.uuid)
    return redirect("contacts:workspace")


@agent_view
@require_POST
@with_draft
def draft_discard(request, draft):
    services.draft_discard(draft=draft)
    messages.info(request, "Het gesprek is gesloten zonder te registreren.")
    return redirect("contacts:workspace")


@agent_view
@require_GET
def product_options(request):
    """Type-ahead for the product field: ``<option>`` elements for the field's datalist."""
    query = request.GET.get("q") or next(
        (value for key, value in request.GET.items() if key.endswith("-product")), ""
    )
    products = selectors.product_suggestions(query=query)
    # Rendered without the request: this fragment answers every keystroke and uses none of what the context
    # processors compute for full pages (the navigation alone checks some twenty permissions).
    html = render_to_string("contacts/partials/product_options.html", {"products": products})
    return HttpResponse(html)
