"""Write the pull request comment: the change summary, the preview link and how the checks went.

Run by .github/workflows/pull-request-comment.yml with the main branch's copy of this file. The
summary it reads was made by pull request code, so it is treated as text only: it is never run,
and it is cut to fit GitHub's limit of 65,536 characters for one comment. Python's standard
library only, so it runs without the project's virtual environment.

    python3 .github/scripts/change_summary_comment.py --out comment.md --commit SHA \\
        --run-url URL --conclusion success [--summary change-summary.md] \\
        [--preview-url URL | --fork] [--site-artifact-url URL] [--summary-artifact-url URL]
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

MARKER = "<!-- ordinarily-change-summary -->"
LIMIT = 65_536  # GitHub's most characters in one comment
MARGIN = 500  # room for anything GitHub counts differently


def compose(summary: str | None, *, commit: str, run_url: str, conclusion: str,
            preview_url: str = "", fork: bool = False, site_artifact_url: str = "",
            summary_artifact_url: str = "", site_built: bool = True,
            limit: int = LIMIT) -> str:
    """The comment's Markdown. `summary` is None when the summary could not be written."""
    short = commit[:7]
    head = [MARKER, "## What this pull request changes", ""]
    head.append("- " + _preview_line(preview_url, fork, site_artifact_url, site_built, run_url))
    if conclusion == "success":
        head.append(f"- **Checks:** all passed ([see the run]({run_url})).")
    else:
        head.append(f"- **Checks:** some did not pass. [See the run]({run_url}) for what to "
                    "fix.")
    head.append("")
    tail = ["", "---",
            f"<sub>Written for commit {short} by the pull request workflow. This comment is "
            "updated after every push.</sub>"]
    if summary is None:
        if site_built:
            body = ["The change summary could not be written for this commit. "
                    f"[See the run]({run_url}) for the reason."]
        else:
            body = ["The site did not build for this commit, so there is no change summary "
                    f"or preview yet. [See the run]({run_url}) for the reason."]
        return "\n".join(head + body + tail) + "\n"
    where = (f"[change-summary artifact]({summary_artifact_url})" if summary_artifact_url
             else "change-summary artifact")
    note = (f"**The change summary is too long for one comment, so it stops here.** The full "
            f"summary is in the {where} of [this run]({run_url}).")
    fixed = len("\n".join(head + tail)) + 2
    room = limit - MARGIN - fixed
    text = summary.strip("\n") or "Nothing that readers see has changed."
    if len(text) > room:
        keep = room - len(note) - 2
        cut = truncate(text, keep)
        while len(cut) + len(note) + 2 > room:  # the closing tags took more room
            keep -= len(cut) + len(note) + 2 - room + 100
            cut = truncate(text, keep)
        text = cut + "\n\n" + note
    return "\n".join(head) + "\n" + text + "\n" + "\n".join(tail) + "\n"


def _preview_line(preview_url: str, fork: bool, site_artifact_url: str, site_built: bool,
                  run_url: str) -> str:
    artifact = (f"the [site artifact]({site_artifact_url})" if site_artifact_url
                else f"the site artifact of [the run]({run_url})")
    if preview_url:
        return f"**Preview:** {preview_url}"
    if not site_built:
        return "**Preview:** none, because the site did not build."
    if fork:
        return ("**Preview:** this pull request comes from a fork, so its site is not published "
                f"on the council's address. To look at it, download {artifact}, unzip it, run "
                "`python3 -m http.server` in that folder and open http://localhost:8000/.")
    return f"**Preview:** not published this time. The built site is in {artifact}."


def truncate(text: str, room: int) -> str:
    """At most `room` characters of `text`, cut at a line end, with open code blocks and
    <details> sections closed so that the rest of the comment still shows as intended."""
    cut = text[:max(room, 0)]
    if "\n" in cut:
        cut = cut[:cut.rindex("\n")]
    closing = []
    if len(re.findall(r"^\s*(```|~~~)", cut, flags=re.MULTILINE)) % 2:
        closing.append("```")
    opened = len(re.findall(r"<details\b", cut, flags=re.IGNORECASE))
    closed = len(re.findall(r"</details>", cut, flags=re.IGNORECASE))
    closing.extend(["</details>"] * max(opened - closed, 0))
    return cut.rstrip() + ("\n\n" + "\n".join(closing) if closing else "")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--out", required=True, type=Path)
    p.add_argument("--summary", type=Path, help="change-summary.md, if it was written")
    p.add_argument("--commit", required=True)
    p.add_argument("--run-url", required=True)
    p.add_argument("--conclusion", required=True)
    p.add_argument("--preview-url", default="")
    p.add_argument("--fork", action="store_true")
    p.add_argument("--no-site", action="store_true", help="the site did not build")
    p.add_argument("--site-artifact-url", default="")
    p.add_argument("--summary-artifact-url", default="")
    args = p.parse_args(argv)
    summary = None
    if args.summary and args.summary.is_file():
        summary = args.summary.read_text("utf-8", errors="replace")
    body = compose(summary, commit=args.commit, run_url=args.run_url,
                   conclusion=args.conclusion, preview_url=args.preview_url, fork=args.fork,
                   site_artifact_url=args.site_artifact_url,
                   summary_artifact_url=args.summary_artifact_url, site_built=not args.no_site)
    args.out.write_text(body, "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
