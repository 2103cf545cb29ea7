"""One small API per resource family, to exercise the shared authentication, scopes and problem JSON."""

from django.urls import include, path
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from voorkant.apitokens.authentication import scope_permission
from voorkant.apitokens.scopes import Family


class NameSerializer(serializers.Serializer):
    naam = serializers.CharField(max_length=10)


def family_view(family: str):
    class FamilyView(APIView):
        permission_classes = [scope_permission(family)]

        def get(self, request):
            return Response({"familie": family})

        def post(self, request):
            serializer = NameSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            return Response(serializer.validated_data, status=201)

    return FamilyView.as_view()


urlpatterns = [path(f"api/v1/test-{family}/", family_view(family)) for family in Family.values] + [
    path("", include("voorkant.urls"))
]
