# Hosts move from the topic to the table: a topic with two tables needs two hosts. A topic's host becomes the host
# of its first table (the one the planner and the screens gave them before), the other tables start without one.

import django.db.models.deletion
from django.db import migrations, models


def topic_host_to_first_table(apps, schema_editor):
    Topic = apps.get_model("cafe", "Topic")
    Table = apps.get_model("cafe", "Table")
    for topic in Topic.objects.exclude(host=None).iterator():
        first = Table.objects.filter(topic=topic).order_by("number").first()
        if first is not None and not Table.objects.filter(cafe_id=first.cafe_id, host_id=topic.host_id).exists():
            first.host_id = topic.host_id
            first.save(update_fields=["host"])


def first_table_host_to_topic(apps, schema_editor):
    Topic = apps.get_model("cafe", "Topic")
    Table = apps.get_model("cafe", "Table")
    for topic in Topic.objects.iterator():
        hosted = Table.objects.filter(topic=topic).exclude(host=None).order_by("number").first()
        if hosted is not None:
            topic.host_id = hosted.host_id
            topic.save(update_fields=["host"])


class Migration(migrations.Migration):

    dependencies = [
        ('cafe', '0006_broadcast_until'),
        ('events', '0010_participant_job_title_import_choices'),
    ]

    operations = [
        migrations.AddField(
            model_name='table',
            name='host',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='hosted_tables', to='events.participant', verbose_name='Gastgebende'),
        ),
        migrations.AddConstraint(
            model_name='table',
            constraint=models.UniqueConstraint(condition=models.Q(('host__isnull', False)), fields=('cafe', 'host'), name='table_one_table_per_host'),
        ),
        migrations.RunPython(topic_host_to_first_table, first_table_host_to_topic),
        migrations.RemoveField(
            model_name='topic',
            name='host',
        ),
    ]
