"""The staff pages in Dutch: a practitioner switches the interface to Dutch with the header's switch and
walks the caseload, a family page, the family's screening, one PHQ-9 result, a baby's growth and two visits
with their notes, one signed; none of them shows an English word.

What is read is what a person meets in the header, the menu and the main content: the text on screen, the
text only a screen reader gets, and the labels, titles and placeholders of controls. Two things are left
out: whatever sits inside an element that declares another language (`lang="en"` on an instrument's
wording loaded only in English, the endonyms of the language switch), and the data this test wrote itself
(names of people, households, the organization).

The same reading of the same pages in English must find English, so the check cannot pass by reading
nothing."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.browser.test_sign_in_and_caseload import _sign_in
from tests.factories.families import CaregiverFactory, ChildFactory, EnrollmentFactory, RelationshipFactory
from tests.factories.growth import MeasurementFactory
from tests.factories.screening import ScreeningResultFactory
from tests.factories.visits import NoteAddendumFactory, VisitFactory, VisitNoteFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Words of an English interface that Dutch never uses as words of its own (so not "in", "is", "of",
# "over", "week", "baby", "Score", "Screening", "Caseload", "Plan" or "Team", which a Dutch page may well
# show). These count in small letters or capitalised, not in capitals ("WHO" is the growth reference).
# fmt: off
ENGLISH_WORDS = frozenset({
    "the", "and", "with", "for", "from", "your", "you", "this", "that", "not", "have", "has",
    "been", "will", "are", "was", "were", "what", "when", "which", "who", "there", "their", "here",
    "about", "after", "before", "into", "only", "also", "than", "then", "them", "they", "these",
    "those", "other", "any", "each", "weeks", "month", "months", "year", "years", "day", "days",
    "old", "born", "age", "today", "tomorrow", "yesterday", "none", "due", "overdue", "family",
    "families", "household", "caregiver", "caregivers", "child", "children", "mother", "father",
    "relationship", "visit", "visits", "growth", "weight", "height", "length", "questionnaire",
    "question", "questions", "answer", "answers", "result", "results", "notes", "history",
    "referral", "referrals", "task", "tasks", "goals", "save", "cancel", "edit", "add", "delete",
    "remove", "hide", "search", "next", "previous",
})
# Labels whose small-letter form Dutch borrows ("een record", "de service"), and the calendar's names:
# matched as written.
ENGLISH_LABELS = frozenset({
    "Sign", "Record", "Show", "Back", "Date", "Screen", "Total", "Goal", "Service", "Services",
    "Main", "Skip", "Print", "Change", "Note", "Language", "January", "February", "March", "May",
    "June", "July", "August", "October", "December", "Monday", "Tuesday", "Wednesday", "Thursday",
    "Friday", "Saturday", "Sunday",
})
# fmt: on

# The text of the header, the menu and <main>, without script, style, what is not rendered, and what
# declares a language other than the page's.
_READ_PAGE = """(own) => {
    const roots = [...document.querySelectorAll('header, nav, main')]
        .filter(e => !e.parentElement.closest('header, nav, main'));
    const foreign = (element) => {
        const declared = element.closest('[lang]');
        return declared !== null && !declared.getAttribute('lang').toLowerCase().startsWith(own);
    };
    // What is not drawn is not read, except what a screen reader gets: the choices of a closed list, the
    // visually hidden, and a chart's title and description.
    const skipped = (element) => element.closest('script, style, template, noscript') !== null
        || (!element.closest('select, svg title, svg desc, .visually-hidden')
            && !element.checkVisibility({visibilityProperty: true}));
    const pieces = [];
    for (const root of roots) {
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const parent = node.parentElement;
            if (!parent || skipped(parent) || foreign(parent)) continue;
            pieces.push(node.textContent);
        }
        const labelled = '[aria-label], [title], [placeholder], [alt], input[type=submit]';
        for (const element of root.querySelectorAll(labelled)) {
            if (skipped(element) || foreign(element)) continue;
            for (const name of ['aria-label', 'title', 'placeholder', 'alt']) {
                if (element.hasAttribute(name)) pieces.push(element.getAttribute(name));
            }
            if (element.matches('input[type=submit]')) pieces.push(element.value);
        }
    }
    return pieces.join('\\n');
}"""


def _page_text(page, data: list[str]) -> str:
    text = page.evaluate(_READ_PAGE, page.locator("html").get_attribute("lang") or "")
    # The longest first, so that "Household A" goes before a shorter name it contains.
    for value in sorted(data, key=len, reverse=True):
        text = text.replace(value, " ")
    return text


# A fraction written with a point ("0.4", "99.6"); "10.000" is a Dutch ten thousand.
ENGLISH_DECIMAL = re.compile(r"(?<![\d.,])\d+\.\d{1,2}(?![\d.])")


def _english_in(text: str) -> list[str]:
    """Each line of the text that holds an English word, with the words found, and each number written
    with an English decimal point."""
    found = [f"the number {n}" for n in ENGLISH_DECIMAL.findall(text)]
    for line in text.splitlines():
        words = re.findall(r"[A-Za-z]+(?:'[a-z]+)?", line)
        small = {w for w in words if w.lower() in ENGLISH_WORDS and not w.isupper()}
        english = sorted(small | {w for w in words if w in ENGLISH_LABELS})
        if english:
            found.append(f"{', '.join(english)} in {line.strip()!r}")
    return found


def _switch_language(page, code: str) -> None:
    page.locator("#header-language").select_option(code)
    page.locator(".language-switch button").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == code


def _walk(page, pages: dict[str, str], data: list[str], language: str) -> dict[str, list[str]]:
    english = {}
    for name, url in pages.items():
        page.goto(url)
        assert page.locator("html").get_attribute("lang") == language, name
        text = _page_text(page, data)
        # a page left with little to read would pass for the wrong reason
        assert len(text.split()) > 40, f"{name}: only {text!r} was read"
        english[name] = _english_in(text)
    return english


def test_a_practitioner_in_dutch_meets_no_english_on_the_caseload_family_screening_growth_and_visit_pages(
    world, page, assert_accessible
):
    # Given a mother and her baby of five months, the mother's PHQ-9, two weights of the baby and a home
    # visit of this morning with its note, in the practitioner's caseload
    today = datetime.date.today()
    family = world.family_a
    mother = CaregiverFactory(family=family, given_name="Marisol", family_name="Quillfeather")
    baby = ChildFactory(
        family=family,
        given_name="Teun",
        family_name="Quillfeather",
        sex="male",
        date_of_birth=today - datetime.timedelta(days=150),
        birth_weight_grams=3300,
    )
    RelationshipFactory(family=family, caregiver=mother, child=baby)
    result = ScreeningResultFactory(
        family=family,
        caregiver=mother,
        administered_by=world.practitioner,
        answers=[2, 1, 1, 2, 1, 1, 0, 1, 0],
        total=9,
        band="mild",
        flags=[],
    )
    for days, kilograms in ((100, "4.9"), (20, "6.4")):
        MeasurementFactory(
            child=baby,
            measured_by=world.practitioner,
            measured_on=today - datetime.timedelta(days=days),
            value=Decimal(kilograms),
        )
    visit = VisitFactory(family=family, practitioner=world.practitioner, place="Thuis bij het gezin")
    VisitNoteFactory(visit=visit, observed="Moeder en baby keken elkaar aan tijdens de voeding.")
    # and last week's visit, its note signed and an addendum added
    held = VisitFactory(
        family=family,
        practitioner=world.practitioner,
        visit_on=today - datetime.timedelta(days=7),
        place="Thuis bij het gezin",
    )
    signed = VisitNoteFactory(visit=held, signed=True, observed="Teun zocht de blik van zijn moeder.")
    NoteAddendumFactory(note=signed, text="Moeder belde de volgende ochtend: de nacht ging rustig.")
    EnrollmentFactory(family=family)
    data = [
        family.name,
        world.family_b.name,
        mother.full_name,
        baby.full_name,
        mother.given_name,
        baby.given_name,
        world.practitioner.display_name,
        world.practitioner.get_full_name(),
        world.supervisor.display_name,
        world.practitioner.email,
        world.org.name,
        world.program.name,
        "Nestling",
    ]
    pages = {
        "caseload": reverse("caseload"),
        "family": reverse("family_detail", args=[family.uuid]),
        "screening": reverse("family_screening", args=[family.uuid]),
        "PHQ-9 result": reverse("screening_result", args=[family.uuid, result.uuid]),
        "growth": reverse("child_growth", args=[baby.uuid]),
        "visit": reverse("visit_detail", args=[family.uuid, visit.uuid]),
        "visit with a signed note": reverse("visit_detail", args=[family.uuid, held.uuid]),
    }
    _sign_in(page, world.practitioner.email)
    page.wait_for_url("**/caseload/")

    # When they read the pages in English, the check finds English on every one of them
    in_english = _walk(page, pages, data, "en")
    assert all(in_english.values()), (
        f"the check found no English on: {[n for n, f in in_english.items() if not f]}"
    )

    # And when they switch the interface to Dutch in the header
    _switch_language(page, "nl")

    # Then no page shows an English word, and each is accessible in Dutch
    in_dutch = _walk(page, pages, data, "nl")
    leaks = [f"{name}: {line}" for name, lines in in_dutch.items() for line in lines]
    assert not leaks, "English on the Dutch pages:\n" + "\n".join(leaks)
    for name, url in pages.items():
        page.goto(url)
        assert_accessible(page, f"{name} in Dutch")
    # And the signed note and its addendum were among what was read
    assert "de nacht ging rustig" in page.get_by_test_id("addenda").inner_text()
