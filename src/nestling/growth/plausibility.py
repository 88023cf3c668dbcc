"""What a measurement of a young child may plausibly be: hard bounds on the value, and the z-scores past
which it is refused, checked, or (WHO's flags) saved only once someone confirms it. Pure: no Django."""

from __future__ import annotations

# Hard bounds for a child from birth (including extreme prematurity) to about five years. They catch
# wrong units and typing slips before any reference is consulted; the age-specific check is the z limit.
# The smallest surviving babies weigh a little over 0.2 kg and measure about 24 cm (rcpchgrowth's notes);
# a five-year-old far above +4 SD is still well under 60 kg and 140 cm; a head smaller than 15 cm or
# larger than 60 cm (an adult's is about 57 cm) is not a measurement of a young child.
WEIGHT_KG_MIN, WEIGHT_KG_MAX = 0.2, 60.0
LENGTH_CM_MIN, LENGTH_CM_MAX = 20.0, 140.0
HEAD_CM_MIN, HEAD_CM_MAX = 15.0, 60.0
BOUNDS: dict[str, tuple[float, float]] = {
    "weight": (WEIGHT_KG_MIN, WEIGHT_KG_MAX),
    "height": (LENGTH_CM_MIN, LENGTH_CM_MAX),
    "head_circumference": (HEAD_CM_MIN, HEAD_CM_MAX),
}

# rcpchgrowth treats a measurement beyond ±8 SD (±15 SD for BMI, which is far more skewed) as an error
# and beyond ±4 SD as worth checking (its issue #32); we refuse and flag at the same points.
IMPLAUSIBLE_Z = 8.0
IMPLAUSIBLE_BMI_Z = 15.0
CHECK_Z = 4.0

# WHO's flags for implausible z-scores, between which a value is saved only once someone confirms it was
# measured so. Confirmed against WHO's own anthro R package (WorldHealthOrganization/anthro,
# `anthro_zscores`, R/z-score.R): fwei when zwei < −6 or > +5; flen when |zlen| > 6; fwfl when
# |zwfl| > 5; fbmi when |zbmi| > 5; fhc when |zhc| > 5 (the same limits as WHO Anthro and igrowup).
# They are defined for the WHO standards; we apply the same limits on UK-WHO and CDC.
WHO_FLAGS: dict[str, tuple[float, float]] = {
    "weight": (-6.0, 5.0),
    "height": (-6.0, 6.0),
    "head_circumference": (-5.0, 5.0),
    "bmi": (-5.0, 5.0),
    "weight_for_length": (-5.0, 5.0),
}


def outside_who_flags(method: str, z: float | None) -> bool:
    """Whether a z-score is beyond WHO's flag for implausible values of this measurement."""
    if z is None:
        return False
    low, high = WHO_FLAGS[method]
    return not low <= z <= high
