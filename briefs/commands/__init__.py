"""One module a subcommand: each has `register(subparsers)` that adds its parser and sets `run`.

The CLI stays thin: a command parses flags into an options object, calls one library function and
formats the result. Modules are imported only when their command runs, so `zhbrief summarize` does
not pay for the digest, mail or evaluation imports.
"""
