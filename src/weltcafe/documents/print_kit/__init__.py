"""The print kit: badges, table signs, host sheets and the run sheet as print-ready PDFs (Typst, segno QR codes).

data.py reads the event into plain data in the kit's language, typst/ lays it out, render.py compiles PDFs and ZIPs,
views.py serves the organiser page "Druckunterlagen", cli.py is `weltcafe print-kit`. See docs/print_kit.md.
"""
