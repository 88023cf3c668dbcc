# The single head per organization is gone: each lane has its own (AuditLaneHead, filled by 0003).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0003_rekey_lane_zero'),
    ]

    operations = [
        migrations.DeleteModel(
            name='AuditChainHead',
        ),
    ]
