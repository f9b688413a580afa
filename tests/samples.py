"""Real sample files of each type family, made on the fly (libmagic must recognise them)."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path


def png_bytes(width: int = 2, height: int = 2, pad: int = 0) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    raw = b"".join(b"\x00" + b"\x10\x80\xf0" * width for _ in range(height))
    body = (
        chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + (chunk(b"tEXt", b"pad\x00" + b"p" * pad) if pad else b"")
        + chunk(b"IEND", b"")
    )
    return b"\x89PNG\r\n\x1a\n" + body


def pdf_bytes() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )


def mp3_bytes(frames: int = 20) -> bytes:
    header = b"ID3\x03\x00\x00\x00\x00\x00\x00"
    frame = b"\xff\xfb\x90\x64" + b"\x00" * 413  # MPEG-1 layer III, 128 kbit/s, 44.1 kHz
    return header + frame * frames


def mp4_bytes() -> bytes:
    ftyp = struct.pack(">I", 24) + b"ftypisom" + struct.pack(">I", 512) + b"isomiso2"
    free = struct.pack(">I", 16) + b"free" + b"\x00" * 8
    mdat = struct.pack(">I", 40) + b"mdat" + b"\x01" * 32
    return ftyp + free + mdat


def docx_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        z.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships/>')
        z.writestr(
            "word/document.xml",
            '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
            'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Hi</w:t></w:r></w:p>'
            "</w:body></w:document>",
        )
    return buf.getvalue()


def text_bytes(n_lines: int = 5, tag: str = "") -> bytes:
    return "".join(f"Line {i} of a plain text note {tag}\n" for i in range(n_lines)).encode()


SAMPLES = {
    "note.txt": text_bytes,
    "picture.png": png_bytes,
    "paper.pdf": pdf_bytes,
    "song.mp3": mp3_bytes,
    "clip.mp4": mp4_bytes,
    "letter.docx": docx_bytes,
}

EXPECTED_TYPES = {
    "note.txt": "text/plain",
    "picture.png": "image/png",
    "paper.pdf": "application/pdf",
    "song.mp3": "audio/mpeg",
    "clip.mp4": "video/mp4",
    "letter.docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def write_samples(folder: Path) -> dict[str, Path]:
    return {name: write(folder, name, make()) for name, make in SAMPLES.items()}


def sparse_file(path: Path, size: int, head: bytes = b"") -> Path:
    """A file of ``size`` bytes that costs no disk (for over-the-cap checks)."""
    with open(path, "wb") as fh:
        fh.write(head)
        fh.truncate(size)
    return path


def fill_disk(disk: Path) -> Path:
    """Another program takes every byte left on ``disk`` (a small_disk tmpfs); returns the
    file to delete to free the space again."""
    filler = disk / "filler"
    with open(filler, "wb") as fh:
        try:
            while True:
                fh.write(b"\0" * 65536)
                fh.flush()
        except OSError:
            pass
    return filler
