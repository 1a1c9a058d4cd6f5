from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("linkage", "0002_joint_linkage"),
    ]

    operations = [
        migrations.AlterField(
            model_name="outboxmessage",
            name="kind",
            field=models.CharField(
                choices=[
                    ("inquiry", "查询"),
                    ("freeze", "冻结"),
                    ("deduct", "扣划"),
                    ("release", "解除"),
                    ("credit", "信用惩戒推送"),
                ],
                max_length=10,
            ),
        ),
    ]
