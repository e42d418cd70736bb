"""Fill the new record fields of the seed's reviews in a database that already has them.

Loading the seed adds only what a database lacks, so reviews loaded before 0006 keep empty
record fields. This fills each field of the seed reviews (found by slug) only where it is still
empty, so anything staff entered stays. Every value is the one fixtures/ now holds, from the
seed texts: Derby's period and report link (the link both summary leaflets give for the full
report, dated 03/03/15), the Leicestershire & Rutland newsletter's year (2011, seed README),
Appendix 1's gender and ethnicity figures (A.5, A.6) as tables.

Derby's overview review held Appendix 1's ethnicity table as tab-separated lines at the end of
its demographic notes; now that the table is data, those lines are taken off the notes, only
where the notes still end with them exactly as the seed gave them.
"""

from django.db import migrations

DERBY_REPORT = "http://www.derbyscb.org.uk/scb2.asp"
ETHNICITY_COLUMNS = [
    "Ethnic Group",
    "Derby Population 2011 Census",
    "Serious Case Reviews",
    "Learning Reviews",
    "Of the 34 total CSE victims",
]
ETHNICITY_ROWS = [
    ["Asian or Asian British", "12.5%", "0", "2", "2"],
    ["Black or Black British", "2.9%", "1", "2", "3"],
    ["Dual Heritage", "2.9%", "3", "6", "7"],
    ["Not recorded", "Nil", "0", "0", "0"],
    ["Other", "1%", "0", "0", "0"],
    ["White British", "75.3%", "9", "28", "22"],
    ["White Other", "4.9%", "0", "2", "0"],
    ["Total", "100%", "13", "40", "34"],
]
ETHNICITY_CAPTION = (
    "Ethnicity of children subject of serious case reviews and learning reviews against census figures in 2011"
)
GENDER_SCR = {
    "caption": "Gender of the children subject of serious case reviews",
    "locator": "A.5",
    "columns": ["Gender", "Children"],
    "rows": [["Male", "9"], ["Female", "3"]],
    "note": "This figure includes six siblings from one family who all died in a fire.",
}
GENDER_LR = {
    "caption": "Gender of the children subject of learning reviews",
    "locator": "A.5",
    "columns": ["Children", "Female", "Male"],
    "rows": [
        ["Two learning reviews of child sexual abuse", "32", ""],
        ["The other learning reviews", "4", "4"],
    ],
}


def ethnicity(columns):
    """Appendix 1's table A.6 with the columns at these positions (0 and 1 always)."""
    keep = [0, 1, *columns]
    return {
        "caption": ETHNICITY_CAPTION,
        "locator": "A.6",
        "columns": [ETHNICITY_COLUMNS[i] for i in keep],
        "rows": [[row[i] for i in keep] for row in ETHNICITY_ROWS],
    }


DERBY = {"area": "Derby", "year_from": 2008, "year_to": 2014, "year_reported": 2015, "report_url": DERBY_REPORT}
LEICESTERSHIRE = {"year_reported": 2011}
SEED_RECORDS = {
    "derby-serious-case-reviews-2008-2014": {
        **DERBY,
        "keywords": "Physical Abuse, Sexual Abuse, Neglect, babies, school aged children, sexual exploitation",
        "demographic_tables": [GENDER_SCR, ethnicity([2])],
    },
    "derby-learning-reviews-2008-2014": {
        **DERBY,
        "keywords": "Sexual Abuse, Physical Abuse, Neglect, child sexual abuse, teenagers and young adults",
        "demographic_tables": [GENDER_LR, ethnicity([3])],
    },
    "derby-review-of-reviews-2008-2014": {
        **DERBY,
        "keywords": "serious case reviews, learning reviews, babies and pre-school children, "
        "school age children and young people",
        "demographic_tables": [GENDER_SCR, GENDER_LR, ethnicity([2, 3, 4])],
    },
    "ddscp-nine-school-age-children": {
        "area": "Derby and Derbyshire",
        "keywords": "Understanding the child's lived experience, Effective use of safeguarding processes, "
        "Emotional Wellbeing and Self Harm, Vulnerability of children not in school",
    },
    "lr-case-1-cse": {**LEICESTERSHIRE, "keywords": "Child Sexual Exploitation (CSE)"},
    "lr-case-2-physical-abuse": {**LEICESTERSHIRE, "keywords": "Child physical abuse, babies under 12 months"},
    "lr-case-3-physical-abuse": {**LEICESTERSHIRE, "keywords": "Child Physical Abuse, babies under 12 months"},
}
# The lines that held table A.6 at the end of the overview review's notes, as the seed gave them.
OLD_TABLE_LINES = "\n\n" + "\n".join("\t".join(row) for row in [ETHNICITY_COLUMNS, *ETHNICITY_ROWS])


def fill(apps, schema_editor):
    Review = apps.get_model("reviews", "Review")
    for review in Review.objects.filter(slug__in=SEED_RECORDS):
        changed = []
        for name, value in SEED_RECORDS[review.slug].items():
            if getattr(review, name) in (None, "", []):
                setattr(review, name, value)
                changed.append(name)
        if review.demographics.endswith(OLD_TABLE_LINES):
            review.demographics = review.demographics[: -len(OLD_TABLE_LINES)]
            changed.append("demographics")
        if changed:
            review.save(update_fields=changed)


class Migration(migrations.Migration):
    dependencies = [("reviews", "0006_review_record_fields")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
