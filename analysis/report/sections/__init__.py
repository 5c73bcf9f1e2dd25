"""One module per report section. Each `build(results)` returns a page.Section, or None when the
file lacks what the section needs (the section is then left out)."""
