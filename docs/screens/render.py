#!/usr/bin/env python3
"""Renders a terminal screen saved as text (tmux capture-pane, or the
screen file a test writes) to a PNG, one cell per column: wide characters
(Chinese) take two cells, as in the terminal. Needs Debian's python3-pil and
fonts-wqy-microhei. Usage: render.py SCREEN.txt OUT.png [COLUMNS]
"""
import sys
import unicodedata

from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
CELL_W, CELL_H, SIZE = 10, 22, 18


def cells(ch):
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def main():
    lines = open(sys.argv[1], encoding="utf-8").read().rstrip("\n").split("\n")
    columns = int(sys.argv[3]) if len(sys.argv) > 3 else 80
    font = ImageFont.truetype(FONT, SIZE, index=1)  # the mono face
    image = Image.new("RGB", (columns * CELL_W + 16, len(lines) * CELL_H + 16),
                      (24, 24, 24))
    draw = ImageDraw.Draw(image)
    for row, line in enumerate(lines):
        col = 0
        for ch in line:
            width = cells(ch)
            if col + width > columns:
                break
            draw.text((8 + col * CELL_W, 8 + row * CELL_H), ch, font=font,
                      fill=(220, 220, 220))
            col += width
    image.save(sys.argv[2])


if __name__ == "__main__":
    main()
