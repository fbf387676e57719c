"""Build the interpreter's labelled calendar events (``labelled.jsonl``, ``persona.jsonl``).

Run ``python -m lifeos_core.interpreter.data.generate`` to rebuild them; the output is
deterministic (fixed seed), so the shipped files are exactly what this script writes.

Every template is a realistic calendar title written by hand, with the record types a
person would expect from it (see ``README.md`` for the labelling conventions). Templates
come in two groups:

- ``TUNE``: the phrasings looked at while writing the rules and the lexicon;
- ``HELDOUT``: other phrasings, other names and places, written separately and only
  evaluated (the generalisation check). Rules are never changed to fit a held-out title.

``PERSONA`` is one person's calendar over twelve weeks, in their own words ("Sweat
session" for a workout, "Fuel" for lunch, "Class prep" for work on a class they teach),
used for the learning curve: replaying their first decisions should lift the F1 on their
later events above what the rules alone reach.
"""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta
from pathlib import Path

HERE = Path(__file__).parent
SEED = 20261125

# Short codes for the record types.
CODES = {
    "$": "finance/transaction",
    "M": "health/meal",
    "W": "health/workout",
    "H": "habits/habit_log",
    "P": "skills/practice_session",
    "K": "projects/work_session",
    "R": "relationships/interaction",
}

NAMES_TUNE = [
    "Sarah",
    "Tom",
    "Priya",
    "Jonas",
    "Lucía",
    "Marco",
    "Anna",
    "Ben",
    "Chloé",
    "Diego",
    "Emma",
    "Felix",
    "Hana",
    "Omar",
    "Julia",
    "Sam",
]
NAMES_HELD = [
    "Ingrid",
    "Kwame",
    "Mei",
    "Rafael",
    "Sofia",
    "Théo",
    "Yusuf",
    "Zoe",
    "Nadia",
    "Pablo",
    "Greta",
    "Luca",
    "Aisha",
    "Björn",
    "Camille",
    "Dev",
]
AMOUNTS_TUNE = [
    "$25",
    "$12.50",
    "€18",
    "€950",
    "25 EUR",
    "£12.50",
    "40€",
    "$1,200",
    "USD 60",
    "€7,50",
    "£30",
    "15 EUR",
    "$8",
    "€120",
]
AMOUNTS_HELD = [
    "$42",
    "€64.90",
    "19,99 €",
    "£8",
    "CHF 35",
    "30 USD",
    "$9.75",
    "€1.250,00",
    "£215",
    "$3",
    "75 EUR",
    "€22",
]
PROJECTS_TUNE = ["Apollo", "Atlas", "the website", "Q3 report", "Helios", "the app"]
PROJECTS_HELD = ["Orion", "Nimbus", "the thesis", "Hermes", "the onboarding flow", "Vega"]
FAMILY_TUNE = ["Mom", "Dad", "Grandma", "my sister"]
FAMILY_HELD = ["Mum", "Grandpa", "my brother", "Oma"]

# (title, labels, start hours, durations in minutes [0 = all day], description, location)
T = tuple[str, str, tuple[float, ...], tuple[int, ...], str, str]


def t(title, labels="", hours=(9,), minutes=(60,), description="", location="") -> T:
    return (title, labels, hours, minutes, description, location)


MORNING, NOON, EVENING = (6, 6.5, 7, 7.5), (12, 12.5, 13), (18, 18.5, 19, 19.5, 20)
WORKDAY = (9, 10, 11, 14, 15, 16)

