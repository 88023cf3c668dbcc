"""People who sign in: staff of an organization (with one or more roles) and, later, caregivers."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from nestling.organizations.models import Organization, Program, Team


class Role(models.TextChoices):
    PRACTITIONER = "practitioner", _("Practitioner")
    SUPERVISOR = "supervisor", _("Reflective supervisor")
    MANAGER = "manager", _("Program manager")
    ORG_ADMIN = "org_admin", _("Organization admin")
    PRIVACY_OFFICER = "privacy_officer", _("Privacy officer")


STAFF_ROLES = frozenset(Role.values)


class NestlingUserManager(UserManager["User"]):
    """Users sign in with their email address; there is no separate username."""

    use_in_migrations = True

    def create_user(  # type: ignore[override]
        self, email: str, password: str | None = None, **extra_fields: Any
    ) -> User:
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(  # type: ignore[override]
        self, email: str, password: str | None = None, **extra_fields: Any
    ) -> User:
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra_fields)


class User(AbstractUser):
    username = None  # type: ignore[assignment]
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("email address"), unique=True)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="users")

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = NestlingUserManager()  # type: ignore[misc]

    class Meta:
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.email


class RoleAssignment(models.Model):
    """A staff role held in an organization, optionally limited to one program (for program managers)."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    program = models.ForeignKey(Program, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    team = models.ForeignKey(Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="members")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "program"], name="role_assignment_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}"


class Supervision(models.Model):
    """A reflective supervisor's relationship with a supervisee, from a start date to an optional end.

    Part of "who" (beside users and roles) because access reads it: a supervisor sees their supervisees'
    caseloads. The table keeps the name it had when the link lived in `workforce/`."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    supervisor = models.ForeignKey(User, on_delete=models.PROTECT, related_name="supervisees_links")
    supervisee = models.ForeignKey(User, on_delete=models.PROTECT, related_name="supervisor_links")
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)

    class Meta:
        db_table = "workforce_supervision"
        indexes = [models.Index(fields=["supervisor", "ends_on"], name="workforce_s_supervi_726c82_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(supervisor=models.F("supervisee")), name="supervision_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.supervisor} supervises {self.supervisee}"


class StaffInvitation(models.Model):
    """An invitation to a new staff member: a signed link, used once, that expires.

    The account exists from the moment of the invitation (with its roles, and no usable password), so an
    admin sees the person as "invited" and can resend or withdraw. Each sending draws a new `nonce`: a
    link sent earlier stops working when a new one goes out."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invitations")
    invited_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    sent_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    nonce = models.CharField(max_length=32)
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(accepted_at__isnull=True) | models.Q(revoked_at__isnull=True),
                name="invitation_accepted_or_revoked_not_both",
            ),
        ]

    def __str__(self) -> str:
        return f"invitation of {self.user}"

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None
