"""Besvarelser til testene av rettingen: gyldige varianter og ærlige feil per oppgave."""
