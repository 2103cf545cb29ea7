"""Kennisbank items: product articles, question-answer pairs (VAC), work instructions, news and links."""

from __future__ import annotations

import uuid

from django.db import models


class ItemKind(models.TextChoices):
    ARTICLE = "artikel", "Productartikel"
    QA = "vac", "Vraag en antwoord"
    INSTRUCTION = "werkinstructie", "Werkinstructie"
    NEWS = "nieuws", "Nieuws"
    LINK = "link", "Link"


class KnowledgeItem(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=20, choices=ItemKind.choices)
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True, help_text="Opgeschoonde HTML.")
    source_id = models.CharField(
        max_length=100, blank=True, help_text="Id in de bron, bijvoorbeeld de VAC-uuid."
    )
    source_url = models.URLField(max_length=500, blank=True)
    owner_domain = models.ForeignKey(
        "organisation.Domain",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="knowledge_items",
    )
    is_published = models.BooleanField(default=True)
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

    def __str__(self) -> str:
        return self.title
