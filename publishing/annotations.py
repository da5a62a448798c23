"""A strict build's problems where a pull request's writer works: one GitHub annotation per
problem, on its file and line, and a summary in plain words for the pull request.

The build prints each problem as `path:line: [warning: ]message (how to fix) [kind]` (see
plugins/clinic/problems.py); `run_annotated` runs the check, passes its output through, reads
those lines back and adds the annotations and the summary. Everything else here is pure.

GitHub shows at most 10 error and 10 warning annotations of a step on the files; every
problem is printed as one all the same, and the summary lists them all.
"""

import secrets
import string
import subprocess
import sys

from plugins.clinic.problems import parse_problem, plural, summary

# GitHub Actions' workflow commands: `::error file=PATH,line=N,title=KIND::message`. The
# runner reads one command per line, so the data escapes %, CR and LF; a property value
# also escapes ':' and ',', which end a property (the escaping of @actions/core's command.ts).
DATA_ESCAPES = {"%": "%25", "\r": "%0D", "\n": "%0A"}
PROPERTY_ESCAPES = {**DATA_ESCAPES, ":": "%3A", ",": "%2C"}
# Where the summary goes besides the step's own: a file a later step posts as a comment.
SUMMARY_VARIABLE = "CLINIC_CHECK_SUMMARY"
# Problems listed per level, at most: a pull-request comment holds 65,536 characters.
LISTED_AT_MOST = 100
LISTED_CHARACTERS = 30_000


def escaped(text, escapes):
    # One pass, so the '%' an escape adds is never escaped again.
    return "".join(escapes.get(character, character) for character in text)


def escape_data(text):
    """Return `text` as a workflow command's message: one line, read back unchanged."""
    return escaped(text, DATA_ESCAPES)


def escape_property(text):
    """Return `text` as a workflow command's property value (file, title)."""
    return escaped(text, PROPERTY_ESCAPES)


def is_repository_path(path):
    """Whether GitHub can place an annotation on `path`: relative, inside the repository."""
    return not (path.startswith("/") or ".." in path.split("/") or "\\" in path)


def annotation(problem):
    """Return the workflow command that marks `problem` on its file and line."""
    command = "warning" if problem.severity == "warning" else "error"
    properties, message = [], problem.message
    if is_repository_path(problem.path):
        properties += [f"file={escape_property(problem.path)}", f"line={max(problem.line, 1)}"]
    else:
        message = f"{problem.path}:{problem.line}: {message}"
    if problem.kind:
        properties.append(f"title={escape_property(problem.kind)}")
    listed_properties = f" {','.join(properties)}" if properties else ""
    return f"::{command}{listed_properties}::{escape_data(message)}"


def annotations(problems):
    """Return one workflow command per problem, in the report's order (by file and line)."""
    return [annotation(problem) for problem in sorted(set(problems))]


def failure_annotation(reason):
    """Return the workflow command for a check that stopped on something else than content."""
    return f"::error title={escape_property('check failed')}::{escape_data(reason)}"


def markdown_text(text):
    """Return `text` as Markdown that shows exactly `text`: every ASCII punctuation escaped."""
    flat = " ".join(text.splitlines())
    return "".join(f"\\{c}" if c in string.punctuation else c for c in flat)


def listed(problems):
    """Return Markdown lines listing `problems` under their files, in the report's order;
    what would make a comment too long is counted, not listed."""
    lines, current, shown = [], None, 0
    for problem in problems[:LISTED_AT_MOST]:
        item = [f"**{markdown_text(problem.path)}**"] if problem.path != current else []
        item.append(f"- line {problem.line}: {markdown_text(problem.message)}")
        if sum(map(len, lines + item)) > LISTED_CHARACTERS:
            break
        if problem.path != current:
            current = problem.path
            lines += ["", item[0], ""]
        lines.append(item[-1])
        shown += 1
    if shown < len(problems):
        more = plural(len(problems) - shown, "more problem")
        lines += ["", f"…and {more}: the check's log lists every one."]
    return lines


