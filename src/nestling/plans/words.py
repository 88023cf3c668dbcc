"""What the care plan's pages call things, in the reader's language: the patient a goal is for, and what
motivated it."""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from nestling.families.models import Caregiver, Child, Person, RelationshipObservation, RiskFactor
from nestling.screening.models import ScreeningResult
from nestling.screening.scoring import UnknownInstrument, default_library
from nestling.screening.words import band_label, short_name

DATE = "j M Y"


def patient_name(person: Person) -> str:
    """A caregiver's or a child's name, or a relationship's two names."""
    if isinstance(person, Caregiver | Child):
        return person.full_name
    return _("%(caregiver)s & %(child)s") % {
        "caregiver": person.caregiver.full_name,
        "child": person.child.full_name,
    }


def patient_kind(person: Person) -> str:
    if isinstance(person, Caregiver):
        return _("Caregiver")
    if isinstance(person, Child):
        return _("Child")
    return _("Relationship")


def _result_words(result: ScreeningResult) -> str:
    try:
        definition = default_library().get(result.definition)
    except UnknownInstrument:
        return f"{result.definition} · {date_format(result.administered_on, DATE)}"
    band = band_label(definition, result.band) if result.band else "—"
    return _("%(instrument)s of %(on)s: %(band)s") % {
        "instrument": short_name(definition),
        "on": date_format(result.administered_on, DATE),
        "band": band,
    }


def motivation_words(motivation: ScreeningResult | RiskFactor | RelationshipObservation) -> str:
    """One line naming a screen, a factor or an observation, as the goal's motivation."""
    if isinstance(motivation, ScreeningResult):
        return _result_words(motivation)
    if isinstance(motivation, RiskFactor):
        return _("%(kind)s: %(description)s") % {
            "kind": motivation.get_kind_display(),
            "description": motivation.description,
        }
    return _("%(kind)s of %(on)s: %(text)s") % {
        "kind": motivation.get_kind_display(),
        "on": date_format(motivation.observed_on, DATE),
        "text": Truncator(motivation.text).chars(90),
    }


def hidden_words() -> str:
    """What stands in for a record in a sensitive category the reader has no grant for."""
    return _("A record in a category you have no grant for: ask your privacy officer.")
