"""`sevenminute init FOLDER`: asks on a terminal for what it is not given as a flag; with
--no-input (or without a terminal) every missing answer is an error, all named in one run."""

from __future__ import annotations

import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import click

from sevenminute.editors.site_init import OPTIONAL, QUESTIONS, Answers, InitError, check, write_site


def _requirement() -> str:
    try:
        return f"sevenminute[gates]=={version('sevenminute')}"
    except PackageNotFoundError:  # pragma: no cover - always installed as a package
        return "sevenminute[gates]"


@click.command()
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
@click.option("--name", help=QUESTIONS["name"])
@click.option("--short-name", help=QUESTIONS["short_name"])
@click.option("--site-url", help=QUESTIONS["site_url"])
@click.option("--website", help=QUESTIONS["website"])
@click.option("--referral-phone", help=QUESTIONS["referral_phone"])
@click.option("--email", help=QUESTIONS["email"])
@click.option("--audience", type=click.Choice(["children", "adults", "all"]), help=QUESTIONS["audience"])
@click.option("--colour", help=QUESTIONS["colour"])
@click.option("--logo", help=QUESTIONS["logo"])
@click.option("--repository", help=QUESTIONS["repository"])
@click.option("--requirement", help="The toolkit requirement requirements.txt pins (default: this "
              "version, for example sevenminute[gates]==0.2.0; or a tag: sevenminute[gates] @ "
              "git+https://github.com/OWNER/NAME@v0.2.0)")
@click.option("--no-input", is_flag=True, help="Never ask: fail, naming each missing answer")
def init(folder: Path, requirement: str | None, no_input: bool, **given: str | None) -> None:
    """Make a partnership's site repository in FOLDER: settings, contacts, pages, workflow, lock."""
    answers = dict(given)
    asking = not no_input and sys.stdin.isatty()
    while True:
        if asking:
            for key, question in QUESTIONS.items():
                if not answers.get(key) and (key not in OPTIONAL or answers.get(key) is None):
                    answers[key] = click.prompt(question, default="" if key in OPTIONAL else None,
                                                show_default=False).strip()
        problems = check(answers)
        if not problems:
            break
        if not asking:
            how = "" if no_input else " (not a terminal: nothing can be asked)"
            raise click.UsageError(f"cannot make the site{how}:\n  " + "\n  ".join(problems)
                                   + "\ngive each as a flag (`sevenminute init --help` lists them)")
        click.echo("Please correct:\n  " + "\n  ".join(problems), err=True)
        for problem in problems:  # ask again only what was wrong
            answers[problem.split(":", 1)[0].removeprefix("--").replace("-", "_")] = ""
    v = {k: (answers.get(k) or "").strip() for k in QUESTIONS}
    try:
        written = write_site(folder, Answers(
            name=v["name"], short_name=v["short_name"], site_url=v["site_url"], website=v["website"],
            referral_phone=v["referral_phone"], email=v["email"], audience=v["audience"],
            colour=v["colour"], logo=Path(v["logo"]) if v["logo"] else None, repository=v["repository"],
        ), requirement or _requirement())
    except InitError as error:
        raise click.UsageError(str(error)) from None
    click.echo(f"made {folder} ({len(written)} files):")
    for path in written:
        click.echo(f"  {path}")
    click.echo(f"next: cd {folder} && git init && make site")
