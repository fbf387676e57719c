"""The interpreter's vocabulary: words and phrases per life domain, in English with some
German, Spanish and French, and emoji.

Plain data, so it can grow without touching the rules. Each table maps a phrase (matched as
whole words, case- and accent-insensitively; a trailing ``*`` matches any word ending) to
what it suggests and how strongly (a base confidence before time, duration and place are
weighed). Words that are ambiguous on their own ("run", "training", "class") get a weak
weight: the time of day, the duration or another word has to back them up.

Conventions the labelled set follows (``data/README.md`` says more):
- a meal is breakfast, brunch, lunch or dinner (coffee and drinks are not meals);
- a practice session is time spent learning a skill (an instrument, a language, a craft);
  a sport lesson is both a workout and a practice session, a fitness class only a workout;
- a work session is focused time on a project, not a status meeting;
- an interaction needs someone named (a name after "with", "w/", "&", "call", or a family
  word such as "Mom");
- a transaction is a payment, purchase or income, usually with an amount.
"""

from __future__ import annotations

STRONG, MEDIUM, WEAK = 0.86, 0.74, 0.42

# phrase -> (workout type, base confidence)
WORKOUT: dict[str, tuple[str, float]] = {
    # English
    "run": ("run", 0.7), "runs": ("run", 0.7), "running": ("run", MEDIUM),
    "morning run": ("run", STRONG), "evening run": ("run", STRONG), "long run": ("run", STRONG),
    "easy run": ("run", STRONG), "tempo run": ("run", STRONG), "trail run": ("run", STRONG),
    "interval run": ("run", STRONG), "recovery run": ("run", STRONG), "jog": ("run", STRONG),
    "jogging": ("run", STRONG), "5k": ("run", MEDIUM), "10k": ("run", MEDIUM),
    "half marathon": ("run", MEDIUM), "marathon training": ("run", STRONG),
    "parkrun": ("run", STRONG), "track workout": ("run", STRONG),
    "gym": ("strength", STRONG), "workout": ("strength", STRONG), "work out": ("strength", STRONG),
    "weights": ("strength", STRONG), "weightlifting": ("strength", STRONG),
    "lifting": ("strength", STRONG), "lift": ("strength", WEAK),
    "strength training": ("strength", STRONG), "strength": ("strength", MEDIUM),
    "leg day": ("strength", STRONG), "arm day": ("strength", STRONG),
    "push day": ("strength", STRONG), "pull day": ("strength", STRONG),
    "upper body": ("strength", MEDIUM), "lower body": ("strength", MEDIUM),
    "full body": ("strength", MEDIUM), "core workout": ("strength", STRONG),
    "crossfit": ("crossfit", STRONG), "wod": ("crossfit", STRONG),
    "bootcamp": ("hiit", STRONG), "boot camp": ("hiit", STRONG), "hiit": ("hiit", STRONG),
    "tabata": ("hiit", STRONG), "circuit training": ("hiit", STRONG), "cardio": ("cardio", STRONG),
    "treadmill": ("cardio", STRONG), "elliptical": ("cardio", STRONG),
    "personal training": ("strength", STRONG), "personal trainer": ("strength", STRONG),
    "pt session": ("strength", MEDIUM), "calisthenics": ("strength", STRONG),
    "yoga": ("yoga", STRONG), "vinyasa": ("yoga", STRONG), "ashtanga": ("yoga", STRONG),
    "hot yoga": ("yoga", STRONG), "pilates": ("pilates", STRONG), "reformer": ("pilates", MEDIUM),
    "barre": ("barre", STRONG), "zumba": ("dance", STRONG),
    "spin": ("cycling", MEDIUM), "spin class": ("cycling", STRONG), "spinning": ("cycling", STRONG),
    "cycling": ("cycling", STRONG), "bike ride": ("cycling", STRONG), "ride": ("cycling", WEAK),
    "peloton": ("cycling", STRONG), "indoor cycling": ("cycling", STRONG),
    "swim": ("swim", STRONG), "swimming": ("swim", STRONG), "laps": ("swim", WEAK),
    "climbing": ("climbing", STRONG), "bouldering": ("climbing", STRONG),
    "climb": ("climbing", MEDIUM), "hike": ("hiking", STRONG), "hiking": ("hiking", STRONG),
    "rowing": ("rowing", STRONG), "erg": ("rowing", MEDIUM), "row": ("rowing", WEAK),
    "boxing": ("boxing", STRONG), "kickboxing": ("boxing", STRONG), "muay thai": ("martial arts", STRONG),
    "bjj": ("martial arts", STRONG), "jiu jitsu": ("martial arts", STRONG),
    "jiu-jitsu": ("martial arts", STRONG), "judo": ("martial arts", STRONG),
    "karate": ("martial arts", STRONG), "taekwondo": ("martial arts", STRONG),
    "martial arts": ("martial arts", STRONG), "tennis": ("tennis", STRONG),
    "squash": ("squash", STRONG), "badminton": ("badminton", STRONG), "padel": ("padel", STRONG),
    "pickleball": ("pickleball", STRONG), "basketball": ("basketball", STRONG),
    "soccer": ("soccer", STRONG), "football": ("soccer", MEDIUM), "futsal": ("soccer", STRONG),
    "volleyball": ("volleyball", STRONG), "rugby": ("rugby", STRONG), "hockey": ("hockey", MEDIUM),
    "golf": ("golf", MEDIUM), "skiing": ("skiing", STRONG), "ski": ("skiing", MEDIUM),
    "snowboarding": ("skiing", STRONG), "surf": ("surfing", MEDIUM), "surfing": ("surfing", STRONG),
    "skating": ("skating", MEDIUM), "triathlon": ("triathlon", STRONG),
    "brick workout": ("triathlon", STRONG), "training run": ("run", STRONG),
    "training": ("other", WEAK), "exercise": ("other", STRONG), "sport": ("other", MEDIUM),
    "sports": ("other", MEDIUM), "fitness": ("other", MEDIUM), "fitness class": ("other", STRONG),
    "orangetheory": ("hiit", STRONG), "f45": ("hiit", STRONG), "kettlebell*": ("strength", STRONG),
    "deadlift*": ("strength", STRONG), "squat*": ("strength", MEDIUM),
    # German
    "laufen": ("run", STRONG), "joggen": ("run", STRONG), "lauftraining": ("run", STRONG),
    "dauerlauf": ("run", STRONG), "fitnessstudio": ("strength", STRONG),
    "krafttraining": ("strength", STRONG), "schwimmen": ("swim", STRONG),
    "schwimmbad": ("swim", MEDIUM), "radfahren": ("cycling", STRONG), "radtour": ("cycling", STRONG),
    "rennrad": ("cycling", STRONG), "wandern": ("hiking", STRONG), "wanderung": ("hiking", STRONG),
    "klettern": ("climbing", STRONG), "bouldern": ("climbing", STRONG),
    "fussball": ("soccer", STRONG), "sporttraining": ("other", STRONG),
    "rudern": ("rowing", STRONG), "turnen": ("other", STRONG),
    # Spanish
    "correr": ("run", STRONG), "carrera": ("run", WEAK), "trote": ("run", STRONG),
    "gimnasio": ("strength", STRONG), "gimnasia": ("other", STRONG), "pesas": ("strength", STRONG),
    "entrenamiento": ("other", MEDIUM), "entreno": ("other", STRONG),
    "natacion": ("swim", STRONG), "nadar": ("swim", STRONG), "ciclismo": ("cycling", STRONG),
    "bici": ("cycling", MEDIUM), "senderismo": ("hiking", STRONG), "escalada": ("climbing", STRONG),
    "futbol": ("soccer", STRONG), "baloncesto": ("basketball", STRONG),
    "ejercicio": ("other", STRONG),
    # French
    "course a pied": ("run", STRONG), "footing": ("run", STRONG), "courir": ("run", STRONG),
    "salle de sport": ("strength", STRONG), "musculation": ("strength", STRONG),
    "muscu": ("strength", STRONG), "natation": ("swim", STRONG), "nager": ("swim", STRONG),
    "piscine": ("swim", MEDIUM), "velo": ("cycling", MEDIUM), "randonnee": ("hiking", STRONG),
    "rando": ("hiking", STRONG), "seance de sport": ("other", STRONG),
    "entrainement": ("other", MEDIUM),
    # emoji
    "🏃": ("run", STRONG), "🏋": ("strength", STRONG), "💪": ("strength", MEDIUM),
    "🚴": ("cycling", STRONG), "🚲": ("cycling", MEDIUM), "🏊": ("swim", STRONG),
    "🧗": ("climbing", STRONG), "⚽": ("soccer", STRONG), "🎾": ("tennis", STRONG),
    "🥊": ("boxing", STRONG), "🏀": ("basketball", STRONG), "🥾": ("hiking", STRONG),
    "⛷": ("skiing", STRONG), "🏄": ("surfing", STRONG), "🤸": ("other", STRONG),
}  # fmt: skip

