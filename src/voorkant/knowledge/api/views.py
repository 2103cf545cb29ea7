"""GET /api/v1/knowledge/search: ranked items for other systems and the agent workspace's scripts.

Authentication is the staff session for now; a token with the knowledge scope is added by the platform's
API-token mechanism. The KCC note is never part of the response.
"""

from __future__ import annotations

from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from voorkant.knowledge.models import ItemKind
from voorkant.knowledge.search.query import search

SEARCH_PERMISSIONS = ("organisation.use_agent_workspace", "organisation.edit_knowledge")


class SearchParams(serializers.Serializer):
    q = serializers.CharField(max_length=200, help_text="Zoekvraag in de woorden van de inwoner.")
    limit = serializers.IntegerField(min_value=1, max_value=50, default=10)
    soort = serializers.ChoiceField(choices=ItemKind.choices, required=False)


class SearchHit(serializers.Serializer):
    id = serializers.UUIDField(help_text="Uuid van het kennisitem.")
    soort = serializers.CharField()
    titel = serializers.CharField()
    bron_id = serializers.CharField(help_text="Id in de bron, zoals de VAC-uuid.")
    url = serializers.CharField(help_text="Canonieke URL in de bron, of leeg.")
    score = serializers.FloatField()


class KnowledgeSearchView(APIView):
    def get(self, request):
        if not any(request.user.has_perm(p) for p in SEARCH_PERMISSIONS):
            raise PermissionDenied("Geen toegang tot de kennisbank.")
        params = SearchParams(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        kinds = [data["soort"]] if data.get("soort") else None
        hits = search(data["q"], kinds=kinds, limit=data["limit"], with_snippets=False)
        results = [
            {
                "id": hit.meta.uuid,
                "soort": hit.meta.kind,
                "titel": hit.meta.title,
                "bron_id": hit.meta.source_id,
                "url": hit.meta.source_url,
                "score": round(hit.score, 4),
            }
            for hit in hits
        ]
        return Response({"count": len(results), "results": SearchHit(results, many=True).data})
