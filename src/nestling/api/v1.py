"""The REST API, version 1, under /api/v1/: its OpenAPI document at openapi.json and interactive docs at
docs (both open to read; every operation needs a token)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI

from nestling.accounts.http import require_safe
from nestling.api import errors
from nestling.api.docs import VendoredSwagger
from nestling.api.routers import families, imports, records, referrals

api = NinjaAPI(
    title="Nestling API",
    version="1",
    description=str(
        _(
            "The family record of infant and early childhood mental health care, for other systems. Every "
            "operation needs an OAuth 2.0 access token with its scope; the token's person (or integration) "
            "sees exactly what they would see on the pages."
        )
    ),
    urls_namespace="api-v1",
    docs=VendoredSwagger(),
    # The document and its page only show.
    docs_decorator=require_safe,
)
errors.install(api)
api.add_router("", families.router)
api.add_router("", records.router)
api.add_router("", referrals.router)
api.add_router("", imports.router)