# phrase -> (meal type or None for "whichever fits the hour", base confidence)
MEAL: dict[str, tuple[str | None, float]] = {
    "lunch & learn": ("lunch", 0.76), "lunch and learn": ("lunch", 0.76),
    "breakfast": ("breakfast", 0.76), "brekkie": ("breakfast", 0.76),
    "brunch": ("lunch", 0.76), "lunch": ("lunch", 0.76), "lunch break": ("lunch", 0.76),
    "luncheon": ("lunch", 0.76), "dinner": ("dinner", 0.76), "supper": ("dinner", 0.76),
    "meal": (None, MEDIUM), "bbq": (None, 0.7), "barbecue": (None, 0.7),
    "potluck": (None, 0.7), "picnic": (None, 0.66), "dinner party": ("dinner", 0.76),
    "restaurant": (None, 0.66), "eat": (None, WEAK), "eating": (None, WEAK),
    "snack": ("snack", 0.7), "afternoon tea": ("snack", 0.7), "high tea": ("snack", 0.7),
    "tapas": (None, 0.7), "sushi": (None, 0.66), "pizza": (None, 0.66), "ramen": (None, 0.66),
    "tacos": (None, 0.66), "burgers": (None, 0.66), "dim sum": (None, 0.7),
    # German
    "fruhstuck": ("breakfast", 0.76), "mittagessen": ("lunch", 0.76),
    "mittagspause": ("lunch", 0.76), "abendessen": ("dinner", 0.76),
    "abendbrot": ("dinner", 0.76), "essen": (None, MEDIUM), "essen gehen": (None, 0.76),
    # Spanish
    "desayuno": ("breakfast", 0.76), "almuerzo": ("lunch", 0.76), "comida": (None, 0.7),
    "cena": ("dinner", 0.76), "merienda": ("snack", 0.7), "comer": (None, WEAK),
    # French
    "petit-dejeuner": ("breakfast", 0.76), "petit dejeuner": ("breakfast", 0.76),
    "petit dej": ("breakfast", 0.76), "dejeuner": ("lunch", 0.76), "diner": ("dinner", 0.76),
    "souper": ("dinner", 0.76), "repas": (None, MEDIUM), "gouter": ("snack", 0.7),
    # emoji
    "🍽": (None, MEDIUM), "🍳": ("breakfast", MEDIUM), "🥐": ("breakfast", MEDIUM),
    "🍕": (None, 0.66), "🍣": (None, 0.66), "🍔": (None, 0.66), "🍜": (None, 0.66),
    "🥗": (None, 0.66), "🌮": (None, 0.66),
}  # fmt: skip

