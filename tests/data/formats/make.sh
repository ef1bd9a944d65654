#!/bin/sh
# Regenerates the format fixtures from camp.md (paragraphs of seed 000).
# Needs: pandoc, ghostscript (ps2pdf), python3 (Debian: apt-get install pandoc ghostscript).
set -eu
cd "$(dirname "$0")"
# HTML: pandoc's standalone page, then page furniture around the article, as saved pages have.
pandoc -s camp.md -o camp.pandoc.html
python3 - <<'PY'
s = open("camp.pandoc.html").read()
s = s.replace("<body>", """<body>
<nav class="site-nav"><a href="/">Home</a> <a href="/topics">Topics</a> <a href="/about">About us</a></nav>
<div class="cookie-notice">We use cookies to improve your experience. Accept all cookies</div>
<main>""", 1)
s = s.replace("</body>", """</main>
<aside class="related-posts"><h2>Related posts</h2><ul><li><a href="/x">Another story about something else</a></li></ul></aside>
<div class="share-buttons">Share on Twitter Share on Facebook</div>
<footer class="site-footer">Copyright 2024 Example Outlet. All rights reserved.</footer>
<script>document.write("script text never shown")</script>
</body>""", 1)
s = s.replace("<head>", """<head>
  <meta property="og:site_name" content="Example Outlet" />
  <meta property="article:published_time" content="2005-03-01" />""", 1)
open("camp.html", "w").write(s)
PY
rm camp.pandoc.html
# EPUB: pandoc (title page, chapters split at level-2 headings, endnotes in their own file).
pandoc camp.md -o camp.epub --split-level=2 2>/dev/null || pandoc camp.md -o camp.epub --epub-chapter-level=2
# PDF: PostScript written by make_ps.py, through Ghostscript.
python3 make_ps.py
ps2pdf camp.ps camp.pdf
ps2pdf scanned.ps scanned.pdf
rm camp.ps scanned.ps
# A real-world page shipped by Debian (libffi's manual, Expat licence).
cp /usr/share/doc/libffi8/html/Introduction.html libffi-introduction.html