TUNE: list[T] = [
    # meals
    t("Lunch", "M", NOON),
    t("Breakfast", "M", (7.5, 8)),
    t("Dinner", "M", EVENING),
    t("Team lunch", "M", NOON),
    t("Brunch", "M", (10.5, 11)),
    t("Business lunch", "M", NOON),
    t("Lunch with {n}", "MR", NOON),
    t("Dinner w/ {n} & {n2}", "MR", EVENING),
    t("Breakfast with {n}", "MR", (8,)),
    t("Lunch w/ {n} @ Cafe Roma ({a})", "MR$", NOON),
    t("Dinner at Nopa ({a})", "M$", EVENING),
    t("Mittagessen", "M", NOON),
    t("Abendessen mit {n}", "MR", EVENING),
    t("Frühstück", "M", (7.5,)),
    t("Almuerzo con {n}", "MR", (13.5, 14)),
    t("Cena", "M", (20.5, 21)),
    t("Desayuno", "M", (8,)),
    t("Déjeuner avec {n}", "MR", NOON),
    t("Dîner", "M", EVENING),
    t("Petit-déjeuner", "M", (7.5,)),
    t("🍽 Dinner", "M", EVENING),
    t("🍕 Pizza night", "M", (19,)),
    t("Sushi w/ {n}", "MR", (19.5,)),
    t("Family dinner", "M", EVENING),
    t("Dinner with {fam}", "MR", EVENING),
    t("Lunch & learn: Kubernetes", "M", NOON),
    t("Meal prep", "", (17, 18)),
    t("Lunch break", "M", NOON, (30, 45)),
    t("Team dinner {a}", "M$", EVENING),
    t("Supper", "M", (18.5,)),
    t("BBQ at {n}'s", "MR", (16, 17)),
    t("Dinner reservation", "M", EVENING, location="Trattoria da Enzo"),
    # workouts
    t("Morning run", "W", MORNING, (30, 45)),
    t("Run", "W", MORNING, (30, 45, 60)),
    t("Gym", "W", MORNING + EVENING),
    t("Yoga class", "W", EVENING),
    t("Leg day", "W", EVENING),
    t("Swim", "W", MORNING),
    t("HIIT", "W", (7, 18)),
    t("Pilates", "W", (9, 18)),
    t("Spin class", "W", MORNING),
    t("Bouldering with {n}", "WR", EVENING, (90, 120)),
    t("Tennis with {n}", "WR", EVENING),
    t("Long run", "W", (8, 9), (90, 120)),
    t("Tennis lesson", "WP", (18,)),
    t("Laufen", "W", MORNING),
    t("Fitnessstudio", "W", EVENING),
    t("Schwimmen", "W", MORNING),
    t("Correr", "W", MORNING),
    t("Gimnasio", "W", EVENING),
    t("Natación", "W", MORNING),
    t("Footing", "W", MORNING),
    t("Salle de sport", "W", EVENING),
    t("Vélo", "W", (9, 10), (90,)),
    t("🏃 5k", "W", MORNING, (30,)),
    t("🏋️ Strength", "W", EVENING),
    t("Crossfit WOD", "W", MORNING),
    t("Climbing", "W", EVENING),
    t("Hike", "W", (9, 10), (180, 240)),
    t("Soccer", "W", EVENING, (90,)),
    t("Run with {n}", "WR", MORNING),
    t("Workout", "W", MORNING + EVENING),
    t("Personal training", "W", MORNING),
    t("Bike ride", "W", (9, 17), (90, 120)),
    t("Padel with {n} & {n2}", "WR", EVENING, (90,)),
    t("Rowing", "W", MORNING),
    t("Session", "W", (18,), location="Equinox Flatiron"),
    t("Run errands", "", (10, 14), (90,)),
    t("Dry run: demo", "", WORKDAY, (30,)),
    t("School run", "", (8,), (30,)),
    # transactions
    t("Pay rent {a}", "$", (9,), (15, 0)),
    t("Groceries {a}", "$", (17, 18), (45,)),
    t("Netflix subscription {a}", "$", (9,), (0,)),
    t("Books {a}", "$", (15,), (30,)),
    t("Phone bill {a}", "$", (9,), (0,)),
    t("Pay electricity bill", "$", (9,), (15,)),
    t("Miete überweisen", "$", (9,), (15,)),
    t("Pagar alquiler {a}", "$", (9,), (15,)),
    t("Loyer {a}", "$", (9,), (0,)),
    t("Payday 💰", "$", (9,), (0,)),
    t("Grocery shopping", "$", (10, 17), (60,)),
    t("Einkaufen", "$", (17,), (45,)),
    t("Car insurance renewal {a}", "$", (9,), (0,)),
    t("Concert tickets {a}", "$", (12,), (15,)),
    t("Haircut {a}", "$", (10, 16), (45,)),
    t("Dentist copay {a}", "$", (10,), (30,)),
    t("Venmo {n} for concert tickets", "$", (21,), (15,)),
    # habits
    t("Meditation", "H", MORNING, (10, 15, 20)),
    t("Meditate", "H", (7, 22), (10, 15)),
    t("Journaling", "H", (21, 22), (15,)),
    t("Reading time", "H", (21.5, 22), (30,)),
    t("Stretching", "H", (7, 21), (15,)),
    t("Evening walk", "H", (19, 20), (30,)),
    t("Walk the dog", "H", (7, 18), (30,)),
    t("Meditieren", "H", MORNING, (15,)),
    t("Tagebuch", "H", (22,), (15,)),
    t("Meditar", "H", MORNING, (15,)),
    t("Lectura", "H", (22,), (30,)),
    t("Méditation", "H", MORNING, (15,)),
    t("🧘 Meditate", "H", MORNING, (10,)),
    t("📖 Read", "H", (21.5,), (30,)),
    t("Morning pages", "H", (6.5,), (20,)),
    t("Take vitamins", "H", (8,), (5,)),
    t("Walk with {fam}", "HR", (17,), (45,)),
    t("Weekly review", "H", (16, 17), (45,)),
    t("Cold shower", "H", (7,), (10,)),
    # practice
    t("Piano practice", "P", EVENING, (30, 45)),
    t("Guitar lesson", "P", EVENING),
    t("Spanish class", "P", EVENING, (90,)),
    t("Klavierunterricht", "P", (17,), (45,)),
    t("Clase de guitarra", "P", (18,)),
    t("Cours de piano", "P", (17,), (45,)),
    t("Gitarre üben", "P", (20,), (30,)),
    t("Study session: statistics", "P", (14, 19), (90,)),
    t("Piano lesson w/ {n} {a}", "PR$", (17,), (45,)),
    t("Chess practice", "P", (20,), (45,)),
    t("Pottery class", "P", (18.5,), (120,)),
    t("Drawing class", "P", (18,), (120,)),
    t("Japanese lesson", "P", (19,), (60,)),
    t("Violin", "P", (19,), (45,)),
    t("🎸 Guitar", "P", (20,), (30,)),
    t("Duolingo", "P", (8,), (15,)),
    t("Study group with {n}", "PR", (16,), (90,)),
    t("Deutschkurs", "P", (18,), (90,)),
    t("Clases de inglés", "P", (19,), (60,)),
    t("Singing lesson", "P", (17,), (45,)),
    t("Language exchange with {n}", "PR", (19,), (60,)),
    t("Toastmasters", "P", (19,), (90,)),
    # work sessions
    t("Deep work", "K", (9, 14), (120, 180)),
    t("Focus time", "K", (9, 14), (90, 120)),
    t("Work on {p}", "K", WORKDAY, (90, 120)),
    t("Deep work: {p}", "K", (9,), (120,)),
    t("{p} – deep work", "K", (9, 13), (120,)),
    t("Heads down: {p}", "K", (10,), (120,)),
    t("Fokuszeit", "K", (9,), (120,)),
    t("Arbeit an {p}", "K", (10,), (120,)),
    t("Trabajo profundo", "K", (9,), (120,)),
    t("Travail sur {p}", "K", (14,), (90,)),
    t("Pair programming with {n}", "KR", (14,), (90,)),
    t("Code review", "K", (15,), (60,)),
    t("Thesis writing", "K", (9,), (180,)),
    t("Sprint planning", "K", (10,), (90,)),
    t("Project {p}: prototype", "K", (14,), (120,)),
    t("💻 Coding", "K", (20,), (90,)),
    t("Side project", "K", (20,), (90,)),
    # people
    t("Coffee with {n}", "R", (10, 15, 16), (30, 45)),
    t("Call with {n}", "R", (17, 18), (30,)),
    t("Call {fam}", "R", (19, 20), (30,)),
    t("Drinks w/ {n}", "R", (19, 20), (120,)),
    t("Catch up with {n}", "R", (12, 17), (30,)),
    t("1:1 with {n}", "R", (10, 14), (30,)),
    t("FaceTime {n}", "R", (21,), (30,)),
    t("Kaffee mit {n}", "R", (15,), (45,)),
    t("Llamada con {n}", "R", (18,), (30,)),
    t("Café con {n}", "R", (17,), (45,)),
    t("Appel avec {n}", "R", (18,), (30,)),
    t("Visit {fam}", "R", (14,), (180,)),
    t("{n}'s birthday party", "R", (19,), (180,)),
    t("Coffee w/ {n} {a}", "R$", (9,), (30,)),
    t("Meeting with {n}", "R", (11,), (45,)),
    # nothing
    t("Busy"),
    t("Hold"),
    t("OOO", minutes=(0,)),
    t("Out of office", minutes=(0,)),
    t("Flight to Lisbon", hours=(7,), minutes=(180,)),
    t("Train to Berlin", minutes=(240,)),
    t("Holiday", minutes=(0,)),
    t("Christmas Day", minutes=(0,)),
    t("Feiertag", minutes=(0,)),
    t("Vacaciones", minutes=(0,)),
    t("Congés", minutes=(0,)),
    t("Urlaub", minutes=(0,)),
    t("{n}'s birthday", minutes=(0,)),
    t("Hold for lunch", hours=NOON),
    t("Team standup", hours=(9.5,), minutes=(15,)),
    t("Weekly sync", hours=(10,), minutes=(30,)),
    t("All hands", hours=(16,)),
    t("Dentist", hours=(10,)),
    t("Doctor's appointment"),
    t("Car service", hours=(8,), minutes=(120,)),
    t("Laundry", hours=(18,)),
    t("Interview: backend engineer", hours=(14,)),
    t("Design review", hours=(15,)),
    t("Retro", hours=(16,)),
    t("Board meeting", hours=(10,), minutes=(120,)),
    t("Webinar: cloud costs", hours=(17,)),
    t("Commute", hours=(8,), minutes=(45,)),
    t("Blocked", hours=(13,)),
    t("Tentative: offsite", minutes=(0,)),
    t("Canceled: Lunch with {n}", hours=NOON),
    t("Parent-teacher conference", hours=(17,)),
    t("Pick up dry cleaning", hours=(17,), minutes=(15,)),
    t("Bin day", minutes=(0,)),
    t("Vet appointment for Luna", hours=(11,)),
    t("Movie night", hours=(20,), minutes=(150,)),
    t("Watch the Champions League final", hours=(20,), minutes=(120,)),
    t("Drop off kids at swim practice", hours=(16,), minutes=(15,)),
    t("Ocupado"),
    t("Occupé"),
    t("PTO", minutes=(0,)),
    t("Sick day", minutes=(0,)),
    t("Hotel check-in", hours=(15,), minutes=(30,)),
    t("✈️ JFK → LIS", hours=(18,), minutes=(420,)),
    t("Conference: PyCon", minutes=(0,)),
    t("Quarterly planning", hours=(10,), minutes=(180,)),
    t("Plumber coming", hours=(8,), minutes=(120,)),
    t("Release window", hours=(22,)),
    t("Nap", hours=(14,), minutes=(30,)),
    t("Thanksgiving", minutes=(0,)),
    t("Focus group recruiting", hours=(11,)),
    # descriptions and locations
    t("Saturday", "W", (8,), (90,), description="Long run along the river, 18k"),
    t("Catch-up", "R", (18,), (60,), description="with {n} at the usual place"),
    t("Sync", "", (10,), (30,), description="Agenda: hiring, budget, offsite dates"),
    t("Quarterly business review", "", (14,), (120,), description="We'll run through the numbers."),
    t("Session", "W", MORNING, (60,), location="CrossFit Mitte"),
]

