"""The accessibility statement and privacy notice: written from ordinarily.yml, in the
structure of the government's sample statement, and linked from every page's footer."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from conftest import ordinarily

SAMPLE_SECTIONS = [  # the government's sample accessibility statement, in order
    "How accessible this website is",
    "Information in another format",
    "Reporting accessibility problems",
    "Enforcement procedure",
    "Technical information about this website's accessibility",
    "Compliance status",
    "What we are doing to improve accessibility",
    "Preparation of this accessibility statement",
]


def text_of(page: Path) -> str:
    html = page.read_text(encoding="utf-8")
    return html[html.index("<article"):html.index("</article>")]


def test_statement_from_settings(site: Path) -> None:
    html = text_of(site / "accessibility/index.html")
    headings = re.findall(r"<h2[^>]*>(.*?)<", html) + re.findall(r"<h3[^>]*>(.*?)<", html)
    assert [h for h in SAMPLE_SECTIONS if h in headings] == SAMPLE_SECTIONS
    positions = [html.index(h) for h in SAMPLE_SECTIONS]
    assert positions == sorted(positions)
    assert "Anytown Council runs this website" in html
    assert 'href="mailto:send.team@anytown.example.org.uk"' in html
    assert "We will reply within 10 working days." in html
    assert "This website is fully compliant with the" in html
    assert "This statement was prepared on 1 September 2026. It was last reviewed on " \
           "1 November 2026." in html
    assert "This website was last tested on 1 November 2026 against the WCAG 2.2 AA standard, " \
           "by Anytown Council&#39;s digital team" in html
    assert "Equality Advisory and Support Service" in html


def test_privacy_notice_says_nothing_is_stored_or_sent(site: Path) -> None:
    html = text_of(site / "privacy/index.html")
    assert "does not use cookies, does not track you" in html
    assert "It keeps nothing on your device unless you ask it to" in html
    assert "The quick needs checker</strong> works entirely in your browser" in html
    assert "finder</strong> searches a copy of the directory" in html
    assert "This website is served by GitHub Pages" in html
    assert 'href="mailto:data.protection@anytown.example.org.uk"' in html


def test_privacy_notice_explains_the_opt_in_and_deleting(site: Path) -> None:
    """One place says what the shortlist keeps, only after "Keep it", and how to delete it,
    with the same button as the list page (docs/architecture.md: keeping things on the
    device)."""
    html = text_of(site / "privacy/index.html")
    assert "Keeping things on your device" in html
    assert "Keep my list on this device?" in html
    assert 'If you choose "Keep it", the services you saved are kept' in html
    assert "until you agree nothing is written to your browser" in html
    assert "It is never sent to Anytown Council" in html
    assert re.search(r"<button[^>]*data-ord-forget[^>]*>Delete everything from this device"
                     r"</button>", html)


def test_privacy_notice_explains_support_plan_drafts(site: Path) -> None:
    """Anytown has plans/: the notice says a plan is written in the browser, what is kept
    after "Keep it" and that a draft can describe a child (initials, not names)."""
    html = text_of(site / "privacy/index.html")
    assert "Support plans</strong> are written entirely in your browser" in html
    assert "Keep my plan on this device?" in html
    assert "use initials rather than names" in html
    assert "the support plan drafts, picked strategies and last review you chose to keep" in html


def test_every_page_links_to_both_from_its_footer(site: Path) -> None:
    # /admin/ is the web forms' own interface (Decap CMS), outside the public site
    pages = [p for p in site.rglob("index.html") if not {"api", "admin"} & set(p.parts)]
    assert len(pages) > 100
    for page in pages:
        html = page.read_text(encoding="utf-8")
        here = page.parent.relative_to(site).as_posix()
        footer = html[html.index('class="ord-footer__links"'):]
        for label, target in (("Accessibility statement", "accessibility"),
                               ("Privacy", "privacy")):
            href = re.search(rf'<a href="([^"]*)">{label}</a>', footer)
            assert href, f"{page}: no {label} link"
            assert posixpath.normpath(posixpath.join(here, href.group(1))) == target, page


def set_settings(project: Path, old: str, new: str) -> None:
    settings = project / "ordinarily.yml"
    text = settings.read_text(encoding="utf-8")
    assert old in text
    settings.write_text(text.replace(old, new), encoding="utf-8")


def test_known_problems_and_partial_compliance(project: Path, tmp_path: Path) -> None:
    set_settings(project, "  compliance: full\n", """  compliance: partial
  known_issues:
    - problem: Some maps of Family Hub areas have no text description.
      criterion: 1.1.1 Non-text content
      plan: We are writing a description of each area.
      fix_by: 2027-03-31
  out_of_scope:
    - PDF leaflets published before 23 September 2018 that are no longer needed for services.
""")
    result = ordinarily("generate", "--out", str(tmp_path / "out"), str(project))
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "out/docs/accessibility.md").read_text(encoding="utf-8")
    assert "partially compliant" in page
    assert "Some maps of Family Hub areas have no text description. This fails WCAG 2.2 " \
           "success criterion 1.1.1 Non-text content. We are writing a description of each " \
           "area. We plan to fix this by 31 March 2027." in page
    assert "PDF leaflets published before 23 September 2018" in page
    assert "We do not know of any part" not in page


def test_without_the_local_offer_the_notice_leaves_the_finder_out(project: Path,
                                                                   tmp_path: Path) -> None:
    set_settings(project, "  local_offer: true", "  local_offer: false")
    result = ordinarily("generate", "--out", str(tmp_path / "out"), str(project))
    assert result.returncode == 0, result.stderr
    assert "Local Offer finder" not in (tmp_path / "out/docs/privacy.md").read_text("utf-8")
    assert "saved services" not in (tmp_path / "out/docs/privacy.md").read_text("utf-8")
    assert not (tmp_path / "out/docs/local-offer/my-list.md").exists()
    assert "quick needs checker" in (tmp_path / "out/docs/privacy.md").read_text("utf-8")


def test_a_wrong_compliance_value_is_a_clear_error(project: Path) -> None:
    set_settings(project, "  compliance: full\n", "  compliance: mostly\n")
    result = ordinarily("validate", str(project))
    assert result.returncode == 1
    assert re.search(r"ordinarily\.yml:\d+: .*compliance", result.stderr), result.stderr
    assert "Traceback" not in result.stderr