# Hours (local, inclusive start, exclusive end) when a meal of that type is usual.
MEAL_HOURS: dict[str, tuple[float, float]] = {
    "breakfast": (5, 11), "lunch": (11, 15.5), "dinner": (17, 23), "snack": (14, 18),
}  # fmt: skip

# phrase -> (habit name, base confidence). Habits stay below auto-confirm on words alone:
# the owner's confirmations (the learned model) are what make a routine automatic.
HABIT: dict[str, tuple[str, float]] = {
    "meditate": ("meditation", 0.78), "meditation": ("meditation", 0.78),
    "meditating": ("meditation", 0.78), "mindfulness": ("meditation", 0.76),
    "headspace": ("meditation", 0.76), "breathwork": ("breathwork", 0.76),
    "breathing exercises": ("breathwork", 0.76), "journal": ("journaling", 0.72),
    "journaling": ("journaling", 0.78), "journalling": ("journaling", 0.78),
    "morning pages": ("journaling", 0.78), "gratitude": ("journaling", 0.72),
    "diary": ("journaling", 0.72), "read": ("reading", 0.66), "reading": ("reading", 0.74),
    "reading time": ("reading", 0.78), "read a book": ("reading", 0.78),
    "stretch": ("stretching", 0.74), "stretching": ("stretching", 0.78),
    "mobility": ("stretching", 0.74), "foam rolling": ("stretching", 0.78),
    "walk": ("walk", 0.66), "daily walk": ("walk", 0.78), "evening walk": ("walk", 0.78),
    "morning walk": ("walk", 0.78), "dog walk": ("walk", 0.78), "walk the dog": ("walk", 0.78),
    "lunch walk": ("walk", 0.78), "vitamins": ("vitamins", 0.74), "meds": ("vitamins", 0.7),
    "cold shower": ("cold shower", 0.78), "cold plunge": ("cold shower", 0.78),
    "sauna": ("sauna", 0.7), "floss": ("floss", 0.74), "flossing": ("floss", 0.74),
    "skincare": ("skincare", 0.72), "digital detox": ("digital detox", 0.76),
    "no screens": ("digital detox", 0.74), "screen-free": ("digital detox", 0.74),
    "wind down": ("wind down", 0.72), "bedtime routine": ("wind down", 0.76),
    "morning routine": ("morning routine", 0.76), "evening routine": ("wind down", 0.76),
    "weekly review": ("weekly review", 0.76), "daily review": ("weekly review", 0.72),
    "prayer": ("prayer", 0.76), "pray": ("prayer", 0.72), "hydrate": ("hydration", 0.72),
    "drink water": ("hydration", 0.74),
    # German
    "meditieren": ("meditation", 0.78), "achtsamkeit": ("meditation", 0.76),
    "tagebuch": ("journaling", 0.78), "lesen": ("reading", 0.72), "dehnen": ("stretching", 0.76),
    "spaziergang": ("walk", 0.76), "spazieren": ("walk", 0.76), "gassi": ("walk", 0.76),
    "abendroutine": ("wind down", 0.76), "morgenroutine": ("morning routine", 0.76),
    # Spanish
    "meditar": ("meditation", 0.78), "meditacion": ("meditation", 0.78),
    "escribir diario": ("journaling", 0.78), "lectura": ("reading", 0.76), "leer": ("reading", 0.72),
    "estiramientos": ("stretching", 0.78), "estirar": ("stretching", 0.76),
    "paseo": ("walk", 0.72), "caminata": ("walk", 0.74), "pasear al perro": ("walk", 0.78),
    # French
    "mediter": ("meditation", 0.78), "pleine conscience": ("meditation", 0.76),
    "journal intime": ("journaling", 0.78),
    "etirements": ("stretching", 0.78), "promenade": ("walk", 0.74), "balade": ("walk", 0.7),
    # emoji
    "🧘": ("meditation", 0.7), "📖": ("reading", 0.72), "📚": ("reading", 0.66),
    "✍": ("journaling", 0.66), "🙏": ("prayer", 0.66), "🚶": ("walk", 0.72),
}  # fmt: skip