HELDOUT: list[T] = [
    # meals
    t("Lunch at the canteen", "M", NOON, (30,)),
    t("Brekkie", "M", (8,), (30,)),
    t("Dinner party at {n}'s", "MR", (19.5,), (180,)),
    t("Working lunch", "M", NOON),
    t("Lunch – {n} ({a})", "MR$", NOON),
    t("Dinner date with {n}", "MR", (20,), (120,)),
    t("Abendbrot", "M", (18.5,)),
    t("Mittagspause", "M", (12,), (45,)),
    t("Comida con {fam}", "MR", (14,), (90,)),
    t("Cena con {n} y {n2}", "MR", (21,), (120,)),
    t("Dîner chez {n}", "MR", (20,), (150,)),
    t("Déj", "M", NOON, (45,)),
    t("🍳 Breakfast", "M", (8,), (30,)),
    t("🍜 Ramen w/ {n}", "MR", (19,)),
    t("Tapas", "M", (20.5,), (120,)),
    t("Dim sum brunch {a}", "M$", (11,), (90,)),
    t("Client dinner", "M", EVENING, (120,)),
    t("Breakfast meeting", "M", (8,), (60,)),
    t("Lunch", "M", (12.5,), (60,), location="Bistro Central"),
    t("Potluck", "M", (18,), (180,)),
    # workouts
    t("Tempo run", "W", MORNING, (45,)),
    t("Easy 5k", "W", MORNING, (35,)),
    t("Strength training", "W", EVENING),
    t("Upper body", "W", EVENING, (60,)),
    t("Vinyasa flow", "W", (7, 18), (60,)),
    t("Peloton", "W", MORNING, (30, 45)),
    t("Squash with {n}", "WR", (18,), (45,)),
    t("Basketball", "W", (19,), (90,)),
    t("Krafttraining", "W", (18,)),
    t("Radtour", "W", (10,), (180,)),
    t("Wandern mit {n}", "WR", (9,), (240,)),
    t("Entreno", "W", (19,)),
    t("Clase de spinning", "W", (19,), (45,)),
    t("Pesas", "W", (7,)),
    t("Muscu", "W", (18,)),
    t("Natation", "W", (7,), (45,)),
    t("Randonnée", "W", (9,), (240,)),
    t("🚴 Ride", "W", (8,), (120,)),
    t("🏊‍♀️ Laps", "W", (7,), (45,)),
    t("Kickboxing", "W", (19,)),
    t("Barre", "W", (9,), (50,)),
    t("Run", "W", (17.5,), (40,)),
    t("Interval run", "W", (6.5,), (45,)),
    t("Swimming lesson", "WP", (17,), (45,)),
    t("Climbing w/ {n} & {n2}", "WR", (19,), (120,)),
    t("Marathon", "W", (0,), (0,)),
    t("Test run: payments", "", (11,), (30,)),
    t("Run payroll", "", (10,), (30,)),
    t("Run-through with {n}", "R", (15,), (30,)),
    # transactions
    t("Rent due {a}", "$", (9,), (0,)),
    t("Gym membership {a}", "$", (9,), (0,)),
    t("Spotify {a}", "$", (9,), (0,)),
    t("Wocheneinkauf", "$", (10,), (60,)),
    t("Supermercado {a}", "$", (18,), (45,)),
    t("Courses {a}", "$", (18,), (45,)),
    t("Tuition payment {a}", "$", (9,), (15,)),
    t("Salary", "$", (9,), (0,)),
    t("Refund from airline {a}", "$", (9,), (0,)),
    t("🛒 Groceries", "$", (17,), (45,)),
    t("Buy birthday gift for {fam} {a}", "$", (12,), (30,)),
    t("Factura de la luz {a}", "$", (9,), (0,)),
    t("Facture internet {a}", "$", (9,), (0,)),
    t("Mortgage payment", "$", (9,), (0,)),
    t("Taxi {a}", "", (23,), (30,)),
    # habits
    t("Mindfulness", "H", (7,), (10,)),
    t("Gratitude journal", "H", (22,), (10,)),
    t("Stretch", "H", (21,), (15,)),
    t("Foam rolling", "H", (21,), (15,)),
    t("Daily walk", "H", (13,), (30,)),
    t("Spaziergang", "H", (17,), (45,)),
    t("Paseo", "H", (19,), (45,)),
    t("Promenade", "H", (18,), (45,)),
    t("Leer", "H", (22,), (30,)),
    t("Étirements", "H", (7,), (15,)),
    t("Breathwork", "H", (7,), (10,)),
    t("Digital detox", "H", (20,), (120,)),
    t("Bedtime routine", "H", (22,), (30,)),
    t("Dog walk with {n}", "HR", (7,), (30,)),
    t("🙏 Prayer", "H", (6,), (15,)),
    # practice
    t("Cello lesson", "P", (17,), (45,)),
    t("Practice scales", "P", (20,), (20,)),
    t("French class", "P", (18,), (90,)),
    t("Mandarin tutoring with {n}", "PR", (19,), (60,)),
    t("Salsa class", "P", (20,), (60,)),
    t("Ukulele", "P", (21,), (30,)),
    t("Chess lesson {a}", "P$", (17,), (60,)),
    t("Ceramics workshop", "P", (10,), (180,)),
    t("Leetcode", "P", (7,), (45,)),
    t("Clase de piano", "P", (17,), (60,)),
    t("Schach üben", "P", (20,), (30,)),
    t("Leçon de guitare", "P", (18,), (45,)),
    t("🎹 Piano", "P", (19,), (30,)),
    t("Sketching", "P", (15,), (60,)),
    t("Exam prep: organic chemistry", "P", (14,), (120,)),
    t("Choir rehearsal", "P", (19.5,), (120,)),
    # work
    t("Focus block", "K", (9,), (120,)),
    t("Maker time", "K", (13,), (180,)),
    t("Working on {p}", "K", (14,), (120,)),
    t("{p}: refactor", "K", (10,), (120,)),
    t("Dissertation", "K", (9,), (180,)),
    t("Heads-down coding", "K", (14,), (120,)),
    t("Konzentriertes Arbeiten", "K", (9,), (120,)),
    t("Trabajar en {p}", "K", (10,), (120,)),
    t("Temps de concentration", "K", (9,), (90,)),
    t("Projektarbeit {p}", "K", (14,), (120,)),
    t("Write proposal", "K", (10,), (90,)),
    t("Bug bash", "K", (14,), (120,)),
    t("Pairing w/ {n} on {p}", "KR", (14,), (90,)),
    t("🎯 Deep work", "K", (9,), (120,)),
    # people
    t("Drinks with {n} and {n2}", "R", (19,), (120,)),
    t("Call {n}", "R", (18,), (20,)),
    t("Phone call w/ {fam}", "R", (19,), (30,)),
    t("Video call with {n}", "R", (20,), (45,)),
    t("Hang out with {n}", "R", (16,), (120,)),
    t("Treffen mit {n}", "R", (15,), (60,)),
    t("Anruf bei {fam}", "R", (19,), (30,)),
    t("Ver a {n}", "R", (17,), (60,)),
    t("Verre avec {n}", "R", (19,), (90,)),
    t("Catch-up w/ {n}", "R", (12,), (30,)),
    t("{n} <> {n2} sync", "R", (11,), (30,)),
    t("Visiting {fam}", "R", (0,), (0,)),
    t("Playdate with {n}", "R", (15,), (120,)),
    t("Coffee chat: {n}", "R", (10,), (30,)),
    # nothing
    t("Busy (private)"),
    t("Placeholder", hours=(14,)),
    t("Do not book", hours=(12,)),
    t("Flight LH 1234 FRA-MAD", hours=(7,), minutes=(150,)),
    t("Drive to Munich", minutes=(300,)),
    t("Airport pickup: {fam}", hours=(18,)),
    t("Bank holiday", minutes=(0,)),
    t("Good Friday", minutes=(0,)),
    t("Día festivo", minutes=(0,)),
    t("Jour férié", minutes=(0,)),
    t("Annual leave", minutes=(0,)),
    t("Weihnachten", minutes=(0,)),
    t("Standup", hours=(9,), minutes=(15,)),
    t("Sprint retro", hours=(16,)),
    t("All-hands meeting", hours=(17,)),
    t("Optician", hours=(11,)),
    t("Physio", hours=(8,)),
    t("Oil change", hours=(9,)),
    t("Parents evening", hours=(18,)),
    t("Deploy freeze", minutes=(0,)),
    t("Tax deadline", minutes=(0,)),
    t("Renew passport", hours=(10,), minutes=(30,)),
    t("Kids' soccer pickup", hours=(17,), minutes=(15,)),
    t("Concert", hours=(20,), minutes=(150,)),
    t("Theater", hours=(19.5,), minutes=(150,)),
    t("Budget review", hours=(14,)),
    t("Town hall", hours=(16,)),
    t("Reunión de equipo", hours=(10,)),
    t("Réunion d'équipe", hours=(10,)),
    t("Teammeeting", hours=(10,)),
    t("Zahnarzt", hours=(9,)),
    t("Médico", hours=(11,)),
    t("Abgesagt: Yoga", hours=(18,)),
    t("Tentative", hours=(15,)),
    t("Moving day", minutes=(0,)),
    t("Daylight saving time ends", minutes=(0,)),
    t("Onboarding training", hours=(10,), minutes=(120,)),
    t("Security training", hours=(14,), minutes=(60,)),
    # descriptions and locations
    t("Morning", "W", (7,), (45,), description="Gym: legs + core"),
    t("Appointment", "", (15,), (60,), description="Bring the insurance card"),
    t("Planning", "", (10,), (60,), description="Roadmap for next quarter; lunch provided after"),
    t("Evening", "MR", (19.5,), (120,), description="Dinner with {n} – she booked the table"),
    t("Practice", "P", (18,), (45,), location="Musikschule Mitte"),
]

