#!/usr/bin/env python3
"""Makes the image fixtures of MediaTests once; the files are committed, so the tests need neither
this script nor its tools. Run from anywhere: python3 Tests/MediaTests/Fixtures/make-fixtures.py

Needs python3 (zlib for PNG; GIF is written by hand), cjpeg from libjpeg-turbo-progs and cwebp
from webp (Debian: apt-get install libjpeg-turbo-progs webp). Every image is 37 x 21 pixels, not
square, so that a reader that swaps width and height fails; the tests expect those numbers.
"""
import os
import struct
import subprocess
import tempfile
import zlib

WIDTH, HEIGHT = 37, 21
here = os.path.dirname(os.path.abspath(__file__))


def pixel(x, y):
    return (x * 255 // (WIDTH - 1), y * 255 // (HEIGHT - 1), 128)


def write(name, data):
    with open(os.path.join(here, name), "wb") as f:
        f.write(data)


def png(alpha=False):
    """RGB, or RGBA with a transparent left half (cwebp turns that into the extended VP8X layout)."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    def colour(x, y):
        return pixel(x, y) + ((0 if x < WIDTH // 2 else 255,) if alpha else ())
    rows = b"".join(b"\x00" + bytes(c for x in range(WIDTH) for c in colour(x, y)) for y in range(HEIGHT))
    ihdr = struct.pack(">IIBBBBB", WIDTH, HEIGHT, 8, 6 if alpha else 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(rows, 9))
            + chunk(b"IEND", b""))


def gif(version):
    """A 4-colour image, LZW-coded without compression: 8-bit codes, a clear code before the table
    would grow them to 9 bits."""
    palette = bytes([0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0, 255]) + bytes(128 * 3 - 12)
    indices = [(x // 10 + y // 6) % 4 for y in range(HEIGHT) for x in range(WIDTH)]
    clear, end = 128, 129
    codes = []
    for i, index in enumerate(indices):
        if i % 100 == 0:
            codes.append(clear)
        codes.append(index)
    codes.append(end)
    data = bytes([7]) + b"".join(
        bytes([len(block)]) + block for block in (bytes(codes[i:i + 255]) for i in range(0, len(codes), 255))) + b"\x00"
    screen = struct.pack("<HHBBB", WIDTH, HEIGHT, 0xF6, 0, 0)  # global table of 128 colours
    control = b"\x21\xf9\x04\x00\x00\x00\x00\x00" if version == b"89a" else b""
    image = b"\x2c" + struct.pack("<HHHHB", 0, 0, WIDTH, HEIGHT, 0)
    return b"GIF" + version + screen + palette + control + image + data + b"\x3b"


def ppm():
    return b"P6\n%d %d\n255\n" % (WIDTH, HEIGHT) + bytes(c for y in range(HEIGHT) for x in range(WIDTH) for c in pixel(x, y))


def run(tool, *arguments, stdin=None):
    return subprocess.run([tool, *arguments], input=stdin, check=True, capture_output=True).stdout


def with_exif(jpeg):
    """An APP1 Exif segment (a little-endian TIFF header with an empty IFD) and an APP2 segment
    after SOI, before the JFIF APP0, as cameras write them."""
    tiff = b"II*\x00\x08\x00\x00\x00\x00\x00\x00\x00\x00\x00"
    app1 = b"Exif\x00\x00" + tiff
    app2 = b"ICC_PROFILE\x00\x01\x01" + bytes(300)
    segments = b"".join(b"\xff" + marker + struct.pack(">H", len(body) + 2) + body
                        for marker, body in ((b"\xe1", app1), (b"\xe2", app2)))
    return jpeg[:2] + segments + jpeg[2:]


with tempfile.TemporaryDirectory() as scratch:
    opaque, transparent = os.path.join(scratch, "opaque.png"), os.path.join(scratch, "transparent.png")
    with open(opaque, "wb") as f:
        f.write(png())
    with open(transparent, "wb") as f:
        f.write(png(alpha=True))
    write("image.png", png())
    write("image-87a.gif", gif(b"87a"))
    write("image-89a.gif", gif(b"89a"))
    write("baseline.jpg", run("cjpeg", "-quality", "80", stdin=ppm()))
    write("progressive.jpg", run("cjpeg", "-quality", "80", "-progressive", stdin=ppm()))
    write("exif.jpg", with_exif(run("cjpeg", "-quality", "80", stdin=ppm())))
    write("lossy.webp", run("cwebp", "-quiet", "-q", "80", opaque, "-o", "-"))
    write("lossless.webp", run("cwebp", "-quiet", "-lossless", opaque, "-o", "-"))
    write("extended.webp", run("cwebp", "-quiet", "-q", "80", transparent, "-o", "-"))
    write("document.pdf", b"""%PDF-1.4
1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj
3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 37 21] >> endobj
trailer << /Root 1 0 R >>
%%EOF
""")
    write("text.txt", "Grüße, 世界: plain UTF-8 text with a tab\tand a newline\n".encode())
