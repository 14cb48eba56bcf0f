"""Caseless keys of usernames and emails (core.domain.models.users.identity_key), unique, in
place of the LOWER() constraints (SQLite's LOWER() folds ASCII only, so "Ärger@x" and
"ärger@x" were two accounts there, and a login with "Ärger@x" never matched)."""

import logging
import unicodedata

from django.db import migrations, models

logger = logging.getLogger("conduit.migrations")


def _key(value):  # identity_key as of this migration (a migration must not import the app)
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", value).casefold())


def fill_keys(apps, schema_editor):
    """Each user's keys. Accounts that only the new rule finds to be one (possible on SQLite
    before it) all stay, nothing is deleted: the oldest keeps the key, each later one gets a
    key marked with its id (so they stay unique) and is logged, for an operator to merge."""
    User = apps.get_model("core", "User")
    seen = {"username_key": set(), "email_key": set()}
    for user in User.objects.order_by("pk").iterator():
        for field, value in (("username_key", user.username), ("email_key", user.email)):
            key = _key(value)
            if key in seen[field]:
                logger.warning("user %s: %s %r is taken caselessly", user.pk, field, value)
                key = f"{key}\x1f{user.pk}"
            seen[field].add(key)
            setattr(user, field, key)
        User.objects.filter(pk=user.pk).update(
            username_key=user.username_key, email_key=user.email_key
        )


class Migration(migrations.Migration):
    dependencies = [("core", "0007_events_slug_max")]

    operations = [
        migrations.AddField(
            model_name="user",
            name="username_key",
            field=models.CharField(default="", max_length=192),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="user",
            name="email_key",
            field=models.CharField(default="", max_length=762),
            preserve_default=False,
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="user",
            name="username_key",
            field=models.CharField(max_length=192, unique=True),
        ),
        migrations.AlterField(
            model_name="user",
            name="email_key",
            field=models.CharField(max_length=762, unique=True),
        ),
        migrations.RemoveConstraint(model_name="user", name="users_username_ci_unique"),
        migrations.RemoveConstraint(model_name="user", name="users_email_ci_unique"),
    ]
