from django.db import migrations, models

import weltcafe.common.tokens


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0006_fill_badge_tokens'),
    ]

    operations = [
        migrations.AlterField(
            model_name='participant',
            name='badge_token',
            field=models.CharField(default=weltcafe.common.tokens.new_access_token, editable=False, max_length=64, unique=True, verbose_name='Namensschild-Schlüssel'),
        ),
    ]
