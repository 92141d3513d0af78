# Part of the sandbox's Python test harness: ../python-harness.ts joins the parts in order and runs
# them as one source in the first interpreter, so the names an earlier part defines are in scope here.
# This part: the words the harness prints about outcomes.

# ------------------------------------------------------------------ words (output only: no outcome depends on them)

def _err(text):
    _STDERR.write(text)


def _out(text):
    _STDOUT.write(text)


def _workspace_path(filename):
    """The workspace-relative path of a file of the run (a multi-file program's module), or None."""
    if filename in _USER_FILES:
        return filename
    root = _RUN_ROOT[0]
    if root and isinstance(filename, str) and filename.startswith(root + '/'):
        return filename[len(root) + 1:]
    return None


def _user_tb(tb):
    while tb is not None and _workspace_path(tb.tb_frame.f_code.co_filename) is None:
        tb = tb.tb_next
    return tb


def _format_exc(e):
    lines = _traceback.format_exception(type(e), e, _user_tb(e.__traceback__))
    text = ''.join(lines)
    root = _RUN_ROOT[0]
    if root:
        text = text.replace('File "' + root + '/', 'File "')
    if isinstance(e, ModuleNotFoundError) and e.name and e.name.split('.')[0] in _SHIPPED_PACKAGES:
        text += ("Note: Codelumi runs Python offline with the standard library only; "
                 "the package '" + e.name.split('.')[0] + "' is not available in the sandbox.\n")
    elif root and isinstance(e, ModuleNotFoundError) and e.name:
        top = e.name.split('.')[0]
        text += ("Note: no module '" + e.name + "' is among the program's files (" + top + ".py or a folder " + top
                 + "/), and packages are not available in the sandbox.\n")
    return text


def _where(e):
    """(workspace path, line) of the innermost frame of e in the run's own files, or (None, None).

    A SyntaxError in a module the program imports is located in that module's source."""
    if isinstance(e, SyntaxError) and e.filename:
        path = _workspace_path(e.filename)
        if path is not None:
            return path, e.lineno
    tb = e.__traceback__
    found = (None, None)
    while tb is not None:
        path = _workspace_path(tb.tb_frame.f_code.co_filename)
        if path is not None:
            found = (path, tb.tb_lineno)
        tb = tb.tb_next
    return found


def _location(e, filename):
    tb = e.__traceback__
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _describe(e):
    msg = str(e)
    return type(e).__name__ + (': ' + msg if msg else '')


def _indent(text):
    return ''.join('    ' + l + '\n' for l in text.rstrip('\n').split('\n'))


class _Words:
    """What the rewritten asserts and test calls print, after their outcome has gone to JavaScript."""

    def false(self, line, filename, src, msg):
        try:
            m = msg()
        except Exception as e:
            m = '(the assert message raised ' + _describe(e) + ')'
        _err('✗ ' + filename + ', line ' + str(line) + ': ' + src + '\n    AssertionError' + (': ' + str(m) if m is not None else '') + '\n')

    def raised(self, line, filename, src, e):
        _err('✗ ' + filename + ', line ' + str(line) + ': ' + src + '\n    ' + _describe(e) + '\n')

    def test_passed(self, name):
        _out('✓ ' + name + '\n')

    def test_failed(self, name, e):
        _err('✗ ' + name + '\n' + _indent(_format_exc(e)))

    def test_async(self, name):
        _err('✗ ' + name + '\n    TypeError: async test functions are not supported\n')


