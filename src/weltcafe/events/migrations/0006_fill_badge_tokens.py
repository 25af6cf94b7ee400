# One fresh badge token per existing participant (a default would give every row the same value).

from django.db import migrations

from weltcafe.common.tokens import new_access_token


def fill_badge_tokens(apps, schema_editor):
    Participant = apps.get_model('events', 'Participant')
    rows = list(Participant.objects.filter(badge_token__isnull=True).only('pk'))
    for row in rows:
        row.badge_token = new_access_token()
    Participant.objects.bulk_update(rows, ['badge_token'], batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0005_participant_badge_token'),
    ]

    operations = [
        migrations.RunPython(fill_badge_tokens, migrations.RunPython.noop),
    ]
