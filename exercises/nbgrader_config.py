"""nbgrader-oppsett for oppgavene i «Nevrale nettverk fra bunnen av».

Denne mappa (exercises/) er kursmappa til nbgrader. Kjør kommandoene herfra, eller
bruk `make assignments` og `make grade` fra roten av kodelageret. Lærerveiledningen står i
oppgaver/laererguide.md.

    source/<oppgave>/<oppgave>.ipynb     lærerens versjon, med løsninger og skjulte tester
    release/<oppgave>/<oppgave>.ipynb    elevversjonen (lages av generate_assignment)
    submitted/<elev>/<oppgave>/          innleverte notebooker
    autograded/, feedback/               rettede notebooker og tilbakemeldinger (HTML)
    gradebook.db                         karakterboka (SQLite)
"""

import os

import nbgrader

HERE = os.path.dirname(os.path.abspath(__file__))

# Hvor lenge én celle får kjøre under rettingen (sekunder). Cellen som bruker lengre tid,
# stoppes (kjernen får et avbrudd), får feilen under, og resten av notebooken rettes
# videre. Prøvd med en uendelig løkke: `Execute.timeout` virker i nbgrader 0.9 (det gjør
# også `ExecutePreprocessor.timeout`, som Execute arver fra; vi bruker nbgraders eget navn).
TIMEOUT = 30

c = get_config()  # noqa: F821  (get_config finnes når nbgrader leser fila)

c.CourseDirectory.course_id = "nevrale-nettverk"

# Karakterboka er en SQLite-fil i denne mappa. For et stort kurs på en JupyterHub, der
# flere rettere jobber samtidig, kan den ligge i PostgreSQL i stedet:
# c.CourseDirectory.db_url = "postgresql://nbgrader:PASSORD@db.example.org:5432/nevrale_nettverk"
# (krever pakken psycopg2 i samme miljø som nbgrader).

c.Execute.timeout = TIMEOUT
c.Execute.interrupt_on_timeout = True
c.Execute.kernel_name = "python3"
c.Execute.error_on_timeout = {
    "ename": "CellTimeoutError",
    "evalue": f"Cellen brukte mer enn {TIMEOUT} sekunder og ble stoppet",
    "traceback": [
        f"CellTimeoutError: Cellen brukte mer enn {TIMEOUT} sekunder og ble stoppet. "
        "Har du en uendelig løkke, eller trener du for lenge?"
    ],
}

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
