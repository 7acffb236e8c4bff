# Announcements were models of portal.notifications (migration notifications.0003); this app
# takes them over as they are. Their tables keep their names (Meta.db_table), so this
# migration changes only Django's record of which app holds them, and notifications.0004
# (which runs after it) removes them from that app's record and moves their content types.

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('notifications', '0003_announcements'),
        ('stakeholders', '0005_memberships'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables exist (notifications.0003 made them): nothing to do in the database.
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='Announcement',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('subject', models.CharField(max_length=200, verbose_name='subject')),
                        ('body', models.TextField(help_text='Markdown.', verbose_name='message')),
                        ('filters', models.JSONField(blank=True, default=dict, verbose_name='segment')),
                        ('recipients', models.PositiveIntegerField(default=0, verbose_name='e-mails')),
                        ('token', models.UUIDField(blank=True, editable=False, null=True, unique=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('sent_at', models.DateTimeField(blank=True, null=True, verbose_name='sent')),
                        ('author', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='author')),
                    ],
                    options={
                        'verbose_name': 'announcement',
                        'verbose_name_plural': 'announcements',
                        'db_table': 'notifications_announcement',
                        'ordering': ['-created_at', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalAnnouncement',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('subject', models.CharField(max_length=200, verbose_name='subject')),
                        ('body', models.TextField(help_text='Markdown.', verbose_name='message')),
                        ('filters', models.JSONField(blank=True, default=dict, verbose_name='segment')),
                        ('recipients', models.PositiveIntegerField(default=0, verbose_name='e-mails')),
                        ('token', models.UUIDField(blank=True, db_index=True, editable=False, null=True)),
                        ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='created')),
                        ('sent_at', models.DateTimeField(blank=True, null=True, verbose_name='sent')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('author', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='author')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'historical announcement',
                        'verbose_name_plural': 'historical announcements',
                        'db_table': 'notifications_historicalannouncement',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='AnnouncementOrganization',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('contacts', models.PositiveIntegerField(verbose_name='contacts')),
                        ('announcement', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reached', to='announcements.announcement')),
                        ('organization', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='announcements_received', to='stakeholders.organization', verbose_name='organisation')),
                    ],
                    options={
                        'verbose_name': 'organisation reached',
                        'verbose_name_plural': 'organisations reached',
                        'db_table': 'notifications_announcementorganization',
                        'constraints': [models.UniqueConstraint(fields=('announcement', 'organization'), name='announcement_organization_unique')],
                    },
                ),
            ],
        ),
    ]
