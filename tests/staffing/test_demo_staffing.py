"""The demo's staffing: someone invited who has not signed in, and a trauma-history factor shown only to
the practitioner granted the category."""

from __future__ import annotations

from django.core.management import call_command

from nestling.accounts.models import User
from nestling.families.models import RiskFactor
from nestling.families.selectors import family_page
from nestling.staffing.services.invitations import pending_invitations


def test_the_demo_has_an_invitation_waiting_and_a_granted_trauma_history_factor(db, capsys):
    call_command("demo")
    capsys.readouterr()

    invited = User.objects.get(email="invited@demo.nestling.test")
    assert invited.last_login is None and not invited.has_usable_password()
    assert invited.pk in pending_invitations(user_ids=[invited.pk])

    factor = RiskFactor.objects.get(sensitive_category="trauma_history")
    pat = User.objects.get(email="practitioner@demo.nestling.test")
    assert factor in family_page(user=pat, family=factor.family).factors
    supervisor = User.objects.get(email="supervisor@demo.nestling.test")
    seen_by_supervisor = family_page(user=supervisor, family=factor.family)
    assert factor not in seen_by_supervisor.factors
    assert [c.code for c in seen_by_supervisor.factors_left_out.categories] == ["trauma_history"]
