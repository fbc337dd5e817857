"""A short declaration of our own in the six UN languages, for tests of languages and scripts.

Written by the briefgen authors (the English first, then translated by them); no official
text. The French text differs from the others on purpose in three places, which a comparison
across languages must report, and only there:

- para 2 leaves out Ghana (the others name Chile, Ghana, Norway and Viet Nam);
- para 3 says 45 buoys where the others say 40;
- para 4 says 2031 where the others say 2030.

Every other pair is faithful, though the texts differ in what a naive reading would take for a
difference: the date is "12 May 2026" in English and "2026年5月12日" in Chinese; Russian names
the countries in the instrumental case ("Ганой") and Arabic joins "و" ("and") to them
("وغانا"); the Arabic para 3 writes its numbers in Arabic-Indic digits (٤٠, ٣٠); English writes
"Viet Nam" where CLDR says "Vietnam"; and para 6 names languages ("chinois", "китайском"),
which are not countries.
"""

from __future__ import annotations

from pathlib import Path

from .projects import make_work

LANGUAGES = {"en": "en", "fr": "fr", "es": "es", "ru": "ru", "zh": "zh", "ar": "ar"}

TITLES = {
    "en": "Port Lumen Declaration on Ocean Observation",
    "fr": "Déclaration de Port Lumen sur l'observation des océans",
    "es": "Declaración de Port Lumen sobre la observación de los océanos",
    "ru": "Порт-Люменская декларация о наблюдении за океаном",
    "zh": "关于海洋观测的卢门港宣言",
    "ar": "إعلان بورت لومن بشأن رصد المحيطات",
}

TEXTS: dict[str, list[str | None]] = {
    "en": [
        "We, the ministers responsible for the sea, meeting in Port Lumen on 12 May 2026, "
        "adopt this declaration.",
        "We recall the programme of shared buoys launched in 2019 by Chile, Ghana, Norway and "
        "Viet Nam.",
        "Each of our countries will maintain at least 40 observation buoys and publish their "
        "data within 30 days.",
        "We will train 250 young scientists by 2030 and report on our progress every two years.",
        "We invite the World Meteorological Organization to support this effort.",
        "Adopted in Port Lumen, in Arabic, Chinese, English, French, Russian and Spanish, all "
        "texts being equally authentic.",
    ],
    "fr": [
        "Nous, ministres chargés de la mer, réunis à Port Lumen le 12 mai 2026, adoptons la "
        "présente déclaration.",
        "Nous rappelons le programme de bouées partagées lancé en 2019 par le Chili, la Norvège "
        "et le Viet Nam.",
        "Chacun de nos pays entretiendra au moins 45 bouées d'observation et publiera leurs "
        "données dans un délai de 30 jours.",
        "Nous formerons 250 jeunes scientifiques d'ici à 2031 et rendrons compte de nos progrès "
        "tous les deux ans.",
        "Nous invitons l'Organisation météorologique mondiale à soutenir cet effort.",
        "Adoptée à Port Lumen, en anglais, arabe, chinois, espagnol, français et russe, tous les "
        "textes faisant également foi.",
    ],
    "es": [
        "Nosotros, los ministros responsables del mar, reunidos en Port Lumen el 12 de mayo de "
        "2026, aprobamos la presente declaración.",
        "Recordamos el programa de boyas compartidas puesto en marcha en 2019 por Chile, Ghana, "
        "Noruega y Viet Nam.",
        "Cada uno de nuestros países mantendrá al menos 40 boyas de observación y publicará sus "
        "datos en un plazo de 30 días.",
        "Formaremos a 250 jóvenes científicos de aquí a 2030 e informaremos de nuestros "
        "progresos cada dos años.",
        "Invitamos a la Organización Meteorológica Mundial a apoyar este esfuerzo.",
        "Aprobada en Port Lumen, en árabe, chino, español, francés, inglés y ruso, siendo todos "
        "los textos igualmente auténticos.",
    ],
    "ru": [
        "Мы, министры, отвечающие за морские дела, собравшиеся в Порт-Люмене 12 мая 2026 года, "
        "принимаем настоящую декларацию.",
        "Мы напоминаем о программе совместных буёв, начатой в 2019 году Вьетнамом, Ганой, "
        "Норвегией и Чили.",
        "Каждая из наших стран будет поддерживать не менее 40 буёв наблюдения и публиковать их "
        "данные в течение 30 дней.",
        "Мы подготовим 250 молодых учёных к 2030 году и будем отчитываться о достигнутом "
        "прогрессе каждые два года.",
        "Мы предлагаем Всемирной метеорологической организации поддержать эти усилия.",
        "Принята в Порт-Люмене на английском, арабском, испанском, китайском, русском и "
        "французском языках, причём все тексты являются равно аутентичными.",
    ],
    "zh": [
        "我们，负责海洋事务的部长们，于2026年5月12日在卢门港举行会议，通过本宣言。",
        "我们回顾智利、加纳、挪威和越南于2019年启动的共享浮标计划。",
        "我们各国将维护至少40个观测浮标，并在30天内公布其数据。",
        "我们将在2030年前培训250名青年科学家，并每两年报告一次进展。",
        "我们邀请世界气象组织支持这项工作。",
        "本宣言于卢门港通过，以阿拉伯文、中文、英文、法文、俄文和西班牙文写成，各文本同等作准。",
    ],
    "ar": [
        "نحن الوزراء المسؤولون عن شؤون البحر، المجتمعون في بورت لومن في 12 مايو 2026، نعتمد "
        "هذا الإعلان.",
        "نستذكر برنامج العوامات المشتركة الذي أطلقته في عام 2019 تشيلي وغانا والنرويج وفيتنام.",
        "سيحافظ كل بلد من بلداننا على ما لا يقل عن ٤٠ عوامة رصد، وينشر بياناتها في غضون ٣٠ يومًا.",
        "سندرّب 250 عالمًا شابًا بحلول عام 2030، وسنقدّم تقريرًا عن التقدم المحرز كل سنتين.",
        "ندعو المنظمة العالمية للأرصاد الجوية إلى دعم هذا الجهد.",
        "اعتُمد في بورت لومن باللغات الإسبانية والإنكليزية والروسية والصينية والعربية "
        "والفرنسية، وجميع النصوص متساوية في الحجية.",
    ],
}

#: What a comparison of French against English must report, and nothing else:
#: (paragraph number, what differs, its value in English, its value in French or None).
FRENCH_DIFFERENCES = [
    ("2", "country", "GH", None),
    ("3", "number", "40", "45"),
    ("4", "year", "2030", "2031"),
]


def six_language_work(root: Path, work_id: str = "port-lumen") -> Path:
    """Write the six-language work under root/sources; return its YAML path."""
    return make_work(root, TEXTS, work_id=work_id, languages=LANGUAGES, titles=TITLES)
