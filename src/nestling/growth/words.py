"""What the growth pages say, in the reader's language: refusals and faltering-growth findings.

The pure cores (calc, faltering) carry numbers and message ids with default English; this module turns
them into translatable sentences.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django.utils.formats import get_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

KIND_WORDS = {
    "weight": gettext_lazy("weight"),
    "length": gettext_lazy("length"),
    "height": gettext_lazy("height"),
    "head_circumference": gettext_lazy("head circumference"),
}

REFERENCE_NAMES = {"who": "WHO", "uk-who": "UK-WHO", "cdc": "CDC"}


def _num(value: float, digits: int = 1) -> str:
    return number_format(round(value, digits), decimal_pos=digits, use_l10n=True)


def _plain(value: float | Decimal, spec: str = "g") -> str:
    """A number as short as it is ("4.35", "+2.1" with spec "+.1f"), with the reader's decimal separator."""
    return format(value, spec).replace(".", str(get_format("DECIMAL_SEPARATOR")))


# What a value of each kind may be, said when it cannot be a measurement at all (zero or less, or finer
# than the record keeps); the bounds are the hard ones (plausibility.BOUNDS).
NOT_POSITIVE_WORDS = {
    "weight": gettext_lazy(
        "A weight is more than 0 kg: enter it in kilograms, from %(low)s to %(high)s (for example 4.35)."
    ),
    "length": gettext_lazy(
        "A length is more than 0 cm: enter it in centimetres, from %(low)s to %(high)s (for example 61.5)."
    ),
    "height": gettext_lazy(
        "A height is more than 0 cm: enter it in centimetres, from %(low)s to %(high)s (for example 98.5)."
    ),
    "head_circumference": gettext_lazy(
        "A head circumference is more than 0 cm: enter it in centimetres, from %(low)s to %(high)s "
        "(for example 40.5)."
    ),
}
TOO_PRECISE_WORDS = {
    "weight": gettext_lazy(
        "A weight is recorded to the gram: at most 3 decimals in kilograms (for example 4.355)."
    ),
    "length": gettext_lazy("A length has at most 3 decimals in centimetres (for example 61.25)."),
    "height": gettext_lazy("A height has at most 3 decimals in centimetres (for example 98.25)."),
    "head_circumference": gettext_lazy(
        "A head circumference has at most 3 decimals in centimetres (for example 40.25)."
    ),
}


def not_positive_words(*, kind: str, bounds: tuple[float, float]) -> str:
    return str(NOT_POSITIVE_WORDS[kind]) % {"low": _plain(bounds[0]), "high": _plain(bounds[1])}


def too_precise_words(*, kind: str) -> str:
    return str(TOO_PRECISE_WORDS[kind])


def implausible_words(
    *, kind: str, value: float, unit: str, bounds: tuple[float, float] | None, z: float | None, reference: str
) -> str:
    if bounds is not None:
        return _(
            "A %(what)s of %(value)s %(unit)s is implausible (expected %(low)s to %(high)s %(unit)s); "
            "check the value and its units."
        ) % {
            "what": KIND_WORDS[kind],
            "value": _plain(value),
            "unit": unit,
            "low": _plain(bounds[0]),
            "high": _plain(bounds[1]),
        }
    if z is not None:
        return _(
            "A %(what)s of %(value)s %(unit)s is %(z)s SD from the %(reference)s median at this age; "
            "check the value and its units."
        ) % {
            "what": KIND_WORDS[kind],
            "value": _plain(value),
            "unit": unit,
            "z": _plain(z, "+.1f"),
            "reference": REFERENCE_NAMES.get(reference, reference),
        }
    return _("This value is not a number we can use; check it.")


def flagged_words(*, kind: str, value: float, unit: str, z: float, reference: str) -> str:
    """Why a value beyond WHO's flags for implausible z-scores needs a second look before it is saved."""
    return _(
        "A %(what)s of %(value)s %(unit)s is %(z)s SD from the %(reference)s median at this age, beyond "
        "WHO's limits for a plausible value. Measure again if you can; save it only if it is what you "
        "measured."
    ) % {
        "what": KIND_WORDS[kind],
        "value": _plain(value),
        "unit": unit,
        "z": _plain(z, "+.1f"),
        "reference": REFERENCE_NAMES.get(reference, reference),
    }


def finding_words(message_id: str, params: Mapping[str, int | float | str], default: str) -> str:
    """A faltering-growth finding in plain words; unknown message ids fall back to the default text."""
    if message_id == "growth.faltering.below_2nd_centile":
        return _(
            "Weight is on centile %(centile)s (z %(z)s), below the 2nd centile. NICE NG75 advises an "
            "assessment whatever the birth weight."
        ) % {"centile": _num(float(params["centile"])), "z": _num(float(params["z"]), 2)}
    if message_id == "growth.faltering.centile_fall":
        bands = {
            "below_9th": _("below the 9th centile"),
            "9th_to_91st": _("between the 9th and 91st centile"),
            "above_91st": _("above the 91st centile"),
        }
        return _(
            "Weight has fallen from centile %(from)s to centile %(to)s, across %(spaces)s centile spaces. "
            "For a birth weight %(band)s, NICE NG75 advises an assessment at %(threshold)s or more."
        ) % {
            "from": _num(float(params["from_centile"])),
            "to": _num(float(params["to_centile"])),
            "spaces": params["spaces"],
            "band": bands.get(str(params["birth_band"]), params["birth_band"]),
            "threshold": params["threshold"],
        }
    if message_id == "growth.faltering.early_weight_loss":
        return _(
            "Weight is %(percent)s%% below birth weight (%(birth)s kg to %(now)s kg) at %(days)s days. "
            "NICE NG75 advises an assessment when early weight loss is more than 10%%."
        ) % {
            "percent": _num(float(params["percent"])),
            "birth": _num(float(params["birth_kg"]), 3),
            "now": _num(float(params["current_kg"]), 3),
            "days": params["age_days"],
        }
    if message_id == "growth.faltering.wasting":
        values = {"z": _num(float(params["z"]), 2)}
        if params.get("against") == "height":
            if params.get("severe"):
                return _("Weight-for-height is %(z)s SD, below −3 SD: severe wasting (WHO).") % values
            return _("Weight-for-height is %(z)s SD, below −2 SD: wasting (WHO).") % values
        if params.get("severe"):
            return _("Weight-for-length is %(z)s SD, below −3 SD: severe wasting (WHO).") % values
        return _("Weight-for-length is %(z)s SD, below −2 SD: wasting (WHO).") % values
    return default


RULE_TITLES = {
    "below_2nd_centile": gettext_lazy("Weight below the 2nd centile"),
    "centile_fall": gettext_lazy("Fall across centile spaces"),
    "early_weight_loss": gettext_lazy("Early weight loss over 10%"),
    "wasting": gettext_lazy("Thin for length or height"),
}
