"""Carry the edit history that earlier versions kept only in audit rows into the history table."""

from django.db import migrations


def forward(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    RecordChange = apps.get_model("records", "RecordChange")
    User = apps.get_model("accounts", "User")
    labels = {}
    for model in apps.get_models():
        if model._meta.app_label in ("families", "screening", "growth"):
            labels.setdefault(model._meta.model_name, model._meta.label_lower)
    users = set(User.objects.values_list("pk", flat=True))
    seen = set()
    batch = []
    rows = AuditEvent.objects.filter(action="change").order_by("chain", "seq").iterator(chunk_size=2000)
    for event in rows:
        detail = event.detail or {}
        label = labels.get(event.subject_type)
        if label is None or "after" not in detail or "version" not in detail or not event.subject_id:
            continue
        key = (label, event.subject_id, int(detail["version"]))
        if key in seen or event.organization_id is None:
            continue
        seen.add(key)
        batch.append(
            RecordChange(
                organization_id=event.organization_id,
                record_type=label,
                record_uuid=event.subject_id,
                family_uuid=event.family_uuid,
                version=int(detail["version"]),
                changed_at=event.at,
                changed_by_id=event.actor_id if event.actor_id in users else None,
                changed_by_label=event.actor_label,
                before=detail.get("before", {}),
                after=detail.get("after", {}),
            )
        )
        if len(batch) >= 1000:
            RecordChange.objects.bulk_create(batch)
            batch = []
    RecordChange.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [
        ("records", "0001_history"),
        ("audit", "0001_initial"),
        ("accounts", "0001_initial"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
