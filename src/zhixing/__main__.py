"""`python -m zhixing <command>`: Django's management commands, with the project's own names.

`python -m zhixing seed-demo` and `python -m zhixing audit verify` are the documented spellings;
dashes are accepted for every command name.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhixing.settings.base")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv)
    argv[0] = "python -m zhixing"
    if len(argv) > 1:
        argv[1] = argv[1].replace("-", "_")
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