# One person's calendar in their own words: a teacher who trains early and writes
# "Sweat session" for a workout, "Fuel" for lunch and "Ivories" for piano practice.
PERSONA_WEEK: list[tuple[int, str, str, float, int]] = [
    # (weekday, title, labels, hour, minutes)
    (0, "Sweat session", "W", 6.5, 45),
    (2, "Sweat session", "W", 6.5, 45),
    (4, "Sweat session", "W", 6.5, 45),
    (1, "Session w/ Coach Dan", "WR", 7, 60),
    (0, "Fuel", "M", 12.25, 30),
    (1, "Fuel", "M", 12.25, 30),
    (3, "Fuel up", "M", 12.25, 30),
    (4, "Fuel", "M", 12.25, 30),
    (2, "Lunch duty", "", 12, 30),
    (4, "Lunch duty", "", 12, 30),
    (1, "Class prep 7B", "K", 15.5, 60),
    (3, "Class prep 8A", "K", 15.5, 60),
    (6, "Grading", "K", 19, 90),
    (0, "Ivories", "P", 20, 40),
    (3, "Ivories", "P", 20, 40),
    (0, "Pages", "H", 21.5, 30),
    (2, "Pages", "H", 21.5, 30),
    (5, "Pages", "H", 22, 30),
    (1, "Sit", "H", 6, 10),
    (3, "Sit", "H", 6, 10),
    (5, "Sit", "H", 7, 10),
    (2, "Brain dump", "H", 21, 15),
    (6, "Brain dump", "H", 21, 15),
    (2, "Yoga club", "", 15.5, 60),
    (0, "Staff meeting", "", 16, 60),
    (5, "Long run", "W", 8, 90),
    (3, "Dinner with Jules", "MR", 19.5, 120),
    (5, "Groceries", "$", 10, 45),
    (6, "Call Mom", "R", 18, 30),
    (1, "Lunch with Priya", "MR", 12.5, 60),
    (4, "Drinks w/ Sam", "R", 19, 120),
    (2, "Dentist", "", 9, 60),
    (3, "Parent conferences", "", 17, 120),
    (5, "Hike with Noor", "WR", 10, 180),
    (6, "Meal prep", "", 17, 90),
    (4, "Busy", "", 14, 60),
    (0, "Dept. planning", "", 15, 60),
]
# Later weeks bring the same habits in slightly different words.
PERSONA_VARIANTS = {
    "Sweat session": ["Sweat sesh", "Sweat session", "Sweat session + core", "Sweat"],
    "Fuel": ["Fuel", "Refuel", "Fuel stop", "Fuel"],
    "Fuel up": ["Fuel up", "Fuel"],
    "Class prep 7B": ["Class prep 7B", "Class prep 9C", "Class prep: 7B quiz"],
    "Class prep 8A": ["Class prep 8A", "Class prep 10A"],
    "Grading": ["Grading", "Grading essays", "Grading 8A"],
    "Ivories": ["Ivories", "Ivories + scales", "Ivories"],
    "Pages": ["Pages", "Pages 📖", "Pages"],
    "Sit": ["Sit", "Sit 🧘", "Morning sit"],
    "Brain dump": ["Brain dump", "Brain dump + plan"],
    "Session w/ Coach Dan": ["Session w/ Coach Dan", "Session with Coach Dan"],
    "Dinner with Jules": ["Dinner with Jules", "Dinner w/ Noor", "Tapas w/ Noor"],
    "Groceries": ["Groceries €54", "Groceries", "Groceries €61,20"],
    "Lunch duty": ["Lunch duty", "Lunch duty (cafeteria)"],
    "Yoga club": ["Yoga club", "Yoga club (students)"],
}


