"""Every email is written in its recipient's language — the one they chose — never in the language of
whoever's action sent it: a caregiver answering in Spanish alerts a practitioner who reads Dutch."""

from __future__ import annotations

import datetime

from django.core import mail
from django.utils import translation
from django.utils.translation import gettext

from nestling.portal.services.accounts import language_choose, portal_invite
from nestling.screening.services import screening_record
from nestling.staffing.services.invitations import staff_invite
from tests.factories.families import CaregiverFactory, ConsentFactory

URGENT_SUBJECT = "Nestling: an urgent alert waits for your response"


def _in(language: str, english: str) -> str:
    with translation.override(language):
        said = gettext(english)
    assert said != english, f"{english!r} has no {language} translation"
    return said


def test_an_urgent_alert_reaches_each_recipient_in_their_own_language(
    world, django_capture_on_commit_callbacks
):
    # Given a practitioner who reads Dutch and a supervisor who reads Spanish
    language_choose(user=world.practitioner, language="nl")
    language_choose(user=world.supervisor, language="es")
    mother = CaregiverFactory(family=world.family_a)

    # When item 9 of a PHQ-9 raises the alert while the page is in English
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        screening_record(
            family=world.family_a,
            subject=mother,
            instrument_id="phq-9",
            answers=[0, 0, 0, 0, 0, 0, 0, 0, 2],
            by=world.practitioner,
            administered_on=datetime.date.today(),
        )

    # Then each email is in its reader's language, both the text and the HTML part
    sent = {message.to[0]: message for message in mail.outbox}
    assert sent[world.practitioner.email].subject == _in("nl", URGENT_SUBJECT)
    assert sent[world.supervisor.email].subject == _in("es", URGENT_SUBJECT)
    to_practitioner = sent[world.practitioner.email]
    sentence = "If you cannot respond, call your supervisor or a program manager now."
    assert _in("nl", sentence) in to_practitioner.body
    assert '<html lang="nl">' in to_practitioner.alternatives[0][0]


def test_a_caregivers_invitation_is_in_the_language_chosen_for_her_not_the_practitioners(
    world, django_capture_on_commit_callbacks
):
    caregiver = CaregiverFactory(family=world.family_a, given_name="Lucia")
    ConsentFactory(family=world.family_a, kind="portal", given_by=caregiver, given_by_other="")

    with translation.override("nl"), django_capture_on_commit_callbacks(execute=True):
        portal_invite(
            family=world.family_a,
            caregiver=caregiver,
            email="lucia@home.test",
            language="es",
            by=world.practitioner,
            base_url="http://testserver/",
        )

    (message,) = mail.outbox
    expected = _in("es", "Your invitation to the %(organization)s family portal") % {
        "organization": world.org
    }
    assert message.subject == expected


def test_a_staff_invitation_is_not_written_in_the_inviters_language(
    world, django_capture_on_commit_callbacks
):
    # Given an admin working in Spanish; the new colleague has chosen no language yet
    with translation.override("es"), django_capture_on_commit_callbacks(execute=True):
        staff_invite(
            by=world.admin,
            build_link=lambda token: f"http://testserver/sign-up/{token}/",
            email="new.person@own.test",
            first_name="Rowan",
            last_name="Synthetic",
            roles=["practitioner"],
            program=None,
        )

    # Then the email is in the site's language, English
    (message,) = mail.outbox
    assert message.subject == f"You are invited to Nestling at {world.org}"
