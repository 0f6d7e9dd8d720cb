"""The audit event model, moved here from the surveys app without touching its table.

The table ``surveys_auditevent`` was created by ``surveys.0001_initial``; this migration
only tells Django's state that the model now belongs to this app (the surveys app's
``0002_auditevent_moved_to_audit`` removes it from there). No data is copied.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("surveys", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="AuditEvent",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("at", models.DateTimeField(db_index=True)),
                        ("actor_name", models.CharField(blank=True, max_length=150)),
                        ("action", models.CharField(db_index=True, max_length=60)),
                        ("target", models.CharField(blank=True, max_length=300)),
                        ("ip_address", models.GenericIPAddressField(blank=True, null=True)),
                        ("detail", models.JSONField(blank=True, default=dict)),
                        (
                            "actor",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "surveys_auditevent",
                        "ordering": ["-at", "-pk"],
                    },
                ),
            ],
        ),
    ]
