"""Endorsement rules are versioned data the organization edits; readiness counts a person's hours
against the newest version, and its summary comes as PDF and CSV."""

from __future__ import annotations

from decimal import Decimal

import pytest

from nestling.access.denials import AccessDenied
from nestling.documents.pdf import pdf_text
from nestling.records.errors import RecordInvalid, StaleEdit
from nestling.workforce.models import EndorsementRule
from nestling.workforce.policy import workforce_policy
from nestling.workforce.readiness import Rule
from nestling.workforce.selectors.readiness import readiness_of, rules_in_force
from nestling.workforce.services.rules import endorsement_rule_save
from tests.factories.workforce import rsc_session, training


def _ifs(rsc_hours: int) -> Rule:
    return Rule("ifs", "earn", 0, Decimal(rsc_hours), 12, Decimal(30), None, True, "")


def test_a_new_version_is_a_new_row_and_the_old_one_stays_as_it_was(world):
    # Given the field's default (24 h within 24 months) in force
    assert (
        next(r for r in rules_in_force(organization_id=world.org.pk) if r.credential == "ifs").rsc_hours == 24
    )
    # When the manager saves 20 h within 12 months, then 22 h
    first = endorsement_rule_save(by=world.manager, rule=_ifs(20), seen_version=0)
    endorsement_rule_save(by=world.manager, rule=_ifs(22), seen_version=1)
    # Then both versions are kept, the first unchanged, and the newest is in force
    first_again = EndorsementRule.objects.get(pk=first.pk)
    assert (first_again.version, first_again.rsc_hours) == (1, 20)
    in_force = next(r for r in rules_in_force(organization_id=world.org.pk) if r.credential == "ifs")
    assert (in_force.version, in_force.rsc_hours, in_force.rsc_window_months) == (2, 22, 12)
    # And another organization still counts the default
    assert (
        next(
            r for r in rules_in_force(organization_id=world.outsider.organization_id) if r.credential == "ifs"
        ).version
        == 0
    )


def test_a_rule_saved_over_someone_else_s_is_refused_and_bad_ones_name_every_problem(world):
    endorsement_rule_save(by=world.manager, rule=_ifs(20), seen_version=0)
    with pytest.raises(StaleEdit):
        endorsement_rule_save(by=world.manager, rule=_ifs(21), seen_version=0)
    bad = Rule("ifs", "earn", 0, Decimal(-1), 0, Decimal(900), 99, True, "")
    with pytest.raises(RecordInvalid) as refused:
        endorsement_rule_save(by=world.manager, rule=bad, seen_version=1)
    assert set(refused.value.errors) == {
        "rsc_hours",
        "training_hours",
        "rsc_window_months",
        "training_window_months",
    }
    with pytest.raises(AccessDenied):
        endorsement_rule_save(by=world.supervisor, rule=_ifs(1), seen_version=1)


def test_readiness_counts_hours_and_says_what_is_missing(world):
    training(world.practitioner, hours=30)
    rsc_session(world.supervisor, [world.practitioner], minutes=120)
    readiness = readiness_of(actor=world.supervisor, person=world.practitioner)
    ifs = next(p for p in readiness.earn if p.rule.credential == "ifs")
    assert (ifs.rsc_have, ifs.rsc_short, ifs.training_short) == (2, 22, 0)
    with pytest.raises(AccessDenied):
        readiness_of(actor=world.colleague, person=world.practitioner)


def test_the_summary_downloads_as_pdf_and_csv(world, signed_in, client):
    training(world.practitioner, hours=30)
    rsc_session(world.supervisor, [world.practitioner], minutes=90)
    signed_in(world.supervisor)
    csv = client.get(f"/staff/{world.practitioner.uuid}/readiness.csv")
    assert csv["Content-Type"].startswith("text/csv")
    rows = csv.content.decode().splitlines()
    assert rows[0].startswith("Credential,RS/C hours received") and any(
        r.startswith("Infant Family Specialist,1.5,24") for r in rows
    )
    pdf = client.get(f"/staff/{world.practitioner.uuid}/readiness.pdf")
    text = " ".join(pdf_text(pdf.content).split())
    assert "Endorsement readiness" in text and "Infant Family Specialist" in text and "unverified" in text
    assert "about a family" not in text


def test_the_manager_saves_a_rule_and_the_settings_from_the_page(world, signed_in, client):
    signed_in(world.manager)
    assert "Infant Family Specialist" in client.get("/endorsement-rules/").content.decode()
    rule = {
        "form": "rule",
        "rule-credential": "ifs",
        "rule-purpose": "earn",
        "rule-rsc_hours": "24",
        "rule-rsc_window_months": "12",
        "rule-training_hours": "30",
        "rule-verified": "on",
        "rule-seen_version": "-1",
    }
    assert client.post("/endorsement-rules/", rule).status_code == 302
    assert EndorsementRule.objects.get().rsc_window_months == 12
    # A period out of range keeps the form with the problem named, and saves nothing
    response = client.post("/endorsement-rules/", {**rule, "rule-rsc_window_months": "99"})
    assert response.status_code == 200 and "1 to 60 months" in response.content.decode()
    assert EndorsementRule.objects.count() == 1
    policy = {
        "form": "policy",
        "policy-rsc_recent_days": "60",
        "policy-supervisee_limit": "6",
        "policy-version": "1",
    }
    assert client.post("/endorsement-rules/", policy).status_code == 302
    assert workforce_policy(organization_id=world.org.pk).rsc_recent_days == 60
