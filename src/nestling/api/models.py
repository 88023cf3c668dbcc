"""A client of the API, as its organization registered it: which OAuth application it is, what kind, the
scopes it may be given, and — for a system integration — the service user its tokens act as."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from oauth2_provider.models import Application

from nestling.organizations.models import Organization, Program


class ClientKind(models.TextChoices):
    # An app a staff member signs in to (authorization code with PKCE): it acts as that person.
    STAFF_APP = "staff_app", _("An app acting for a staff member")
    # A system of the organization (client credentials): it acts as its own service user.
    INTEGRATION = "integration", _("A system integration")


class ApiClient(models.Model):
    """One registered client. A client-credentials token has no person of its own: it acts as
    `service_user`, a program manager of the organization (of `program`, or of all programs), made for the
    client at registration and deactivated with it."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="nestling_client")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=ClientKind.choices)
    scopes = models.JSONField(_("scopes"), default=list)
    program = models.ForeignKey(
        Program, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("program")
    )
    service_user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="api_client"
    )
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        """How audit rows name the client: its name and OAuth client id."""
        return f"{self.name} ({self.application.client_id})"
