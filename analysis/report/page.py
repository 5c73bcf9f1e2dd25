"""HTML building blocks and the page. Everything is inline: styles here, figures as base64 PNG;
the page loads nothing from anywhere."""
import html
from dataclasses import dataclass, field

esc = html.escape


@dataclass
class Figure:
    id: str
    title: str
    caption: str
    png_base64: str

    def html(self):
        return (f'<figure id="{esc(self.id)}"><img alt="{esc(self.title)}" src="data:image/png;base64,{self.png_base64}">'
                f"<figcaption><b>{esc(self.title)}.</b> {self.caption}</figcaption></figure>")


@dataclass
class Folded:
    """Parts shown only when the reader opens them (<details>): what follows the findings that matter."""
    summary: str
    parts: list = field(default_factory=list)

    def add(self, part):
        if part is not None:
            self.parts.append(part)
        return self

    def html(self):
        body = "\n".join(x if isinstance(x, str) else x.html() for x in self.parts)
        return f"<details><summary>{esc(self.summary)}</summary>\n{body}\n</details>"


@dataclass
class Section:
    id: str
    title: str
    parts: list = field(default_factory=list)  # HTML strings or Figures

    def add(self, part):
        if part is not None:
            self.parts.append(part)
        return self

    def html(self):
        body = "\n".join(p if isinstance(p, str) else p.html() for p in self.parts)
        return f'<section id="{esc(self.id)}">\n<h2>{esc(self.title)}</h2>\n{body}\n</section>'

    def figures(self):
        return ([p for p in self.parts if isinstance(p, Figure)]
                + [f for p in self.parts if isinstance(p, Folded) for f in p.parts if isinstance(f, Figure)])


def p(text_html):
    return f"<p>{text_html}</p>"


def ul(items_html):
    return "<ul>" + "".join(f"<li>{i}</li>" for i in items_html) + "</ul>"


def note(text_html):
    return f'<p class="note">{text_html}</p>'


def table(headers, rows, cls=""):
    head = "".join(f"<th>{esc(str(h))}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f'<div class="tablewrap"><table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'


def details(summary, inner_html):
    return f"<details><summary>{esc(summary)}</summary>{inner_html}</details>"


STYLE = """
body { font-family: "DejaVu Sans", Arial, sans-serif; max-width: 1100px; margin: 0 auto; padding: 1em 2em;
       color: #222; line-height: 1.45; background: #fff; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { font-size: 1.25em; border-bottom: 2px solid #1f77b4; padding-bottom: 0.2em; margin-top: 2em; }
.subtitle { color: #555; margin-top: 0; }
nav { background: #f4f6f8; padding: 0.5em 1em; border-radius: 4px; font-size: 0.9em; }
nav a { margin-right: 1em; }
figure { margin: 1.2em 0; }
figure img { max-width: 100%; height: auto; display: block; }
figcaption { font-size: 0.88em; color: #444; margin-top: 0.3em; }
table { border-collapse: collapse; font-size: 0.88em; margin: 0.6em 0; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.5em; text-align: left; vertical-align: top; }
th { background: #eef2f5; }
td.num, th.num { text-align: right; }
.tablewrap { overflow-x: auto; }
.note { font-size: 0.88em; color: #555; }
.claim { background: #fff6e0; }
.summary { background: #f4f8fb; border-left: 4px solid #1f77b4; padding: 0.5em 1em; }
pre { background: #f6f6f6; padding: 0.6em; overflow-x: auto; font-size: 0.8em; max-height: 40em; }
"""


def render(title, subtitle, sections, footer_html="", lang="en"):
    nav = "".join(f'<a href="#{esc(s.id)}">{esc(s.title)}</a>' for s in sections)
    body = "\n".join(s.html() for s in sections)
    return f"""<!DOCTYPE html>
<html lang="{esc(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}</title>
<style>{STYLE}</style>
</head>
<body>
<h1>{esc(title)}</h1>
<p class="subtitle">{subtitle}</p>
<nav>{nav}</nav>
{body}
<footer class="note">{footer_html}</footer>
</body>
</html>
"""