# What a practice session practises: phrase -> (skill name, base confidence alone).
SKILL_SUBJECT: dict[str, tuple[str, float]] = {
    "piano": ("piano", 0.7), "keyboard": ("piano", WEAK), "guitar": ("guitar", 0.7),
    "bass": ("bass", WEAK), "violin": ("violin", 0.7), "viola": ("viola", 0.7),
    "cello": ("cello", 0.7), "drums": ("drums", 0.7), "ukulele": ("ukulele", 0.7),
    "saxophone": ("saxophone", 0.7), "sax": ("saxophone", 0.66), "trumpet": ("trumpet", 0.7),
    "flute": ("flute", 0.7), "clarinet": ("clarinet", 0.7), "harp": ("harp", 0.7),
    "singing": ("singing", 0.7), "voice": ("singing", WEAK), "vocal": ("singing", 0.66),
    "choir": ("singing", 0.7), "spanish": ("spanish", 0.62), "german": ("german", 0.62),
    "french": ("french", 0.62), "italian": ("italian", 0.62), "japanese": ("japanese", 0.62),
    "mandarin": ("mandarin", 0.66), "chinese": ("mandarin", 0.62),
    "portuguese": ("portuguese", 0.62), "korean": ("korean", 0.62), "arabic": ("arabic", 0.62),
    "english": ("english", WEAK), "language exchange": ("languages", 0.74),
    "tandem": ("languages", 0.66), "duolingo": ("languages", 0.74),
    "chess": ("chess", 0.7), "drawing": ("drawing", 0.7), "sketching": ("drawing", 0.7),
    "life drawing": ("drawing", 0.74), "painting": ("painting", 0.66),
    "watercolor": ("painting", 0.7), "watercolour": ("painting", 0.7),
    "pottery": ("pottery", 0.7), "ceramics": ("pottery", 0.7), "wheel throwing": ("pottery", 0.74),
    "photography": ("photography", 0.66), "calligraphy": ("calligraphy", 0.7),
    "knitting": ("knitting", 0.7), "crochet": ("knitting", 0.7), "sewing": ("sewing", 0.7),
    "woodworking": ("woodworking", 0.7), "salsa": ("dance", 0.66), "tango": ("dance", 0.66),
    "ballet": ("dance", 0.66), "bachata": ("dance", 0.66), "swing dance": ("dance", 0.7),
    "dance": ("dance", WEAK), "creative writing": ("writing", 0.74), "poetry": ("writing", 0.62),
    "public speaking": ("public speaking", 0.74), "toastmasters": ("public speaking", 0.78),
    "improv": ("improv", 0.66), "leetcode": ("coding", 0.74), "kata": ("coding", 0.66),
    "advent of code": ("coding", 0.74), "math": ("math", WEAK), "statistics": ("statistics", WEAK),
    "calculus": ("math", 0.62), "physics": ("physics", WEAK), "chemistry": ("chemistry", WEAK),
    "sign language": ("sign language", 0.7), "asl": ("sign language", 0.66),
    "cooking class": ("cooking", 0.74), "baking class": ("baking", 0.74),
    "scales": ("music", WEAK), "sight reading": ("music", 0.7), "music theory": ("music", 0.74),
    # German
    "klavier": ("piano", 0.7), "gitarre": ("guitar", 0.7), "geige": ("violin", 0.7),
    "schlagzeug": ("drums", 0.7), "gesang": ("singing", 0.7), "chor": ("singing", 0.7),
    "englisch": ("english", 0.62), "spanisch": ("spanish", 0.62),
    "franzosisch": ("french", 0.62), "italienisch": ("italian", 0.62), "schach": ("chess", 0.7),
    "zeichnen": ("drawing", 0.7), "malen": ("painting", 0.66), "topfern": ("pottery", 0.7),
    "deutschkurs": ("german", 0.82), "sprachkurs": ("languages", 0.82),
    # Spanish
    "guitarra": ("guitar", 0.7), "bateria": ("drums", WEAK),
    "canto": ("singing", 0.66), "ingles": ("english", 0.62), "aleman": ("german", 0.62),
    "frances": ("french", 0.62), "ajedrez": ("chess", 0.7), "dibujo": ("drawing", 0.7),
    "pintura": ("painting", 0.66), "ceramica": ("pottery", 0.7),
    # French
    "guitare": ("guitar", 0.7), "violon": ("violin", 0.7), "chant": ("singing", 0.62),
    "anglais": ("english", 0.62), "allemand": ("german", 0.62), "espagnol": ("spanish", 0.62),
    "italien": ("italian", 0.62), "echecs": ("chess", 0.7), "dessin": ("drawing", 0.7),
    "peinture": ("painting", 0.66), "poterie": ("pottery", 0.7),
    # emoji
    "🎹": ("piano", 0.74), "🎸": ("guitar", 0.74), "🎻": ("violin", 0.74), "🥁": ("drums", 0.74),
    "🎤": ("singing", 0.66), "♟": ("chess", 0.74), "🎨": ("painting", 0.66),
}  # fmt: skip

