from django.urls import path

from api import api

urlpatterns = [
    path("api/redoc", api.redoc, name="redoc"),
    path("api/", api.urls),
]

handler404 = "api.views.not_found"
handler500 = "api.views.server_error"
