from django.urls import path

from voorkant.knowledge.api.views import KnowledgeSearchView

urlpatterns = [path("knowledge/search", KnowledgeSearchView.as_view(), name="knowledge-api-search")]
