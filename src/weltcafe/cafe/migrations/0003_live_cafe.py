import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import weltcafe.common.tokens


def fill_tokens(apps, schema_editor):
    # A callable default runs once per AddField, so existing rows would share one token; give each its own.
    for model_name in ("Cafe", "Table"):
        model = apps.get_model("cafe", model_name)
        field = "wall_token" if model_name == "Cafe" else "access_token"
        for row in model.objects.all():
            setattr(row, field, weltcafe.common.tokens.new_access_token())
            row.save(update_fields=[field])


class Migration(migrations.Migration):
    dependencies = [
        ("cafe", "0002_seating_plan"),
        ("events", "0002_search_keys"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="cafe",
            name="wall_token",
            field=models.CharField(editable=False, max_length=64, null=True),
        ),
        migrations.AddField(
            model_name="table",
            name="access_token",
            field=models.CharField(editable=False, max_length=64, null=True),
        ),
        migrations.RunPython(fill_tokens, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="cafe",
            name="wall_token",
            field=models.CharField(
                default=weltcafe.common.tokens.new_access_token, editable=False, max_length=64, unique=True
            ),
        ),
        migrations.AlterField(
            model_name="table",
            name="access_token",
            field=models.CharField(
                default=weltcafe.common.tokens.new_access_token, editable=False, max_length=64, unique=True
            ),
        ),
        migrations.AddField(
            model_name="cafe",
            name="broadcast_message",
            field=models.CharField(blank=True, max_length=280, verbose_name="Durchsage"),
        ),
        migrations.AddField(
            model_name="cafe",
            name="broadcast_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="cafe",
            name="grace_seconds",
            field=models.PositiveSmallIntegerField(
                default=120, verbose_name="Nachfrist für Ideen nach Rundenende (Sekunden)"
            ),
        ),
        migrations.AddField(
            model_name="round",
            name="deadline",
            field=models.DateTimeField(blank=True, null=True, verbose_name="endet planmäßig"),
        ),
        migrations.AddField(
            model_name="round",
            name="paused_remaining",
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name="Restzeit bei Pause (Sekunden)"),
        ),
        migrations.CreateModel(
            name="ModerationEntry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "action",
                    models.CharField(
                        choices=[
                            ("hide", "ausgeblendet"),
                            ("restore", "wiederhergestellt"),
                            ("edit", "bearbeitet"),
                            ("merge", "zusammengeführt"),
                            ("key_insight", "als Kernerkenntnis markiert"),
                        ],
                        max_length=16,
                    ),
                ),
                ("before", models.TextField(blank=True)),
                ("after", models.TextField(blank=True)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "actor_participant",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="events.participant",
                    ),
                ),
                (
                    "actor_user",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "cafe",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="moderation_entries", to="cafe.cafe"
                    ),
                ),
                (
                    "idea",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="moderation_entries", to="cafe.idea"
                    ),
                ),
            ],
            options={
                "verbose_name": "Moderationseintrag",
                "verbose_name_plural": "Moderationsprotokoll",
                "ordering": ["-created_at", "-id"],
            },
        ),
    ]
