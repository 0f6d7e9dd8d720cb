"""Questions get an optional short label, the name charts and compact tables give them.

The shipped questionnaire's versions 1 and 2 carry short labels in their files
(fixtures/questionnaires/). Where a database already holds those versions (published, so
never changed through the services), the same labels are filled in here, so the stored
copies stay identical to the files and ``load_questionnaire --if-new`` still finds them
so. A short label is wording for charts: it changes no question, answer or score.
"""

from django.db import migrations, models

SHIPPED_CODE = "london-digital-maturity"
SHIPPED_VERSIONS = (1, 2)
# The short labels in fixtures/questionnaires/london-digital-maturity-v1.yaml and -v2.yaml
# (the same for both; a test keeps them equal to the files).
SHIPPED_LABELS = {
    "tech-lines-of-business": "Lines of business",
    "tech-application-count": "Applications in the catalogue",
    "tech-systems-map": "Systems behind each service",
    "tech-legacy": "Legacy technology",
    "tech-cloud": "Cloud services",
    "tech-integration": "Systems integration",
    "tech-architecture": "Technology design decisions",
    "tech-leadership": "Digital leadership",
    "tech-improvement": "One technology improvement",
    "data-corporate": "Data managed corporately",
    "data-standards": "Data standards",
    "data-quality": "Data quality",
    "data-governance": "Data governance",
    "data-sharing": "Data sharing with partners",
    "data-open": "Open data",
    "data-insight": "Data in decision-making",
    "data-ai": "AI use and governance",
    "data-owners": "Named dataset owners",
    "data-improvement": "One data improvement",
    "sec-approach": "Cyber security management",
    "sec-cyber-essentials-plus": "Cyber Essentials Plus",
    "sec-psn": "PSN compliance",
    "sec-multi-factor": "Multi-factor authentication",
    "sec-patching": "Fixing vulnerabilities",
    "sec-critical-vulnerabilities": "Unpatched critical vulnerabilities",
    "sec-incident-response": "Incident response",
    "sec-backup": "Backups and restores",
    "sec-awareness": "Security awareness",
    "sec-suppliers": "Supplier security",
    "sec-improvement": "One security improvement",
    "proc-how-bought": "How technology is bought",
    "proc-sales-cycle-months": "Sales cycle (months)",
    "proc-sme": "Openness to SMEs",
    "proc-frameworks": "Use of frameworks",
    "proc-open-standards": "Open standards in contracts",
    "proc-exit": "Exit from contracts",
    "proc-contract-management": "Contract management",
    "proc-collaboration": "Buying together",
    "proc-improvement": "One buying improvement",
}


def label_shipped_questions(apps, schema_editor):
    # QuerySet.update, not save(): the model's guard would refuse to touch a published
    # version, and this adds wording that the version's file now has, nothing else.
    question = apps.get_model("surveys", "Question")
    shipped = question.objects.filter(
        questionnaire__code=SHIPPED_CODE,
        questionnaire__version__in=SHIPPED_VERSIONS,
        short_label="",
    )
    for code, label in SHIPPED_LABELS.items():
        shipped.filter(code=code).update(short_label=label)


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0003_unused_permissions_removed"),
    ]

    operations = [
        migrations.AddField(
            model_name="question",
            name="short_label",
            field=models.CharField(
                blank=True,
                help_text="Names the question on charts and in compact tables, e.g. 'Data sharing'.",
                max_length=40,
            ),
        ),
        migrations.RunPython(label_shipped_questions, migrations.RunPython.noop, elidable=True),
    ]
