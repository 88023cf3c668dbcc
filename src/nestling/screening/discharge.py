"""What screening asks at a discharge: each screen due or overdue on the discharge date, for each person.
Closing one notes that it was not given, with the reason (the discharge keeps the note); keeping it leaves
it without one. Either way, screens stop coming due once the family is discharged. A screen of a sensitive
instrument says its category, so that a reader without the grant is told only that there is one.
Registered when the app is ready."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nestling.accounts.models import User
from nestling.families.age_words import program_rule
from nestling.families.contributions import DischargeContributor, OpenItem, contribute_to_discharge
from nestling.families.models import Family, Relationship
from nestling.screening.selectors import DueScreen, PersonScreening, family_screening
from nestling.screening.sensitivity import instrument_category

PREFIX = "screen:"
CLOSING = gettext_lazy(
    "Noted as not given, with the reason. Screens stop coming due once the family is discharged."
)
KEEPING = gettext_lazy("Left without a note. Screens stop coming due once the family is discharged.")


def _name(person: PersonScreening) -> str:
    who = person.subject
    if isinstance(who, Relationship):
        return f"{who.caregiver.full_name} & {who.child.full_name or _('Baby')}"
    return who.full_name or _("Baby")


def _label(person: PersonScreening, screen: DueScreen) -> str:
    if screen.status == "overdue":
        text, since = _("%(screen)s for %(name)s: overdue since %(since)s"), screen.window.due_by
    else:
        text, since = _("%(screen)s for %(name)s: due since %(since)s"), screen.window.due_from
    return text % {"screen": screen.short_name, "name": _name(person), "since": date_format(since, "j M Y")}


def due_screens(*, family: Family, on: date) -> Sequence[OpenItem]:
    """The screens due and overdue on `on` under the family's program schedule (a fixed number of
    queries, whatever the family's size)."""
    people = family_screening(family=family, on=on, rule=program_rule(family.program))
    return [
        OpenItem(
            key=f"{PREFIX}{person.subject.uuid}:{screen.definition.id}",
            label=_label(person, screen),
            closing=CLOSING,
            keeping=KEEPING,
            sensitive_category=instrument_category(screen.definition.id),
        )
        for person in people
        for screen in person.due
    ]


def close_due_screens(*, by: User, family: Family, on: date, chosen: Mapping[str, str]) -> None:
    """Nothing to write here: a screen due is not a record. The discharge keeps, for each one closed, that
    it was not given and why; and a discharged family's screens no longer come due."""


def register() -> None:
    contribute_to_discharge(
        DischargeContributor(
            kind="screening",
            heading=gettext_lazy("Screens due"),
            open_items=due_screens,
            close=close_due_screens,
        )
    )
