"""Indexes in the lists' own order (case, person and deadline lists), so that a first
page at national scale is read off an index and stops after 50 rows instead of
sorting every visible row (see cases/selectors.py and bench/scoping.py)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0007_reminder_scan_window"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["-opened_on", "-id"], name="case_opened_order_idx"),
        ),
        migrations.AddIndex(
            model_name="deadline",
            index=models.Index(fields=["due_on", "id"], name="deadline_due_order_idx"),
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(fields=["family_name", "given_names", "id"], name="person_name_order_idx"),
        ),
    ]
