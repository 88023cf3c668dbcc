# Each organization's trail becomes a pool of lanes, each its own hash chain (see AuditLaneHead).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='auditevent',
            name='lane',
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.RemoveConstraint(
            model_name='auditevent',
            name='audit_chain_seq_unique',
        ),
        # The unique (chain, lane, seq) index below serves every lookup the index on chain alone did.
        migrations.AlterField(
            model_name='auditevent',
            name='chain',
            field=models.BigIntegerField(),
        ),
        migrations.AddConstraint(
            model_name='auditevent',
            constraint=models.UniqueConstraint(fields=('chain', 'lane', 'seq'), name='audit_chain_lane_seq_unique'),
        ),
        migrations.CreateModel(
            name='AuditLaneHead',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('chain', models.BigIntegerField()),
                ('lane', models.PositiveIntegerField()),
                ('seq', models.BigIntegerField(default=0)),
                ('hash', models.CharField(max_length=64)),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('chain', 'lane'), name='audit_lane_unique')],
            },
        ),
    ]
