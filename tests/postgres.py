"""En ekte PostgreSQL-tjener i en midlertidig mappe, bare på en Unix-sokkel, for testene.

Debians `postgresql` legger programmene i /usr/lib/postgresql/<versjon>/bin. PostgreSQL
nekter å kjøre som root, så som root kjøres tjeneren som brukeren `postgres` (som pakken
lager). Tjeneren stoppes når `with`-blokken slutter.
"""

import glob
import os
import shutil
import subprocess
from contextlib import contextmanager
from pathlib import Path


def binaries() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


@contextmanager
def server(folder: Path, database: str = "nbgrader"):
    """Start en tjener i `folder` og gi en SQLAlchemy-adresse til en tom database."""
    bin_dir = binaries()
    folder.mkdir(parents=True, exist_ok=True)
    as_user = []
    if os.geteuid() == 0:
        as_user = ["runuser", "-u", "postgres", "--"]
        shutil.chown(folder, "postgres")
        os.chmod(folder, 0o700)
    data, sock = folder / "data", folder
    run = lambda *args: subprocess.run(as_user + [str(bin_dir / args[0]), *args[1:]],  # noqa: E731
                                       check=True, capture_output=True, text=True)
    run("initdb", "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")
    run("pg_ctl", "-D", str(data), "-w", "-l", str(folder / "server.log"), "-o",
        f"-k {sock} -c listen_addresses='' -c fsync=off -c max_connections=100", "start")
    try:
        run("createdb", "-h", str(sock), "-U", "postgres", database)
        yield f"postgresql+psycopg://postgres@/{database}?host={sock}"
    finally:
        run("pg_ctl", "-D", str(data), "-m", "immediate", "-w", "stop")