def _fill(text: str, rng: random.Random, names, amounts, projects, family) -> str:
    first, second = rng.sample(names, 2)
    return (
        text.replace("{n}", first)
        .replace("{n2}", second)
        .replace("{a}", rng.choice(amounts))
        .replace("{p}", rng.choice(projects))
        .replace("{fam}", rng.choice(family))
    )


def _event(rng, ident, template, pools, day: datetime, split: str) -> dict:
    title, labels, hours, minutes, description, location = template
    hour = rng.choice(hours)
    length = rng.choice(minutes)
    all_day = length == 0
    start = day.replace(hour=int(hour), minute=int(round((hour % 1) * 60)))
    if all_day:
        start = day.replace(hour=0, minute=0)
    end = start + (timedelta(days=1) if all_day else timedelta(minutes=length))
    return {
        "id": ident,
        "title": _fill(title, rng, *pools),
        "description": _fill(description, rng, *pools),
        "location": location,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "all_day": all_day,
        "labels": [CODES[c] for c in labels],
        "split": split,
    }


def labelled_events() -> list[dict]:
    rng = random.Random(SEED)
    events = []
    base = datetime(2026, 1, 5)
    groups = [
        ("tune", TUNE, (NAMES_TUNE, AMOUNTS_TUNE, PROJECTS_TUNE, FAMILY_TUNE), 2),
        ("heldout", HELDOUT, (NAMES_HELD, AMOUNTS_HELD, PROJECTS_HELD, FAMILY_HELD), 1),
    ]
    for split, templates, pools, copies in groups:
        for index, template in enumerate(templates):
            for copy in range(copies):
                day = base + timedelta(days=rng.randrange(0, 330))
                ident = f"{split}-{index:03d}-{copy}"
                events.append(_event(rng, ident, template, pools, day, split))
    rng.shuffle(events)
    return events


