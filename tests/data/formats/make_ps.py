#!/usr/bin/env python3
"""Writes camp.ps: the paragraphs of camp.md typeset as a two-page report, with a running
header, page numbers, a word hyphenated across a line end and across the page break, and the
document information (Title, Author) set through pdfmark. ps2pdf turns it into camp.pdf.
Also writes scanned.ps: a page with drawing only (no text layer)."""

TITLE = "Iranian oppositionists in Iraq face up to a troubled future"
AUTHOR = "Mahan Abedin"
LINES = [
    # one list per page; "" = paragraph gap, "#" a heading, "%" an endnote
    [
        "As the new Iraqi government slowly forms and assumes limited power in",
        "Baghdad, one issue it will have to address is the fate of more than 3,000",
        "formerly armed Iranians in a camp northeast of Baghdad.",
        "",
        "The Mujahideen-e-Khalq (MEK), the main exiled opposition to the Iranian",
        "government, was one of the casualties of the 2003 invasion of Iraq and the",
        "subsequent downfall of Saddam Hussein. It is increasingly evident that the organi-",
        "sation does not have a future inside Iraq, and sooner or later it will",
        "have to relinquish the substantial chunk of Iraqi real estate (in the form of",
        "its Ashraf complex northeast of Baghdad) that it has held for the past two",
        "decades.",
        "",
        "#Origins and history",
        "The MEK emerged in the mid-1960s as a splinter faction from the Liberation",
        "Movement of Iran, a nationalist/liberal party. The organisation",
        "enthusiastically welcomed the 1979 Islamic Revolution and was even more enthusiastic",
        "about the seizure of the US embassy later that year.1 From 1981-83 the MEK",
        "prosecuted a serious campaign of violence against the Islamic",
    ],
    [
        "Republic. By late 1983 the MEK network had been completely eliminated",
        "inside Iran. Always a perplexing group, the MEK promoted an ideology based",
        "on Marxism, Maoism and liberation Shia theology.",
        "",
        "#The camp",
        "Given the cohesiveness and determination of this group, it would be wrong",
        "to assume that expulsion from Iraq will lead to immediate dissolution.2",
        "",
        "",
        "%1 Mojahed Journal, Issue No. 10, 1979.",
        "%2 Ibid.",
    ],
]


def esc(s):
    return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def report():
    out = ["%!PS-Adobe-3.0", "%%Pages: 2",
           f"[ /Title ({esc(TITLE)}) /Author ({esc(AUTHOR)}) /DOCINFO pdfmark"]
    for n, lines in enumerate(LINES, 1):
        out.append(f"%%Page: {n} {n}")
        out.append("/Times-Italic findfont 9 scalefont setfont")
        out.append(f"72 760 moveto ({esc('MEK report - ' + TITLE)}) show")
        out.append("/Times-Roman findfont 11 scalefont setfont")
        y = 720
        if n == 1:
            out.append("/Times-Bold findfont 16 scalefont setfont")
            out.append(f"72 {y} moveto ({esc(TITLE)}) show")
            out.append("/Times-Roman findfont 11 scalefont setfont")
            y -= 20
            out.append(f"72 {y} moveto (By {esc(AUTHOR)}) show")
            y -= 30
        for line in lines:
            if line == "":
                y -= 10
                continue
            if line.startswith("#"):
                y -= 6
                out.append("/Times-Bold findfont 12 scalefont setfont")
                out.append(f"72 {y} moveto ({esc(line[1:])}) show")
                out.append("/Times-Roman findfont 11 scalefont setfont")
                y -= 22
                continue
            if line.startswith("%"):
                out.append("/Times-Roman findfont 9 scalefont setfont")
                out.append(f"72 {y} moveto ({esc(line[1:])}) show")
                y -= 16
                continue
            out.append(f"72 {y} moveto ({esc(line)}) show")
            y -= 14
        out.append(f"300 40 moveto ({n}) show")
        out.append("showpage")
    out.append("%%EOF")
    return "\n".join(out) + "\n"


def scanned():
    return "\n".join([
        "%!PS-Adobe-3.0", "%%Pages: 1", "%%Page: 1 1",
        "newpath 72 72 moveto 500 700 lineto 2 setlinewidth stroke",
        "0.5 setgray 100 100 300 400 rectfill",
        "showpage", "%%EOF"]) + "\n"


with open("camp.ps", "w") as f:
    f.write(report())
with open("scanned.ps", "w") as f:
    f.write(scanned())
