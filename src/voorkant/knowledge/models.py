"""Kennisbank items: product articles, question-answer pairs (VAC), work instructions, news and links.

An item holds its current, sanitised content; every saved edit also leaves an immutable version. The search
index is the application's own (see search/): per item a row of analysed terms, and one counter that every
change raises so each web worker knows when to refresh the copy it holds in memory.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class ItemKind(models.TextChoices):
    ARTICLE = "artikel", "Productartikel"
    QA = "vac", "Vraag en antwoord"
    INSTRUCTION = "werkinstructie", "Werkinstructie"
    NEWS = "nieuws", "Nieuws"
    LINK = "link", "Link"


class ArticleSection(models.TextChoices):
    """The fixed sections of a product article, in reading order. KCC is internal and never leaves staff."""

    INTRODUCTION = "inleiding", "Inleiding"
    APPLICATION = "aanvraag", "Aanvraag"
    CONDITIONS = "voorwaarden", "Voorwaarden"
    EVIDENCE = "bewijs", "Bewijs"
    COSTS = "kosten", "Kosten"
    TERM = "termijn", "Termijn"
    OBJECTION = "bezwaar", "Bezwaar"
    PARTICULARS = "bijzonderheden", "Bijzonderheden"
    CONTACT = "contact", "Contact"


class NewsImportance(models.TextChoices):
    NORMAL = "normaal", "Normaal"
    IMPORTANT = "belangrijk", "Belangrijk"


class KnowledgeItem(models.Model):
    """One kennisbank item. `body` and `sections` hold sanitised HTML; `kcc_note` is internal to staff."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=20, choices=ItemKind.choices)
    title = models.CharField(max_length=300)
    question = models.CharField(
        max_length=500, blank=True, help_text="De vraag zoals een inwoner die stelt (bij vraag en antwoord)."
    )
    body = models.TextField(blank=True, help_text="Opgeschoonde HTML.")
    sections = models.JSONField(
        default=dict, blank=True, help_text="Secties van een productartikel: sectiecode → opgeschoonde HTML."
    )
    kcc_note = models.TextField(
        blank=True, help_text="Interne KCC-notitie (opgeschoonde HTML); alleen zichtbaar voor medewerkers."
    )
    link_url = models.URLField(max_length=500, blank=True, help_text="Doeladres bij een link.")
    source_id = models.CharField(
        max_length=100, blank=True, help_text="Id in de bron, bijvoorbeeld de VAC-uuid."
    )
    source_url = models.URLField(max_length=500, blank=True, help_text="Canonieke URL in de bron.")
    source_name = models.CharField(
        max_length=200, blank=True, help_text="Naam van de bron (naamsvermelding)."
    )
    owner_domain = models.ForeignKey(
        "organisation.Domain",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="knowledge_items",
    )
    review_date = models.DateField(
        null=True, blank=True, help_text="Na deze datum geldt het item als verouderd tot iemand het herziet."
    )
    is_published = models.BooleanField(default=True)
    # News only.
    importance = models.CharField(
        max_length=12, choices=NewsImportance.choices, default=NewsImportance.NORMAL, blank=True
    )
    publish_at = models.DateTimeField(null=True, blank=True, help_text="Zichtbaar vanaf (nieuws).")
    expires_at = models.DateTimeField(null=True, blank=True, help_text="Zichtbaar tot (nieuws).")
    target_teams = models.ManyToManyField(
        "organisation.Team",
        blank=True,
        related_name="knowledge_news",
        help_text="Teams voor wie dit nieuws is; leeg betekent iedereen.",
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]
        verbose_name = "kennisitem"
        verbose_name_plural = "kennisitems"
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "source_id"],
                condition=~models.Q(source_id=""),
                name="knowledgeitem_unique_source_id",
            )
        ]
        indexes = [models.Index(fields=["review_date"], name="knowledgeitem_review_date")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_stale(self) -> bool:
        return self.review_date is not None and self.review_date < timezone.localdate()

    def public_sections(self) -> list[tuple[str, str, str]]:
        """(code, label, html) of the filled sections in reading order; never the KCC note."""
        return [
            (code, label, self.sections[code])
            for code, label in ArticleSection.choices
            if self.sections.get(code)
        ]


class KnowledgeItemVersion(models.Model):
    """An immutable snapshot of an item after each saved edit or import change."""

    item = models.ForeignKey(KnowledgeItem, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=300)
    content = models.JSONField(help_text="Momentopname van vraag, tekst, secties en KCC-notitie.")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    author_label = models.CharField(max_length=150, blank=True)
    change_note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["item", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="knowledgeitemversion_unique_number")
        ]
        verbose_name = "versie van kennisitem"
        verbose_name_plural = "versies van kennisitems"


class NewsReadReceipt(models.Model):
    """That a user has read a news item (once)."""

    item = models.ForeignKey(KnowledgeItem, on_delete=models.CASCADE, related_name="read_receipts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "user"], name="newsreadreceipt_unique_item_user")
        ]


class FeedbackStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "afgehandeld", "Afgehandeld"
    REJECTED = "afgewezen", "Niet overgenomen"


class KnowledgeFeedback(models.Model):
    """An agent's remark on an item: the passage quoted and what is wrong with it. Editors work the list."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    item = models.ForeignKey(KnowledgeItem, on_delete=models.CASCADE, related_name="feedback")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    quote = models.TextField(blank=True, max_length=1000, help_text="De passage waar het om gaat.")
    comment = models.TextField(max_length=2000, help_text="Wat klopt er niet of wat ontbreekt?")
    status = models.CharField(max_length=12, choices=FeedbackStatus.choices, default=FeedbackStatus.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "feedback op kennisitem"
        verbose_name_plural = "feedback op kennisitems"


class SynonymGroup(models.Model):
    """Words and phrases that mean the same to a caller (`id-kaart`, `identiteitskaart`).

    Shared: the kennisbank search expands queries with it, and product search will reuse it.
    """

    terms = models.TextField(help_text="Eén term per regel of gescheiden door komma's.")
    note = models.CharField(max_length=200, blank=True, help_text="Waarom deze woorden samenhoren.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "synoniemengroep"
        verbose_name_plural = "synoniemengroepen"

    def __str__(self) -> str:
        return ", ".join(self.term_list())

    def term_list(self) -> list[str]:
        raw = self.terms.replace("\n", ",").split(",")
        return [t.strip() for t in raw if t.strip()]


class SearchDocument(models.Model):
    """The analysed terms of one item, as the in-memory index loads them (space-separated stems).

    `changed_in` is the index counter value of the change that wrote this row, so a worker refreshes only
    the rows changed since the counter value it holds.
    """

    item = models.OneToOneField(KnowledgeItem, on_delete=models.CASCADE, related_name="search_document")
    title_terms = models.TextField(blank=True)
    body_terms = models.TextField(blank=True)
    plain_text = models.TextField(blank=True, help_text="Platte tekst voor fragmenten bij zoekresultaten.")
    passage_hash = models.CharField(max_length=64, blank=True)
    changed_in = models.BigIntegerField(default=0, db_index=True)


class SearchIndexState(models.Model):
    """A single row: the counter every change to items or synonyms raises."""

    counter = models.BigIntegerField(default=0)


class PassageVector(models.Model):
    """A passage embedding, cached by text hash and model so unchanged text is never embedded twice."""

    text_hash = models.CharField(max_length=64)
    model_name = models.CharField(max_length=60)
    vector = models.BinaryField(help_text="float32, genormaliseerd.")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["text_hash", "model_name"], name="passagevector_unique_hash")
        ]
