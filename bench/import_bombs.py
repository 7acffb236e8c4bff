"""Workbooks that expand far beyond their size ("zip bombs") sent to the officers' import.

For each file it prints the time to refuse it and the memory it took (the peak resident size
of a fresh process above what it held before reading the file), against the targets: refused
in under 2 s and under 100 MB. A real registry of 5,000 rows is read for comparison (no
target: it is read, not refused). Each file is read in a child process of its own, through
what stage_import does before it keeps a file (imports.detect_format, then read_rows), so
that one measurement's memory never mixes with another's. No database is needed.

    python -m bench import_bombs          # or: make bench

Files: the sheet's XML made of the same row over and over (100 MB and 800 MB once expanded,
some 350 KB and 2.8 MB compressed; the issue's 279 KB file held a worker for 58 s and 762 MB,
its 836 KB one some 4 minutes and 2 GB), and a workbook whose directory declares an 8 GB sheet.
"""

import io
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MB = 1024 * 1024
SHEET = "xl/worksheets/sheet1.xml"
TARGET_SECONDS = 2.0
TARGET_MB = 100


def _workbook(rows):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Nom", "Catégorie", "Région", "Courriel", "Description publique"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _rebuilt(replace):
    source = _workbook([["Banque Atlantique", "bank", "", "", ""]])
    target = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as original, zipfile.ZipFile(
        target, "w", zipfile.ZIP_DEFLATED
    ) as archive:
        for info in original.infolist():
            replace(archive, info, original.read(info))
    return target.getvalue()


def sheet_bomb(megabytes):
    def replace(archive, info, data):
        if info.filename != SHEET:
            archive.writestr(info, data)
            return
        head, _, tail = re.sub(r"<dimension [^>]*/>", "", data.decode()).partition("</sheetData>")
        row = '<row><c t="inlineStr"><is><t>Entreprise fantôme SARL</t></is></c></row>'.encode()
        block = row * (MB // len(row))
        with archive.open(SHEET, "w", force_zip64=True) as part:
            part.write(head.encode())
            for _ in range(megabytes):
                part.write(block)
            part.write(f"</sheetData>{tail}".encode())

    return _rebuilt(replace)


def declared_bomb():
    def replace(archive, info, data):
        archive.writestr(info, data)
        if info.filename == SHEET:
            archive.filelist[-1].file_size = 8 * 1024 * MB

    return _rebuilt(replace)


def registry():
    words = "Société malienne de transit et de commerce général".split()
    return _workbook(
        [
            [
                f"{words[n % 7]} {words[(n * 3) % 8]} {n}",
                "trader",
                "Bamako",
                f"contact{n}@entreprise{n}.ml",
                " ".join(words[(n + k) % 8] for k in range(12)),
            ]
            for n in range(5000)
        ]
    )


def _peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def child(path):
    """Read one file as stage_import does; print {seconds, mb, outcome} as JSON."""
    import django

    django.setup()
    from django.core.exceptions import ValidationError

    from stakeholders import imports

    content = Path(path).read_bytes()
    import openpyxl  # noqa: F401  (loaded before the baseline, as in a running worker)

    before = _peak_mb()
    start = time.perf_counter()
    try:
        file_format = imports.detect_format(content)
        sheets = imports.read_rows(file_format, content)
        outcome = f"read: {sum(len(s.rows) for s in sheets)} rows"
    except ValidationError as exc:
        outcome = "refused: " + " ".join(exc.messages)[:70] + "…"
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "mb": _peak_mb() - before, "outcome": outcome}))


def main():
    cases = [
        ("sheet of 100 MB", sheet_bomb(100), True),
        ("sheet of 800 MB", sheet_bomb(800), True),
        ("declares 8 GB", declared_bomb(), True),
        ("registry, 5,000 rows", registry(), False),
    ]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DATABASE_URL": "sqlite:///:memory:",
        "REDIS_URL": "",
        "LOG_LEVEL": "WARNING",
    }
    print(f"targets: a bomb refused in under {TARGET_SECONDS:g} s and under {TARGET_MB} MB")
    print(f"{'file':<22} {'size':>9} {'seconds':>8} {'memory':>9}  met  outcome")
    failed = False
    with tempfile.TemporaryDirectory(prefix="bench-bombs-") as tmp:
        for name, content, bomb in cases:
            path = Path(tmp) / "file.xlsx"
            path.write_bytes(content)
            done = subprocess.run(
                [sys.executable, "-m", "bench.import_bombs", "--child", str(path)],
                cwd=ROOT,
                env=env,
                check=True,
                capture_output=True,
                text=True,
            )
            result = json.loads(done.stdout.strip().splitlines()[-1])
            met = "-"
            if bomb:
                ok = (
                    result["outcome"].startswith("refused")
                    and result["seconds"] < TARGET_SECONDS
                    and result["mb"] < TARGET_MB
                )
                met = "yes" if ok else "NO"
                failed = failed or not ok
            print(
                f"{name:<22} {len(content) / 1024:>6.0f} KB {result['seconds']:>8.3f} "
                f"{result['mb']:>6.1f} MB  {met:<4} {result['outcome']}",
                flush=True,
            )
    if failed:
        raise RuntimeError("a bomb was not refused within the targets")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2])
    else:
        main()