def persona_events(weeks: int = 12) -> list[dict]:
    rng = random.Random(SEED + 1)
    events = []
    monday = datetime(2026, 3, 2)
    for week in range(weeks):
        for weekday, title, labels, hour, minutes in PERSONA_WEEK:
            if rng.random() < 0.12:
                continue  # a skipped session now and then
            if week >= 4 and title in PERSONA_VARIANTS:
                title = rng.choice(PERSONA_VARIANTS[title])
            day = monday + timedelta(weeks=week, days=weekday)
            start = day.replace(hour=int(hour), minute=int(round((hour % 1) * 60)))
            events.append(
                {
                    "id": f"maya-{week:02d}-{weekday}-{len(events):03d}",
                    "title": title,
                    "description": "",
                    "location": "",
                    "start": start.isoformat(),
                    "end": (start + timedelta(minutes=minutes)).isoformat(),
                    "all_day": False,
                    "labels": [CODES[c] for c in labels],
                }
            )
    events.sort(key=lambda e: e["start"])
    return events


def write(path: Path, events: list[dict]) -> None:
    with path.open("w", encoding="utf-8") as out:
        for event in events:
            out.write(json.dumps(event, ensure_ascii=False) + "\n")


def main() -> None:
    write(HERE / "labelled.jsonl", labelled_events())
    write(HERE / "persona.jsonl", persona_events())


if __name__ == "__main__":
    main()
