"""A writer for the backup test: adds caregivers to a demo family through the real service (audited, one
transaction each) until told to stop, printing `ack <caregiver id> <unix time>` after each commit."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

STOP = Path(sys.argv[1])


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nestling.settings")
    import django

    django.setup()
    from nestling.accounts.models import User
    from nestling.families.models import CaseloadAssignment
    from nestling.families.services.people import caregiver_create

    pat = User.objects.get(email="practitioner@demo.nestling.test")
    family = CaseloadAssignment.objects.filter(practitioner=pat).select_related("family").first().family
    n = 0
    while not STOP.exists() and n < 2000:
        n += 1
        caregiver = caregiver_create(family=family, by=pat, given_name=f"Loadtest{n}", family_name="Backup")
        print(f"ack {caregiver.pk} {time.time():.6f}", flush=True)


if __name__ == "__main__":
    main()
