"""The privacy officer's audit trail page: its filter, its words, and the search's own audit row."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nestling.audit.models import AuditAction, AuditEvent
from nestling.audit.services import audit_record


def _search(client, **params):
    response = client.get(reverse("audit_list"), params)
    assert response.status_code == 200
    return response


def test_an_impossible_date_is_refused_with_a_message_not_a_failure(world, signed_in):
    # Given the privacy officer on the audit trail
    client = signed_in(world.privacy)
    searches_before = AuditEvent.objects.filter(action=AuditAction.SEARCH).count()
    # When they ask for events up to the last day of year 9999, or from year 1000
    response = _search(client, until="9999-12-31", since="1000-01-01")
    # Then the form says which dates it takes, and nothing is read or recorded as read
    errors = response.context["form"].errors
    assert set(errors) == {"since", "until"}
    assert errors["until"][0].startswith("Enter a date between 1 January 2000 and ")
    assert b"Enter a date between" in response.content
    assert response.context["events"] == []
    assert AuditEvent.objects.filter(action=AuditAction.SEARCH).count() == searches_before


def test_an_older_events_link_past_any_id_is_refused_not_a_failure(world, signed_in):
    response = _search(signed_in(world.privacy), before=str(10**20))
    assert "before" in response.context["form"].errors


def test_the_search_is_audited_as_a_search_of_the_audit_trail(world, signed_in):
    # Given one row about family A and one about family C
    for user, family in ((world.practitioner, world.family_a), (world.colleague, world.family_c)):
        audit_record(actor=user, action=AuditAction.READ, category="family", family_uuid=family.uuid)
    # When the privacy officer searches for family A
    _search(signed_in(world.privacy), family=str(world.family_a.uuid))
    # Then the search itself is one row: a search of the audit trail, with its filter and result count
    row = AuditEvent.objects.get(actor_id=world.privacy.pk)
    assert (row.action, row.category, row.subject_type, row.organization_id) == (
        AuditAction.SEARCH,
        "audit",
        "audit_trail",
        world.org.pk,
    )
    assert row.detail == {"filters": {"family": str(world.family_a.uuid)}, "results": 1}


def test_the_trail_shows_words_rather_than_the_identifiers_it_stores(world, signed_in):
    # Given rows recorded with identifiers for their category and subject
    for category, subject_type, subject_id in (
        ("safetyalert", "safetyalert", "4f7c9a52-0d3b-4a53-9a5e-3f6f3a1c2b10"),
        ("page", "url", "family_search"),
        ("break_glass", "break_glass", ""),
        ("substance_use", "riskfactor", ""),
    ):
        audit_record(
            actor=world.practitioner,
            action=AuditAction.READ,
            category=category,
            subject_type=subject_type,
            subject_id=subject_id,
        )
    audit_record(actor=None, organization_id=world.org.pk, action=AuditAction.CHANGE, category="settings")
    # When the privacy officer opens the trail
    rows = _search(signed_in(world.privacy)).context["rows"]
    # Then each reads as words, the record's id kept beside its kind
    shown = [
        (row.who, row.category, row.subject, row.subject_id) for row in rows if row.event.category != "audit"
    ]
    assert shown == [
        ("System or command line", "Settings", "", ""),
        ("practitioner@own.test", "Substance use", "Risk factor", ""),
        ("practitioner@own.test", "Emergency access", "Emergency access", ""),
        ("practitioner@own.test", "Page", "Page", "family search"),
        ("practitioner@own.test", "Safety alert", "Safety alert", "4f7c9a52-0d3b-4a53-9a5e-3f6f3a1c2b10"),
    ]


def test_the_category_filter_takes_the_word_the_table_shows(world, signed_in):
    audit_record(actor=world.practitioner, action=AuditAction.CHANGE, category="safetyalert")
    audit_record(actor=world.practitioner, action=AuditAction.READ, category="screening")
    client = signed_in(world.privacy)
    for typed in ("Safety alert", "safety ALERT", "safetyalert"):
        events = _search(client, category=typed).context["events"]
        assert [event.category for event in events] == ["safetyalert"], typed


def test_the_table_can_be_scrolled_from_the_keyboard(world, signed_in):
    content = _search(signed_in(world.privacy)).content.decode()
    assert (
        '<div class="table-wrap" tabindex="0" role="region" aria-labelledby="audit-events-caption">'
        in content
    )
    assert '<caption id="audit-events-caption"' in content


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as context:
        _search(client)
    return len(context.captured_queries)


def test_the_trail_costs_the_same_queries_for_3_or_40_events(world, signed_in):
    client = signed_in(world.privacy)
    for _ in range(3):
        audit_record(actor=world.practitioner, action=AuditAction.READ, category="safetyalert")
    client.get(reverse("audit_list"))  # warm the session
    few = _queries(client)
    for _ in range(37):
        audit_record(
            actor=world.colleague, action=AuditAction.READ, category="riskfactor", subject_type="url"
        )
    assert _queries(client) == few
