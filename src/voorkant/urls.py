from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path

from voorkant.apitokens.problems import api_not_found
from voorkant.core import views as core_views

admin.site.site_header = "Voorkant technisch beheer"
admin.site.site_title = "Voorkant"

# Django tries the patterns in order: the Klantinteracties API, whose calls come in by the hundred per second,
# first (its prefix overlaps nothing), rather than after every screen's patterns.
urlpatterns = [
    path("klantinteracties/api/v1/", include("voorkant.klantinteracties.urls")),
    path("health", core_views.health, name="health"),
    path("inloggen/", auth_views.LoginView.as_view(), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("", include("voorkant.core.urls")),
    path("werkplek/", include("voorkant.contacts.urls")),
    path("beheer/", include("voorkant.contacts.urls_reference")),
    path("klanten/", include("voorkant.parties.urls")),
    path("privacy/", include("voorkant.privacy.urls")),
    path("kennisbank/", include("voorkant.knowledge.urls")),
    path("catalogus/", include("voorkant.catalogue.urls")),
    path("beheer/taken/", include("voorkant.jobs.urls")),
    path("meldingen/", include("voorkant.notifications.urls")),
    path("vervolgacties/", include("voorkant.followups.urls")),
    path("telefonie/", include("voorkant.telephony.urls")),
    path("api/v1/telephony/", include("voorkant.telephony.api_urls")),
    path("dashboard/", include("voorkant.dashboard.urls")),
    path("kto/", include("voorkant.surveys.urls")),
    path("api/v1/dashboard/", include("voorkant.dashboard.api.urls")),
    path("api/v1/", include("voorkant.knowledge.api.urls")),
    re_path(r"^klantinteracties/api/", api_not_found),
    # Keep last: any other URL under /api/ answers a problem JSON 404, not the HTML page.
    re_path(r"^api/", api_not_found),
]
