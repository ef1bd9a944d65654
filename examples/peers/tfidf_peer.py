#!/usr/bin/env python3
"""The peer synoptic's headless align is measured against (docs/performance.md).

A plain scikit-learn TF-IDF: every .txt file below the given folders is one document, its
blank-line separated paragraphs are passages, and for every passage it writes the best K
passages of each other document by cosine, as JSON shaped like `synoptic align --json`
({"documents", "passages", "matches"}). Usage:

    python3 examples/peers/tfidf_peer.py [--top K] [--max-passage BYTES] FOLDER... > out.json

With `--max-passage 1200` it cuts paragraphs longer than that at sentence ends into pieces
of similar size, as synoptic does (src/align/passages.rs), so both write matches for the same
passages; without it a paragraph is one passage, however long.

Needs scikit-learn (pip install scikit-learn). Not part of the product or its tests.
"""
import json
import os
import re
import sys

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer


SENTENCE_END = re.compile(r"""[.!?]["')\]\u201d\u2019\u00bb]*\s+""")


def split_paragraph(text, cap):
    """synoptic's split_paragraph: pieces of similar size cut at sentence starts."""
    raw = text.encode("utf-8")
    if cap <= 0 or len(raw) <= cap:
        return [text]
    pieces = -(-len(raw) // cap)
    target = len(raw) // pieces
    out, start = [], 0
    for m in SENTENCE_END.finditer(text):
        b = m.end()
        if b >= len(text) or (m.group(0)[0] == "." and text[b].islower()):
            continue
        lb, ls = len(text[:b].encode("utf-8")), len(text[:start].encode("utf-8"))
        if lb - ls >= target and len(raw) - lb >= target // 3 and len(out) + 1 < pieces * 2:
            out.append(text[start:b].strip())
            start = b
    out.append(text[start:].strip())
    return out


def passages_of(paths, cap=0):
    docs, passages = [], []
    for root in paths:
        files = []
        for d, _, names in os.walk(root):
            files += [os.path.join(d, n) for n in names if n.endswith(".txt")]
        for path in sorted(files):
            text = open(path, encoding="utf-8", errors="replace").read()
            doc = len(docs)
            docs.append({"id": os.path.splitext(os.path.basename(path))[0], "source": path})
            for para in re.split(r"\n\s*\n", text):
                para = " ".join(para.split())
                if len(para) > 40:
                    passages += [(doc, piece) for piece in split_paragraph(para, cap)]
    return docs, passages


def main():
    args = sys.argv[1:]
    top = 3
    if args[:1] == ["--top"]:
        top, args = int(args[1]), args[2:]
    cap = 0
    if args[:1] == ["--max-passage"]:
        cap, args = int(args[1]), args[2:]
    docs, passages = passages_of(args, cap)
    owner = np.array([d for d, _ in passages])
    matrix = TfidfVectorizer(stop_words="english", sublinear_tf=False).fit_transform(
        [p for _, p in passages]
    )
    out = sys.stdout
    out.write('{"documents":')
    json.dump(docs, out)
    out.write(',"passages":')
    json.dump([{"id": i, "doc": docs[d]["id"], "text": t} for i, (d, t) in enumerate(passages)], out)
    out.write(',"matches":[')
    first = True
    spans = [np.flatnonzero(owner == d) for d in range(len(docs))]
    chunk = 256
    for start in range(0, len(passages), chunk):
        sims = (matrix[start : start + chunk] @ matrix.T).toarray()
        for row, i in enumerate(range(start, min(start + chunk, len(passages)))):
            for d, idx in enumerate(spans):
                if d == owner[i] or len(idx) == 0:
                    continue
                s = sims[row, idx]
                k = min(top, len(idx))
                best = idx[np.argpartition(-s, k - 1)[:k]] if k < len(idx) else idx
                best = best[np.argsort(-sims[row, best], kind="stable")]
                for j in best:
                    if sims[row, j] <= 0:
                        continue
                    out.write(("" if first else ",") + '{"from":%d,"to":%d,"score":%.4f}' % (i, j, sims[row, j]))
                    first = False
    out.write("]}\n")


if __name__ == "__main__":
    main()