# Words that make a stretch of time a learning session: phrase -> (strength, base alone).
# "lesson" and "practice" make a sport lesson a practice too; "class" and "course" do not
# (a yoga class is a workout, a pottery class a practice session).
PRACTICE_MARKER: dict[str, tuple[str, float]] = {
    "practice": ("lesson", 0.66), "practise": ("lesson", 0.66), "practicing": ("lesson", 0.66),
    "practising": ("lesson", 0.66), "lesson": ("lesson", 0.7), "lessons": ("lesson", 0.7),
    "tutoring": ("lesson", 0.7), "tutor": ("lesson", 0.62), "coaching": ("lesson", 0.6),
    "rehearsal": ("lesson", 0.7), "class": ("class", 0.58), "classes": ("class", 0.58),
    "course": ("class", 0.62), "workshop": ("class", WEAK), "study": ("class", 0.7),
    "studying": ("class", 0.7), "study session": ("class", 0.74), "study group": ("class", 0.74),
    "homework": ("class", 0.66), "exam prep": ("class", 0.74), "revision": ("class", WEAK),
    "drills": ("lesson", WEAK), "learn": ("class", 0.62), "learning": ("class", WEAK),
    "tutorial": ("class", 0.62), "online course": ("class", 0.72), "seminar": ("class", WEAK),
    # German
    "uben": ("lesson", 0.7), "ubung": ("lesson", 0.62), "unterricht": ("lesson", 0.7),
    "kurs": ("class", 0.66), "nachhilfe": ("lesson", 0.7),
    "lernen": ("class", 0.7), "lecture": ("class", 0.58),
    # Spanish
    "practica": ("lesson", 0.66), "practicar": ("lesson", 0.7), "clase": ("class", 0.62),
    "clases": ("class", 0.62), "curso": ("class", 0.66), "ensayo": ("lesson", 0.66),
    "estudiar": ("class", 0.7), "repaso": ("class", WEAK),
    # French
    "cours": ("class", 0.66), "lecon": ("lesson", 0.7), "repetition": ("lesson", 0.66),
    "reviser": ("class", 0.66), "revisions": ("class", 0.62), "etudier": ("class", 0.7),
    "atelier": ("class", WEAK),
}  # fmt: skip

# phrase -> base confidence of a work session on a project.
WORK: dict[str, float] = {
    "deep work": 0.82, "focus time": 0.8, "focus block": 0.8, "focus session": 0.8,
    "focus": 0.66, "heads down": 0.8, "heads-down": 0.8, "work on": 0.78, "working on": 0.76,
    "work session": 0.8, "project work": 0.8, "project time": 0.78, "sprint": 0.62,
    "sprint planning": 0.7, "sprint review": 0.66, "planning session": 0.7,
    "code review": 0.72, "coding": 0.72, "programming": 0.66, "pairing": 0.72,
    "pair programming": 0.78, "mob programming": 0.76, "bug bash": 0.72, "debugging": 0.72,
    "refactor": 0.72, "refactoring": 0.72, "prototype": 0.66, "prototyping": 0.7,
    "write-up": 0.7, "writing": WEAK, "draft": 0.66, "drafting": 0.7, "thesis": 0.76,
    "dissertation": 0.76, "manuscript": 0.74, "proposal": 0.64, "report": WEAK,
    "research": WEAK, "design sprint": 0.74, "side project": 0.78, "maker time": 0.8,
    "build": WEAK, "implementation": 0.66, "spec": 0.62, "roadmap": 0.62, "grant": WEAK,
    "chapter": WEAK, "slides": 0.62, "deck": WEAK, "presentation prep": 0.72,
    # German
    "fokuszeit": 0.8, "konzentriertes arbeiten": 0.82, "arbeit an": 0.78,
    "arbeiten an": 0.78, "projektarbeit": 0.8, "stillarbeit": 0.78, "entwicklung": WEAK,
    "masterarbeit": 0.78, "bachelorarbeit": 0.78, "doktorarbeit": 0.78,
    # Spanish
    "trabajo profundo": 0.82, "trabajar en": 0.78, "tiempo de enfoque": 0.8,
    "enfoque": 0.66, "tesis": 0.76, "informe": WEAK, "proyecto": 0.66,
    # French
    "travail sur": 0.78, "travailler sur": 0.78, "temps de concentration": 0.8,
    "concentration": 0.66, "projet": 0.66,
    # emoji
    "💻": WEAK, "🎯": 0.62,
}  # fmt: skip

