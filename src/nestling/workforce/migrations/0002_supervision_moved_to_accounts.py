"""Who supervises whom now lives in accounts; the table is unchanged."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("workforce", "0001_initial"), ("accounts", "0002_supervision")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Supervision")], database_operations=[]
        )
    ]
