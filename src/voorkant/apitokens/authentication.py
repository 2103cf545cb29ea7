"""DRF authentication and permissions every Voorkant API uses.

    authentication_classes: the defaults in settings (token first, then session).
    permission_classes = [scope_permission(Family.KNOWLEDGE)]

A token needs the family's read scope for GET/HEAD/OPTIONS and its write scope for anything else. A logged-in
employee's session may only read, and only with the family's permission (scopes.SESSION_READ_PERMISSION).
"""

from __future__ import annotations

from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import SAFE_METHODS, BasePermission

from voorkant.apitokens.models import ApiClient, ApiToken
from voorkant.apitokens.scopes import SESSION_READ_PERMISSION, Access, scope_allows
from voorkant.apitokens.services import api_token_lookup, api_token_touch

KEYWORDS = (b"token", b"bearer")


class TokenAuthentication(BaseAuthentication):
    """``Authorization: Token vk_…`` (or ``Bearer vk_…``)."""

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() not in KEYWORDS:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                "De Authorization-header moet 'Token <sleutel>' zijn.", "token_malformed"
            )
        try:
            key = parts[1].decode()
        except UnicodeError as exc:
            raise exceptions.AuthenticationFailed(
                "De API-sleutel bevat ongeldige tekens.", "token_malformed"
            ) from exc
        token = api_token_lookup(key)
        if token is None:
            raise exceptions.AuthenticationFailed("Deze API-sleutel is onbekend.", "token_invalid")
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed("Deze API-sleutel is ingetrokken.", "token_revoked")
        if token.expires_at <= timezone.now():
            raise exceptions.AuthenticationFailed("Deze API-sleutel is verlopen.", "token_expired")
        api_token_touch(token=token)
        return ApiClient(token), token

    def authenticate_header(self, request):
        # Makes DRF answer 401 (not 403) when credentials are missing or wrong.
        return 'Token realm="voorkant"'


class _ScopePermission(BasePermission):
    family: str = ""
    session_permission: str | None = None

    def has_permission(self, request, view) -> bool:
        access = Access.READ if request.method in SAFE_METHODS else Access.WRITE
        if isinstance(request.auth, ApiToken):
            if scope_allows(request.auth.scopes, family=self.family, access=access):
                return True
            raise exceptions.PermissionDenied(
                f"Deze API-sleutel heeft niet het recht '{self.family}:{access}'.", "scope_missing"
            )
        user = request.user
        if user is None or not user.is_authenticated:
            raise exceptions.NotAuthenticated("Stuur een API-sleutel mee of log in.", "not_authenticated")
        if request.method not in SAFE_METHODS:
            raise exceptions.PermissionDenied(
                "Met een inlogsessie kunt u alleen gegevens opvragen. "
                "Gebruik een API-sleutel om te wijzigen.",
                "session_read_only",
            )
        if self.session_permission and not user.has_perm(self.session_permission):
            raise exceptions.PermissionDenied("U heeft geen toegang tot deze gegevens.", "permission_denied")
        return True


_DEFAULT = object()


def scope_permission(
    family: str, *, session_permission: str | None | object = _DEFAULT
) -> type[BasePermission]:
    """A permission class for one resource family; see the module docstring."""
    permission = SESSION_READ_PERMISSION.get(family) if session_permission is _DEFAULT else session_permission
    return type(
        f"ScopePermission_{family}",
        (_ScopePermission,),
        {"family": family, "session_permission": permission},
    )


def api_actor_label(request) -> str:
    """Who to name in the processing log for an API request: the token's name or the employee."""
    if isinstance(request.auth, ApiToken):
        return f"API-sleutel {request.auth.name} ({request.auth.prefix})"
    return request.user.get_username()