# Words that name a project explicitly: "Project Apollo", "Projekt Apollo", "proyecto Apollo".
PROJECT_WORDS = ("project", "projekt", "proyecto", "projet")

# phrase -> (spending kind, base confidence without an amount)
PAYMENT: dict[str, tuple[str, float]] = {
    "pay": ("expense", 0.64), "paid": ("expense", 0.62), "payment": ("expense", 0.66),
    "bill": ("expense", 0.62), "bills": ("expense", 0.62), "invoice": ("expense", 0.62),
    "rent": ("expense", 0.7), "rent due": ("expense", 0.74), "mortgage": ("expense", 0.7),
    "subscription": ("expense", 0.64), "renewal": ("expense", WEAK),
    "tuition": ("expense", 0.7), "fee": ("expense", WEAK), "fees": ("expense", WEAK),
    "purchase": ("expense", 0.66), "buy": ("expense", WEAK), "shopping": ("expense", 0.62),
    "groceries": ("expense", 0.68), "grocery": ("expense", 0.66), "grocery run": ("expense", 0.7),
    "insurance": ("expense", WEAK), "utilities": ("expense", 0.66),
    "electricity bill": ("expense", 0.74), "phone bill": ("expense", 0.74),
    "tax payment": ("expense", 0.74), "donation": ("expense", 0.62), "deposit": ("expense", WEAK),
    "transfer": ("expense", WEAK), "venmo": ("expense", 0.68), "paypal": ("expense", 0.66),
    "splitwise": ("expense", 0.66), "refund": ("income", 0.66), "reimbursement": ("income", 0.66),
    "salary": ("income", 0.7), "payday": ("income", 0.72), "paycheck": ("income", 0.72),
    "tickets": ("expense", WEAK), "ticket": ("expense", WEAK), "haircut": ("expense", WEAK),
    # German
    "miete": ("expense", 0.7), "rechnung": ("expense", 0.64), "zahlung": ("expense", 0.66),
    "bezahlen": ("expense", 0.66), "uberweisung": ("expense", 0.64), "einkaufen": ("expense", 0.64),
    "einkauf": ("expense", 0.64), "wocheneinkauf": ("expense", 0.68), "gehalt": ("income", 0.7),
    "beitrag": ("expense", WEAK), "versicherung": ("expense", WEAK), "abo": ("expense", WEAK),
    # Spanish
    "pago": ("expense", 0.66), "pagar": ("expense", 0.66), "alquiler": ("expense", 0.7),
    "factura": ("expense", 0.64), "compra": ("expense", 0.64), "compras": ("expense", 0.62),
    "supermercado": ("expense", 0.64), "sueldo": ("income", 0.7),
    "nomina": ("income", 0.68), "cuota": ("expense", 0.62), "suscripcion": ("expense", 0.64),
    # French
    "loyer": ("expense", 0.7), "facture": ("expense", 0.64), "paiement": ("expense", 0.66),
    "payer": ("expense", 0.66), "courses": ("expense", WEAK), "achat": ("expense", 0.64),
    "achats": ("expense", 0.62), "salaire": ("income", 0.7), "abonnement": ("expense", 0.64),
    "virement": ("expense", 0.62),
    # emoji
    "💰": ("expense", WEAK), "💸": ("expense", 0.64), "💳": ("expense", 0.64),
    "🛒": ("expense", 0.64), "🧾": ("expense", 0.64),
}  # fmt: skip

# Words that make an interaction social or a call (and raise its confidence a little).
SOCIAL: dict[str, str] = {
    "coffee": "meeting", "cafe": "meeting", "kaffee": "meeting", "tea": "meeting",
    "drinks": "meeting", "beers": "meeting", "beer": "meeting", "catch up": "meeting",
    "catch-up": "meeting", "catchup": "meeting", "visit": "meeting", "date": "meeting",
    "hangout": "meeting", "hang out": "meeting", "meet up": "meeting", "meetup": "meeting",
    "playdate": "meeting", "party": "meeting", "wedding": "meeting", "housewarming": "meeting",
    "call": "call", "phone": "call", "phone call": "call", "facetime": "call",
    "video call": "call", "zoom": "call", "ring": "call", "anruf": "call", "telefonat": "call",
    "llamada": "call", "llamar": "call", "videollamada": "call", "appel": "call",
    "appeler": "call", "telephone": "call", "text": "message", "message": "message",
    "email": "message", "whatsapp": "message", "📞": "call", "☕": "meeting", "🍻": "meeting",
    "🍷": "meeting", "🥂": "meeting",
}  # fmt: skip

