/**
 * The Python modules the sandbox's Pyodide has without installing anything:
 * the top-level modules of its `python_stdlib.zip` and its built-in modules
 * (`sys.builtin_module_names`), read from the pyodide package (314.0.7,
 * Python 3.14) that scripts/build/runner-assets.mjs copies. The sandbox
 * ships no other package (lib/runner/README.md, "Runtimes"), so a plan step
 * that imports anything else cannot be checked there.
 */
const MODULES = `
abc annotationlib argparse array ast asyncio atexit base64 bdb binascii bisect builtins bz2
cProfile calendar cmath cmd code codecs codeop collections colorsys compileall compression
concurrent configparser contextlib contextvars copy copyreg csv ctypes dataclasses datetime decimal
difflib dis doctest email encodings enum errno faulthandler fcntl filecmp fileinput fnmatch
fractions ftplib functools gc genericpath getopt getpass gettext glob graphlib gzip hashlib heapq
hmac html http imaplib importlib inspect io ipaddress itertools json keyword linecache locale
logging lzma mailbox marshal math mimetypes mmap modulefinder multiprocessing netrc ntpath
nturl2path numbers opcode operator optparse os pathlib pdb pickle pickletools pkgutil platform
plistlib poplib posix posixpath pprint profile pstats pty py_compile pyclbr pydoc pyexpat queue
quopri random re reprlib rlcompleter runpy sched secrets select selectors shelve shlex shutil
signal site smtplib socket socketserver sqlite3 sre_compile sre_constants sre_parse ssl stat
statistics string stringprep struct subprocess symtable sys sysconfig tabnanny tarfile tempfile
termios textwrap threading time timeit token tokenize tomllib trace traceback tracemalloc tty types
typing unicodedata unittest urllib uuid warnings wave weakref webbrowser wsgiref xml xmlrpc zipapp
zipfile zipimport zlib zoneinfo
`;

/**
 * The modules a Python program can import in the sandbox: the standard
 * library, and `pytest`, which the test harness stands in for
 * (lib/runner/python/run.py).
 */
export const PYTHON_SANDBOX_MODULES: ReadonlySet<string> = new Set([...MODULES.split(/\s+/).filter(Boolean), 'pytest']);
