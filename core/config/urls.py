from django.urls import path

from api.app import api
from api.index import index_without_slash

urlpatterns = [
    path("api", index_without_slash),
    path("api/redoc", api.redoc, name="redoc"),
    path("api/", api.urls),
]

handler400 = "api.views.bad_request"
handler403 = "api.views.forbidden"
handler404 = "api.views.not_found"
handler500 = "api.views.server_error"