def step_summary(problems, failure=""):
    """Return the summary in plain words (Markdown) of a check that found `problems`.

    `failure`: why the check stopped, when it stopped on something other than the content.
    """
    unique = sorted(set(problems))
    errors = [problem for problem in unique if problem.severity != "warning"]
    warnings = [problem for problem in unique if problem.severity == "warning"]
    if errors:
        title = f"{plural(len(errors), 'problem')} to fix before this can be published"
    elif failure:
        title = "the check could not finish"
    elif warnings:
        title = f"passed, with {plural(len(warnings), 'note')} worth a look"
    else:
        title = "passed"
    lines = [f"## Site check: {title}", ""]
    if failure:
        lines += [
            f"The check stopped: {markdown_text(failure)}",
            "",
            "If that names no file you changed, it is not a mistake in your writing: ask the "
            "site's developer to look at the check's log (Details, next to the check).",
            "",
        ]
    if unique:
        lines.append(
            "Each problem is also marked on its line in the pull request's **Files changed** "
            "tab. Fix it in the editor (or the file), save, and the check runs again."
        )
    elif not failure:
        lines.append("No problems: once it is approved, this change can be published.")
    if errors:
        lines += ["", "### Must be fixed", *listed(errors)]
    if warnings:
        lines += ["", "### Worth a look (these do not stop publishing)", *listed(warnings)]
    if unique:
        lines += ["", f"_{markdown_text(summary(unique))}_"]
    return "\n".join(lines).rstrip("\n") + "\n"


# How the clinic plugin says Pelican stopped on an error of its own (a broken template).
STOPPED = "clinic: build failed: "


def failure_of(lines, status, problems):
    """Return why a check stopped when the content's problems do not say it, else ""."""
    stopped = [line.removeprefix(STOPPED) for line in lines if line.startswith(STOPPED)]
    if stopped:
        return stopped[-1]
    if status == 0 or any(problem.severity != "warning" for problem in problems):
        return ""
    # Nothing of the content named: the last words of the check say why it stopped.
    last = next((line.strip() for line in reversed(lines) if line.strip()), "")
    return last or f"the check exited with status {status}"


def report(lines, status):
    """Return (workflow commands, summary) for a check that printed `lines` and exited `status`."""
    problems = [problem for problem in map(parse_problem, lines) if problem is not None]
    failure = failure_of(lines, status, problems)
    commands = annotations(problems) + ([failure_annotation(failure)] if failure else [])
    return commands, step_summary(problems, failure)


def run_annotated(command, env):
    """Run `command`, passing its output through; then print an annotation per problem it
    printed and write the summary to the step summary. Return the command's exit status.

    On GitHub Actions the command's lines hold what a pull request wrote (a file name, a
    value), so they pass with workflow commands turned off: a line of the content that reads
    `::error ...` or `::add-mask::...` stays text. They go to stdout, the stream the runner
    reads the commands from, so they keep their place between the off and on switches.
    """
    switch = secrets.token_hex(16) if env.get("GITHUB_ACTIONS") == "true" else ""
    if switch:
        print(f"::stop-commands::{switch}", flush=True)
    process = subprocess.Popen(
        command,
        env={**env, "PYTHONIOENCODING": "utf-8"},  # file names as written, whatever the locale
        stderr=subprocess.PIPE,
        encoding="utf-8",
        errors="replace",
    )
    printed = []
    for line in process.stderr:
        sys.stdout.write(line)
        sys.stdout.flush()
        printed.append(line.rstrip("\n"))
    status = process.wait()
    if switch:
        print(f"::{switch}::", flush=True)
    commands, markdown = report(printed, status)
    for line in commands:
        print(line, flush=True)
    for variable in ("GITHUB_STEP_SUMMARY", SUMMARY_VARIABLE):
        if env.get(variable):
            with open(env[variable], "a", encoding="utf-8") as file:
                file.write(markdown)
    return status