# Titles that block time without saying what happens in it: nothing is proposed at all.
BLOCKING: tuple[str, ...] = (
    "busy", "hold", "on hold", "blocked", "tentative", "tbc",
    "placeholder", "ooo", "out of office", "out-of-office", "pto", "vacation", "annual leave",
    "leave", "sick", "sick day", "day off", "private appointment",
    "do not book", "dnb", "reserved", "cancelled", "canceled", "cancelled:", "postponed",
    "rescheduled", "abwesend", "urlaub", "krank", "ausser haus", "abgesagt", "frei",
    "ocupado", "vacaciones", "fuera de la oficina", "ausente", "cancelado", "cancelada",
    "occupe", "absent", "conge", "conges", "vacances", "annule", "annulee", "ferie",
    "🚫", "🌴", "🤒",
)  # fmt: skip

# Travel: getting somewhere is not a life record of its own.
TRAVEL: tuple[str, ...] = (
    "flight", "flights", "fly to", "flying to", "train to", "bus to", "drive to", "driving to",
    "travel", "travelling", "traveling", "trip to", "commute", "commuting", "airport",
    "layover", "boarding", "check-in", "check in", "checkout", "check-out", "hotel",
    "airbnb", "ferry", "transfer to", "taxi", "uber to", "flug", "zug nach", "fahrt nach",
    "reise", "abflug", "vuelo", "tren a", "viaje", "aeropuerto", "vol pour", "vol vers",
    "train pour", "voyage", "aeroport", "✈", "🚆", "🚗", "🏨", "🧳",
)  # fmt: skip

# Holidays and other all-day markers: nothing when the event is all-day or the title is
# no more than the holiday.
HOLIDAY: tuple[str, ...] = (
    "holiday", "holidays", "public holiday", "bank holiday", "christmas", "christmas day",
    "christmas eve", "xmas", "new year", "new year's day", "new years day", "new year's eve",
    "thanksgiving", "easter", "easter monday", "good friday", "labor day", "labour day",
    "memorial day", "independence day", "juneteenth", "halloween", "boxing day",
    "feiertag", "weihnachten", "heiligabend", "silvester", "neujahr", "ostern", "karfreitag",
    "ostermontag", "pfingsten", "tag der arbeit", "festivo", "dia festivo", "navidad",
    "nochebuena", "ano nuevo", "semana santa", "jour ferie", "noel", "paques",
    "nouvel an", "toussaint", "birthday", "bday", "geburtstag", "cumpleanos", "anniversaire",
    "anniversary", "🎄", "🎂", "🎉",
)  # fmt: skip

# Phrases whose words would otherwise mislead: "dry run" is no workout, "meal prep" no meal.
# phrase -> the record types it silences.
SILENCERS: dict[str, tuple[str, ...]] = {
    "dry run": ("health/workout",), "run-through": ("health/workout",),
    "run through": ("health/workout",), "test run": ("health/workout",),
    "run errands": ("health/workout",), "errands": ("health/workout",),
    "payroll": ("health/workout",), "run payroll": ("health/workout",),
    "run the": ("health/workout",), "run of show": ("health/workout",),
    "rerun": ("health/workout",), "school run": ("health/workout",), "meal prep": ("health/meal",),
    "meal planning": ("health/meal",), "drop off": ("health/workout", "skills/practice_session"),
    "drop-off": ("health/workout", "skills/practice_session"),
    "pick up": ("health/workout", "skills/practice_session"),
    "pickup": ("health/workout", "skills/practice_session"),
    "pick-up": ("health/workout", "skills/practice_session"),
    "abholen": ("health/workout", "skills/practice_session"),
    "recoger": ("health/workout", "skills/practice_session"),
    "watch": ("health/workout",), "watching": ("health/workout",), "on tv": ("health/workout",),
    "match tickets": ("health/workout",), "game tickets": ("health/workout",),
    "compliance training": ("health/workout", "skills/practice_session"),
    "security training": ("health/workout", "skills/practice_session"),
    "onboarding": ("health/workout", "skills/practice_session"),
    "sales training": ("health/workout",), "first aid": ("health/workout",),
    "book club": ("habits/habit_log",), "read-out": ("habits/habit_log",),
    "readout": ("habits/habit_log",), "read through": ("habits/habit_log",),
    "walkthrough": ("habits/habit_log",), "walk-through": ("habits/habit_log",),
    "walk through": ("habits/habit_log",), "press release": ("habits/habit_log",),
    "dentist": ("habits/habit_log",), "lunch & learn": ("skills/practice_session",),
    "lunch and learn": ("skills/practice_session",), "lunch n learn": ("skills/practice_session",), "focus group": ("projects/work_session",),
}  # fmt: skip

