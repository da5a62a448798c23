"""Turn a build's log into problems a writer can act on, as `path:line: message`. Pure."""

import re

# Already in the project's form (the plugin and the site checks print problems this way),
# perhaps behind the level the build gave it; and the build's own closing error.
LOCATED = re.compile(r"^(?:(?:warning|error): )?[^\s:][^:]*:\d+: .+$")
BUILD_ERROR = re.compile(r"^error: .+$")
# One record of Pelican's log: "[12:00:00] WARNING  message   module.py:123".
RECORD = re.compile(
    r"^(?:\[[\d:]+\])?\s*(?P<level>WARNING|ERROR|CRITICAL)\s+(?P<message>.*?)(?:\s+[\w.]+\.py:\d+)?\s*$"
)
# Pelican's own notes that the plugin already reports better (with a line), and the verdict
# of a failed build, which the preview gives in its own words.
REPEATS = re.compile(r"Empty alt attribute for image|the problems are listed above;")
# The clinic plugin's count: `clinic: 3 problems in 2 files: 1 error, 2 warnings`.
COUNT = re.compile(r"^clinic: \d+ problems? in \d+ files?: .*$")
# A frame of a template error's traceback: the template and line the writer must fix.
TEMPLATE_FRAME = re.compile(r'File "(?P<path>[^"]+\.html)", line (?P<line>\d+)')


def relative(text, root):
    """Write paths under the project's root relative to it, as writers see them."""
    return text.replace(str(root).rstrip("/") + "/", "")


def problems_from_log(log, root):
    """Return (the problems a build's log reports, in order, each once; its count line)."""
    frames = TEMPLATE_FRAME.findall(log)
    template = f"{frames[-1][0]}:{frames[-1][1]}" if frames else "build"
    problems, count = [], ""
    for line in log.splitlines():
        line = line.strip()
        if REPEATS.search(line):
            continue
        if COUNT.match(line):
            count = line
            continue
        if LOCATED.match(line) or BUILD_ERROR.match(line):
            problems.append(line)
        elif record := RECORD.match(line):
            level, message = record["level"], record["message"]
            if LOCATED.match(message):
                problems.append(message)  # the plugin located it already
                continue
            # A crash names no content file; the innermost template frame is what to fix.
            where = template if level == "CRITICAL" else level.lower()
            problems.append(f"{where}: {message}")
    return list(dict.fromkeys(relative(problem, root) for problem in problems)), count
