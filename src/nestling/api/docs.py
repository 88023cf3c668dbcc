"""The interactive documentation, served from Nestling's own copy of Swagger UI (no CDN): django-ninja's
Swagger page loads it from a CDN unless `ninja` is an installed app, and its own page carries an inline
settings block; this one is a template of ours and a static script that reads a data attribute."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja.openapi.docs import DocsBase

if TYPE_CHECKING:
    from ninja import NinjaAPI


class VendoredSwagger(DocsBase):
    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        context = {"api": api, "openapi_url": self.get_openapi_url(api, kwargs)}
        return render(request, "api/docs.html", context)