# Places that back a reading: a gym, a pool, a restaurant, a music school, a video call.
LOCATION_HINTS: dict[str, str] = {
    "gym": "health/workout", "fitness": "health/workout", "equinox": "health/workout",
    "crossfit": "health/workout", "pool": "health/workout", "piscina": "health/workout",
    "piscine": "health/workout", "schwimmbad": "health/workout", "yoga": "health/workout",
    "studio": "health/workout", "stadium": "health/workout", "climbing": "health/workout",
    "boulder": "health/workout", "gimnasio": "health/workout",
    "fitnessstudio": "health/workout", "salle": "health/workout",
    "restaurant": "health/meal", "bistro": "health/meal",
    "trattoria": "health/meal", "pizzeria": "health/meal", "brasserie": "health/meal",
    "kitchen": "health/meal", "grill": "health/meal", "diner": "health/meal",
    "taqueria": "health/meal", "ristorante": "health/meal", "gasthaus": "health/meal",
    "osteria": "health/meal", "canteen": "health/meal", "kantine": "health/meal",
    "cafeteria": "health/meal", "mensa": "health/meal", "comedor": "health/meal",
    "music school": "skills/practice_session", "musikschule": "skills/practice_session",
    "conservatory": "skills/practice_session", "academy": "skills/practice_session",
    "sprachschule": "skills/practice_session", "language school": "skills/practice_session",
    "escuela": "skills/practice_session", "ecole": "skills/practice_session",
    "library": "skills/practice_session", "school": "skills/practice_session",
    "zoom": "relationships/interaction", "meet.google": "relationships/interaction",
    "facetime": "relationships/interaction", "teams": "relationships/interaction",
    "office": "projects/work_session", "coworking": "projects/work_session",
    "wework": "projects/work_session",
}  # fmt: skip

# Words for people that are not capitalised names: "call Mom", "dinner with grandma".
FAMILY: tuple[str, ...] = (
    "mom", "mum", "mother", "dad", "father", "parents", "grandma", "grandpa", "granny",
    "nana", "sister", "brother", "sis", "bro", "aunt", "uncle", "cousin", "cousins", "family",
    "friends", "the kids", "my wife", "my husband", "wife", "husband", "partner", "boyfriend",
    "girlfriend", "in-laws", "godmother", "godfather", "neighbours", "neighbors",
    "mama", "papa", "oma", "opa", "eltern", "schwester", "bruder", "tante", "onkel",
    "familie", "freunden", "freunde", "mamá", "papá", "abuela", "abuelo", "abuelos",
    "hermana", "hermano", "tía", "tío", "familia", "amigos", "amigas", "maman", "mamie",
    "papi", "papy", "grand-mère", "grand-père", "soeur", "sœur", "frère", "tata", "tonton",
    "famille", "copains", "amis",
)  # fmt: skip

# Capitalised words after "with" that are not people.
NOT_NAMES: frozenset[str] = frozenset(
    """team teams everyone all the a an my our your his her their client clients customer
    customers board staff marketing sales engineering design product hr finance legal ops
    it zoom google meet slack webex skype monday tuesday wednesday thursday friday saturday
    sunday january february march april may june july august september october november
    december me us them you him new intro kickoff ceo cto cfo coo vp manager managers
    investors investor recruiter candidate candidates vendor vendors partner partners agency
    contractor leadership management exec execs directors committee group class students
    parents kids children family friends coach trainer doctor dr mr mrs ms prof support
    customer success qa devops infra platform security data analytics research ux ui
    am pm eod tbd q1 q2 q3 q4 notes agenda re fw fwd lunch dinner breakfast coffee call
    drinks zoom ftf irl online remote office home inc corp llc gmbh ltd ag sa co
    """.split()
)

# Honorifics and roles that introduce a name: "Coach Mike", "Dr. Patel", "Tante Lisa".
HONORIFICS: tuple[str, ...] = (
    "coach", "dr", "dr.", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "prof", "prof.",
    "tante", "onkel", "tía", "tío", "tia", "tio", "mme", "m.", "herr", "frau", "señora",
    "señor", "sra.", "sr.", "uncle", "aunt", "auntie", "grandma", "grandpa", "abuela", "abuelo",
)  # fmt: skip

# Words that introduce the people one meets.
PERSON_TRIGGERS: tuple[str, ...] = (
    "with", "w/", "w /", "call", "calling", "called", "call with", "coffee with", "lunch with",
    "dinner with", "catch up with", "catch-up with", "meet", "meeting", "meet with",
    "meeting with", "visit", "visiting", "seeing", "chat with", "drinks with",
    "facetime", "ring", "1:1", "1-1", "1on1", "one-on-one", "mit", "anrufen", "treffen",
    "treffen mit", "con", "llamar a", "llamada con", "ver a", "avec", "appeler", "appel avec",
    "rdv avec", "chez", "bei",
)  # fmt: skip

# Words that say the money comes in rather than goes out.
INCOME_WORDS = ("salary", "payday", "paycheck", "refund", "reimbursement", "gehalt", "sueldo",
                "nomina", "salaire", "invoice paid", "paid by", "got paid")  # fmt: skip

CURRENCY_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₩": "KRW"}
CURRENCY_CODES = {
    "usd": "USD", "eur": "EUR", "gbp": "GBP", "chf": "CHF", "cad": "CAD", "aud": "AUD",
    "mxn": "MXN", "jpy": "JPY", "sek": "SEK", "nok": "NOK", "dkk": "DKK", "pln": "PLN",
    "euro": "EUR", "euros": "EUR", "dollar": "USD", "dollars": "USD", "bucks": "USD",
    "pound": "GBP", "pounds": "GBP", "pesos": "MXN", "franken": "CHF", "francs": "CHF",
}  # fmt: skip
