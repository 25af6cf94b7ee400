# A contact-only token for the printed badge, and when the personal link was first bound to a phone.
# Three steps (nullable column, one distinct token per row, then unique and required) as Django's docs advise for
# unique fields on existing rows; each in its own migration so PostgreSQL never alters a table with pending updates.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0004_event_retention'),
    ]

    operations = [
        migrations.AddField(
            model_name='participant',
            name='badge_token',
            field=models.CharField(editable=False, max_length=64, null=True, verbose_name='Namensschild-Schlüssel'),
        ),
        migrations.AddField(
            model_name='participant',
            name='link_claimed_at',
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name='Link mit einem Telefon verbunden'),
        ),
    ]
