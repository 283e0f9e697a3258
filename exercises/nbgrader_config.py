"""nbgrader-oppsett for oppgavene i «Nevrale nettverk fra bunnen av».

Denne mappa (exercises/) er kursmappa til nbgrader. Kjør kommandoene herfra, eller
bruk `make assignments` og `make grade` fra roten av kodelageret. Lærerveiledningen står i
oppgaver/laererguide.md.

    source/<oppgave>/<oppgave>.ipynb     lærerens versjon, med løsninger og skjulte tester
    release/<oppgave>/<oppgave>.ipynb    elevversjonen (lages av generate_assignment)
    submitted/<elev>/<oppgave>/          innleverte notebooker
    autograded/, feedback/               rettede notebooker og tilbakemeldinger (HTML)
    gradebook.db                         karakterboka (SQLite)
    rapport/                             lærerrapporten fra `make grade` (funn og statistikk)
    grading/                             rettingen: sandkasse, kontroller og dommere
"""

import os
import sys

import nbgrader
from nbgrader.preprocessors import (AssignLatePenalties, CheckCellMetadata, ClearOutput,
                                    DeduplicateIds, OverwriteCells, OverwriteKernelspec,
                                    SaveAutoGrades)

HERE = os.path.dirname(os.path.abspath(__file__))

c = get_config()  # noqa: F821  (get_config finnes når nbgrader leser fila)

c.CourseDirectory.course_id = "nevrale-nettverk"

# Karakterboka: SQLite i denne mappa for én lærer. Retter flere samtidig (flere maskiner,
# eller `make grade JOBS=8` mot en felles database), settes adressen til en PostgreSQL i
# miljøvariabelen NBGRADER_DB_URL, for eksempel
#   export NBGRADER_DB_URL="postgresql+psycopg://nbgrader:PASSORD@db.skolen.no/nevrale"
# (pakken psycopg er med i requirements.lock). Se lærerveiledningen.
# `timeout=60`: parallelle rettere venter på hverandre i SQLite i stedet for å feile.
c.CourseDirectory.db_url = os.environ.get(
    "NBGRADER_DB_URL", "sqlite:///" + os.path.join(HERE, "gradebook.db") + "?timeout=60")

# Rettingen: hver besvarelse kjøres i en sandkasse (bubblewrap) med grenser for minne,
# CPU-tid og prosesser, og poengene settes av kontroller som kjører elevens funksjoner i en
# ny Python-prosess og vurderes utenfor sandkassen. Se grading/preprocessor.py. Bruk
# `make grade` (eller `python -m grading`) fra roten; `nbgrader autograde` gjør det samme
# for én elev om gangen.
sys.path.insert(0, HERE)
from grading.preprocessor import RepairCells, SandboxGrade  # noqa: E402

c.Autograde.sanitize_preprocessors = [RepairCells, ClearOutput, DeduplicateIds,
                                      OverwriteKernelspec, OverwriteCells, CheckCellMetadata]
c.Autograde.autograde_preprocessors = [SandboxGrade, SaveAutoGrades, AssignLatePenalties,
                                       CheckCellMetadata]
c.SandboxGrade.cell_timeout = 120  # sekunder per celle i kjøringen for tilbakemeldingen

# Elevversjonen: løsningene byttes ut med disse linjene.
c.ClearSolutions.code_stub = {"python": "# DIN KODE HER\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "SKRIV SVARET DITT HER"

# Tilbakemeldingene bruker den norske malen i templates/feedback. Den viser ikke de
# skjulte testene, og i testcellene bare feilmeldingen (ikke hele tracebacken).
# nbgraders egen malmappe står som nummer to, så formgraderen fortsatt finner sin
# «formgrade»-mal; vår «feedback» står først og vinner over nbgraders engelske.
c.HTMLExporter.extra_template_basedirs = [
    os.path.join(HERE, "templates"),
    os.path.join(os.path.dirname(nbgrader.__file__), "server_extensions", "formgrader", "templates"),
]
